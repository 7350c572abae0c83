"""Emitters: one interface, several formats, and the presentation model (``view``) that the
text emitter and the desk lay out."""

from __future__ import annotations

from pausecheck.report.json_report import SCHEMA, report_to_dict, to_json
from pausecheck.report.sarif import to_sarif
from pausecheck.report.text import markdown_to_text, summary_to_text, terminal_width, to_text
from pausecheck.report.view import BatchSummary, ReportView, build_view, summarise

FORMATS = ("text", "json", "sarif")

__all__ = [
    "FORMATS", "SCHEMA", "BatchSummary", "ReportView", "build_view", "markdown_to_text", "report_to_dict",
    "summarise", "summary_to_text", "terminal_width", "to_json", "to_sarif", "to_text",
]
