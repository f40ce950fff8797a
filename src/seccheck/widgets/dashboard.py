"""The dashboard: totals per section and the charts, refreshed on demand."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..scoring import VERDICT_ICONS, Verdict, coverage_by_section
from ._base import View

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment
    from ..summary import AssessmentSummary


def totals_html(a: Assessment) -> str:
    """Items per section and status, as a static table."""
    groups = coverage_by_section(a.checklist, a.item_statuses())
    cell = "border:1px solid #ddd;padding:2px 6px;text-align:center"
    head = "".join(
        f'<th style="{cell}" title="{escape(v.label)}">{VERDICT_ICONS[v]}<br>'
        f"<small>{escape(v.label)}</small></th>"
        for v in Verdict
    )
    rows = "".join(
        f'<tr><td style="{cell};text-align:left">{escape(g.id)} {escape(g.title)}</td>'
        + "".join(f'<td style="{cell}">{g.counts[v] or ""}</td>' for v in Verdict)
        + f'<td style="{cell}">{g.decided}/{g.total}</td></tr>'
        for g in groups
    )
    return (
        f'<table class="jp-Seccheck-totals" style="border-collapse:collapse">'
        f'<thead><tr><th style="{cell}">Section</th>{head}<th style="{cell}">decided</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


class Dashboard(View):
    """`.value` is the summary dict (as the side panel gets it)."""

    def __init__(self, a: Assessment, *, charts: bool = True) -> None:
        self.assessment = a
        self.with_charts = charts
        self.refresh_button = w.Button(
            description="Refresh", icon="refresh", tooltip="Re-read the assessment file and redraw"
        )
        self.refresh_button.add_class("jp-Seccheck-refresh")
        self.refresh_button.on_click(lambda _: self.refresh(reload=True))
        self.totals = w.HTML()
        self.charts = w.Output()
        self.widget = w.VBox([self.refresh_button, self.totals, self.charts])
        self.widget.add_class("jp-Seccheck-dashboard")
        self.refresh()

    @property
    def value(self) -> AssessmentSummary:
        return self.assessment.summary()

    def refresh(self, *, reload: bool = False) -> None:
        if reload:
            self.assessment.reload()
        self.totals.value = totals_html(self.assessment)
        if self.with_charts:
            from IPython.display import display

            from ..charts import Charts

            self.charts.clear_output()
            with self.charts:
                display(Charts(self.assessment))

    def static_html(self) -> str:
        return totals_html(self.assessment)
