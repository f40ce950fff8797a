"""Plotly figures over an assessment: coverage, WA questions, failing resources, trend.

plotly is imported inside the functions, so `import seccheck` stays light. In notebooks the
figures are shown with the `plotly_mimetype` renderer only: JupyterLab and Voila draw
`application/vnd.plotly.v1+json` with the jupyterlab-plotly extension, so a saved notebook holds
each figure's data (tens of kB), not a copy of plotly.js (megabytes). Exported evidence embeds
plotly.js once itself (`seccheck.evidence.figures`), and `Charts.to_html` does for plain HTML.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from . import palette
from .checklist import Severity
from .results import Status
from .scoring import (
    VERDICT_COLORS,
    Coverage,
    Verdict,
    coverage_by_section,
    coverage_by_wa_question,
)

if TYPE_CHECKING:
    from plotly.graph_objects import Figure

    from .assessment import AssessmentFile as Assessment

NOTEBOOK_RENDERERS = "plotly_mimetype"
SEVERITY_COLORS = {sev: palette.SEVERITIES[sev.value].colour for sev in Severity}
STATUS_COLORS = {status: palette.STATUSES[status.value].colour for status in Status}


# Readable on JupyterLab's light and dark themes alike: no background of its own (the notebook's
# shows through), mid-grey text and faint grid lines. That is what a saved figure holds, so it
# reads wherever it is opened (Voila, another JupyterLab, the exported report, printed: light).
# In JupyterLab, seccheck's extension (extension/src/chartThemePlugin.ts) then gives every figure
# marked `meta.seccheck == "chart"` the theme's own background, text and grid colours, and
# changes them when the theme changes, without re-running the cell; trace colours (the status
# palette) are never touched.
THEME_NEUTRAL: dict[str, Any] = {
    "meta": {"seccheck": "chart"},
    "template": "none",
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "font": {"color": "#8a8a8a"},
    "xaxis": {"gridcolor": "rgba(128,128,128,0.25)", "zerolinecolor": "rgba(128,128,128,0.4)"},
    "yaxis": {"gridcolor": "rgba(128,128,128,0.25)", "zerolinecolor": "rgba(128,128,128,0.4)"},
}


def use_notebook_renderer() -> None:
    """Show figures as plotly's mime type, which JupyterLab's plotly extension draws offline."""
    import plotly.io as pio

    if pio.renderers.default != NOTEBOOK_RENDERERS:
        pio.renderers.default = NOTEBOOK_RENDERERS


def fig_to_html(fig: Figure, *, include_plotlyjs: bool | str = True) -> str:
    """Render an HTML fragment with plotly.js inline (no network needed to view it)."""
    return str(fig.to_html(full_html=False, include_plotlyjs=include_plotlyjs))


def _stacked_by_verdict(groups: list[Coverage], title: str, x_title: str) -> Figure:
    import plotly.graph_objects as go

    x = [g.id for g in groups]
    hover = [g.title for g in groups]
    fig = go.Figure()
    for verdict in Verdict:
        fig.add_bar(
            name=verdict.label,
            x=x,
            y=[g.counts[verdict] for g in groups],
            marker_color=VERDICT_COLORS[verdict],
            customdata=hover,
            hovertemplate="%{x} %{customdata}<br>" + verdict.label + ": %{y}<extra></extra>",
        )
    fig.update_layout(
        title=title,
        barmode="stack",
        xaxis_title=x_title,
        yaxis_title="items",
        legend_title="item status",
        **THEME_NEUTRAL,
        height=380,
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=x)
    return fig


def coverage_by_section_figure(a: Assessment) -> Figure:
    """Items per section, stacked by item status."""
    groups = coverage_by_section(a.checklist, a.item_statuses())
    return _stacked_by_verdict(groups, "Coverage by section", "section")


def wa_questions_figure(a: Assessment) -> Figure:
    """Items per Well-Architected question: all of SEC01..SEC11, also those with no item."""
    groups = coverage_by_wa_question(a.checklist, a.item_statuses())
    return _stacked_by_verdict(groups, "Well-Architected Security Pillar questions", "WA question")


def failing_counts(a: Assessment) -> dict[tuple[str, str], int]:
    """(service, severity) -> distinct failing resources (account, region, resource)."""
    seen: dict[tuple[str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for r in a.latest_results():
        if r.status is Status.FAIL:
            seen[(r.service, r.severity)].add((r.account, r.region, r.resource))
    return {k: len(v) for k, v in seen.items()}


def failing_resources_figure(a: Assessment) -> Figure:
    """Failing resources per service, stacked by severity (latest results)."""
    import plotly.graph_objects as go

    counts = failing_counts(a)
    services = sorted({svc for svc, _ in counts})
    fig = go.Figure()
    for severity in Severity:
        fig.add_bar(
            name=severity.value,
            x=services,
            y=[counts.get((svc, severity.value), 0) for svc in services],
            marker_color=SEVERITY_COLORS[severity],
            hovertemplate="%{x}: %{y} " + severity.value + "<extra></extra>",
        )
    fig.update_layout(
        title="Failing resources by service and severity",
        barmode="stack",
        xaxis_title="service",
        yaxis_title="resources",
        legend_title="severity",
        **THEME_NEUTRAL,
        height=380,
    )
    fig.update_xaxes(type="category")
    if not services:
        fig.add_annotation(
            text="no failing resources", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
    return fig


def trend_counts(a: Assessment) -> tuple[list[str], dict[Status, list[int]], list[str]]:
    """After each assessment pass (oldest first): the latest picture's result counts per status.

    One Run All, wizard pass or `seccheck run` is one pass (state.pass_for), however many
    per-item verifications it made; a point per verification would draw failures "rising"
    while one pass fills the picture in.
    """
    from .acceptance import acceptances_as_of, apply_acceptances
    from .state import latest_of, passes_of

    known = {c.id for c in a.checklist.checks}
    runs = a.runs
    labels: list[str] = []
    details: list[str] = []
    series: dict[Status, list[int]] = {s: [] for s in Status}
    seen = 0
    for k, members in enumerate(passes_of(runs).values(), start=1):
        seen += len(members)
        first, last = members[0], members[-1]
        # Accepted risks as they stood when the pass ended: ACCEPTED then, FAIL once expired.
        end = max(r.ended_at or r.updated_at for r in members)
        accepted = acceptances_as_of(a.acceptances.values(), end)
        picture = apply_acceptances(latest_of(runs[:seen], known), accepted, end.date())
        labels.append(f"pass {k} {first.started_at.strftime('%H:%M:%S')}")
        items = sorted({i for r in members for i in (r.items or [])})
        scope = "all items" if any(r.items is None for r in members) else f"{len(items)} item(s)"
        details.append(
            f"pass {k}: {len(members)} run(s), {scope}, "
            f"{first.started_at.strftime('%Y-%m-%d %H:%M:%S')} to "
            f"{last.started_at.strftime('%H:%M:%S')} UTC"
        )
        for s in Status:
            series[s].append(sum(1 for r in picture if r.status is s))
    return labels, series, details


def trend_figure(a: Assessment) -> Figure:
    """How the results moved, pass after pass (each point: the picture after that pass)."""
    import plotly.graph_objects as go

    labels, series, detail = trend_counts(a)
    fig = go.Figure()
    for status, values in series.items():
        fig.add_scatter(
            name=status.value,
            x=labels,
            y=values,
            mode="lines+markers",
            line_color=STATUS_COLORS[status],
            customdata=detail,
            hovertemplate="%{customdata}<br>" + status.value + ": %{y}<extra></extra>",
        )
    fig.update_layout(
        title="Results across assessment passes (the picture after each pass)",
        xaxis_title="assessment pass",
        yaxis_title="results",
        legend_title="check status",
        **THEME_NEUTRAL,
        height=380,
    )
    fig.update_xaxes(type="category")
    return fig


FIGURES = {
    "coverage": coverage_by_section_figure,
    "wa_questions": wa_questions_figure,
    "failing": failing_resources_figure,
    "trend": trend_figure,
}


class Charts:
    """All the figures for an assessment; displays them one after the other."""

    def __init__(self, a: Assessment) -> None:
        self.assessment = a
        self.figures: dict[str, Figure] = {name: build(a) for name, build in FIGURES.items()}

    def __getitem__(self, name: str) -> Figure:
        return self.figures[name]

    def _ipython_display_(self) -> None:
        use_notebook_renderer()
        for fig in self.figures.values():
            fig.show()

    def to_html(self) -> str:
        parts = []
        for i, fig in enumerate(self.figures.values()):
            parts.append(fig_to_html(fig, include_plotlyjs=(i == 0)))
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<Charts {', '.join(self.figures)} for {self.assessment.path.name}>"


def summary_table(a: Assessment) -> dict[str, Any]:
    """Return the counts behind the charts as plain data (for tests and text reports)."""
    statuses = a.item_statuses()
    return {
        "sections": [g.to_dict() for g in coverage_by_section(a.checklist, statuses)],
        "wa_questions": [g.to_dict() for g in coverage_by_wa_question(a.checklist, statuses)],
        "failing": {f"{svc}/{sev}": n for (svc, sev), n in sorted(failing_counts(a).items())},
    }
