"""Emitters: one interface, several formats. ``render(reports, fmt)`` returns text."""

from __future__ import annotations

from pausecheck.report.json_report import SCHEMA, report_to_dict, to_json
from pausecheck.report.sarif import to_sarif
from pausecheck.report.text import to_text

FORMATS = ("text", "json", "sarif")

__all__ = ["FORMATS", "SCHEMA", "report_to_dict", "to_json", "to_sarif", "to_text"]
