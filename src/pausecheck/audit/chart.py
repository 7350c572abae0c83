"""Risk over time: posts with findings per month, by their worst severity, as an inline SVG.

The chart is drawn here, on the server side, as plain SVG inside the page: no script, no
fonts or images fetched. Each post with findings counts once, under its worst severity (block
over revise over advise), so a bar's height is the number of posts to look at that month. The
same numbers are given as a table beside the chart for anyone who cannot see it, and the SVG
carries a title and a description that sum it up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

from pausecheck._types import SEVERITIES

__all__ = ["COLOURS", "MonthlyRisk", "months_between"]

#: Bar colours, worst first; each has at least 4.5:1 contrast on white.
COLOURS = {"block": "#a50026", "revise": "#8a4b08", "advise": "#2c5f9e"}
_WORDS = {"block": "Block (do not publish)", "revise": "Revise", "advise": "Advice"}
_RANK = {sev: i for i, sev in enumerate(SEVERITIES)}  # block 0, revise 1, advise 2

# Geometry of the drawing (user units; the SVG scales to the page's width).
_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 12, 40
_PLOT_W, _PLOT_H = 720, 200


def _month(when: datetime) -> tuple[int, int]:
    utc = when.astimezone(UTC)
    return utc.year, utc.month


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from ``first`` to ``last``, both included."""
    out, (y, m) = [], first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _label(month: tuple[int, int]) -> str:
    return datetime(month[0], month[1], 1).strftime("%b %Y")


def _nice_top(n: int) -> int:
    """The smallest 1, 2 or 5 × 10^k that is at least ``n`` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= n:
                return m * step
        step *= 10


@dataclass
class MonthlyRisk:
    """Counts per month of checked posts and of posts with findings by their worst severity."""

    posts: Counter[tuple[int, int]] = field(default_factory=Counter)
    worst: Counter[tuple[tuple[int, int], str]] = field(default_factory=Counter)

    def add(self, when: datetime, severities: Iterable[str]) -> None:
        """One checked post, made at ``when``, with findings of these severities."""
        month = _month(when)
        self.posts[month] += 1
        known = [s for s in severities if s in _RANK]
        if known:
            self.worst[month, min(known, key=_RANK.__getitem__)] += 1

    def months(self) -> list[tuple[int, int]]:
        """Every month from the first checked post's to the last's."""
        return months_between(min(self.posts), max(self.posts)) if self.posts else []

    def flagged(self, month: tuple[int, int]) -> int:
        return sum(self.worst[month, sev] for sev in SEVERITIES)

    def rows(self) -> list[tuple[tuple[int, int], dict[str, int], int]]:
        """(month, posts by worst severity, posts checked) for each month with a flagged post."""
        return [(m, {sev: self.worst[m, sev] for sev in SEVERITIES}, self.posts[m])
                for m in self.months() if self.flagged(m)]

    def html(self) -> str:
        """The chart (an SVG in a figure), its legend and the table of its numbers."""
        if not self.posts:
            return "<p>No post was checked, so there is nothing to chart.</p>\n"
        rows = self.rows()
        months = self.months()
        span = f"{_label(months[0])} to {_label(months[-1])}"
        if not rows:
            return f"<p>No post from {escape(span)} has a finding.</p>\n"
        peak_month, peak = max(((m, self.flagged(m)) for m in months), key=lambda x: (x[1], x[0]))
        total = sum(self.flagged(m) for m in months)
        description = (f"{total} post(s) with findings from {span}, in {len(rows)} of {len(months)} month(s); "
                       f"the most in {_label(peak_month)}, with {peak}. The table after the chart gives every "
                       "month's numbers.")
        legend = "".join(f'<span><span class="swatch" style="background:{COLOURS[sev]}"></span>{_WORDS[sev]}</span>'
                         for sev in SEVERITIES)
        return (f'<figure>\n{self.svg(description)}\n<figcaption class="legend">Posts with findings per month, '
                f"by their worst finding: {legend}</figcaption>\n</figure>\n{self.table()}")

    def svg(self, description: str) -> str:
        months = self.months()
        top = _nice_top(max(self.flagged(m) for m in months))
        n = len(months)
        slot = _PLOT_W / n
        bar = max(slot * 0.8, 0.5)
        width, height = _LEFT + _PLOT_W + _RIGHT, _TOP + _PLOT_H + _BOTTOM
        parts = [f'<svg class="chart" role="img" aria-labelledby="risk-chart-title risk-chart-desc" '
                 f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                 'xmlns="http://www.w3.org/2000/svg">',
                 '<title id="risk-chart-title">Posts with findings per month</title>',
                 f'<desc id="risk-chart-desc">{escape(description)}</desc>']
        base = _TOP + _PLOT_H
        for tick in (0, top // 2, top) if top >= 2 else (0, top):
            y = base - tick / top * _PLOT_H
            parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_LEFT + _PLOT_W}" y2="{y:.1f}" stroke="#767676" '
                         'stroke-width="0.5"/>')
            parts.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
                         f'fill="#000">{tick}</text>')
        for i, month in enumerate(months):
            x = _LEFT + i * slot + (slot - bar) / 2
            y = float(base)
            for sev in SEVERITIES:  # block at the bottom of the stack
                count = self.worst[month, sev]
                if not count:
                    continue
                h = count / top * _PLOT_H
                y -= h
                parts.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{h:.2f}" '
                             f'fill="{COLOURS[sev]}"><title>{_label(month)}: {count} {_WORDS[sev].lower()}'
                             "</title></rect>")
        parts.append(f'<line x1="{_LEFT}" y1="{base}" x2="{_LEFT + _PLOT_W}" y2="{base}" stroke="#000"/>')
        for i, month in self._x_labels(months):
            x = _LEFT + (i + 0.5) * slot
            text = _label(month) if n <= 12 else str(month[0])
            parts.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle" font-size="12" '
                         f'fill="#000">{text}</text>')
        parts.append("</svg>")
        return "\n".join(parts)

    @staticmethod
    def _x_labels(months: list[tuple[int, int]]) -> list[tuple[int, tuple[int, int]]]:
        """Which months get a label: every month up to a year; else each January (and the
        first month), thinned so that at most about twelve labels show."""
        if len(months) <= 12:
            return list(enumerate(months))
        marks = [(i, m) for i, m in enumerate(months) if m[1] == 1 or i == 0]
        if len(marks) > 1 and marks[1][0] < 6:  # the first month sits too close to the first January
            marks.pop(0)
        every = max(1, -(-len(marks) // 12))
        return marks[::every]

    def table(self) -> str:
        head = "".join(f'<th scope="col">{_WORDS[sev]}</th>' for sev in SEVERITIES)
        body = "".join(
            f'<tr><th scope="row">{_label(month)}</th>'
            + "".join(f"<td>{counts[sev]}</td>" for sev in SEVERITIES)
            + f"<td>{sum(counts.values())}</td><td>{checked}</td></tr>"
            for month, counts, checked in self.rows())
        return ("<details>\n<summary>The chart's numbers, month by month</summary>\n<table>\n"
                "<caption>Posts with findings per month, by their worst finding (months with none left out)"
                f'</caption>\n<thead><tr><th scope="col">Month</th>{head}<th scope="col">Posts with findings</th>'
                f'<th scope="col">Posts checked</th></tr></thead>\n<tbody>{body}</tbody>\n</table>\n</details>\n')
