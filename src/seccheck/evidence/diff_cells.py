"""A diff as evidence-notebook cells: a table of what changed and a chart, outputs in place."""

from __future__ import annotations

import json
from typing import Any

from .diff import Diff


def diff_section_cells(diff: Diff) -> list[Any]:
    """Notebook cells for the diff: a Markdown table and a plotly chart, outputs in place."""
    import nbformat

    from ..markup import esc, table
    from .content import badge
    from .figures import render

    rows = [
        [
            esc(c.kind),
            f"<code>{esc(c.check_id)}</code>",
            esc(c.severity),
            esc(c.account),
            esc(c.region),
            f"<code>{esc(c.resource)}</code>",
            badge(c.old_status) if c.old_status else "-",
            badge(c.new_status) if c.new_status else "-",
            esc(c.reason),
        ]
        for c in diff.changes
    ]
    answer_rows = [
        [
            esc(a.question_id),
            esc(a.old_status or "-"),
            esc(a.new_status or "-"),
            esc(", ".join(a.fields)),
        ]
        for a in diff.answers
    ]
    acceptance_rows = [
        [
            esc(a.kind),
            f"<code>{esc(a.check_id)}</code>",
            esc(a.target),
            esc(a.old_state or "-"),
            esc(a.new_state or "-"),
            esc(a.owner),
            esc(a.expires),
            esc(a.reason),
        ]
        for a in diff.acceptances
    ]
    counts = diff.counts()
    text = (
        f"## Changes since {esc(diff.old_label)}\n\n"
        f"<p>{esc(diff.old_label)} to {esc(diff.new_label)}: "
        + esc(", ".join(f"{n} {k}" for k, n in counts.items()))
        + "</p>\n\n"
        + (
            table(
                [
                    "change",
                    "check",
                    "severity",
                    "account",
                    "region",
                    "resource",
                    "was",
                    "now",
                    "reason",
                ],
                rows,
                raw=True,
            )
            if rows
            else "<p>No finding changed.</p>"
        )
        + (
            "\n\n" + table(["question", "was", "now", "what changed"], answer_rows, raw=True)
            if answer_rows
            else ""
        )
        + (
            "\n\n<p><b>Accepted risks that changed</b></p>\n"
            + table(
                ["change", "check", "what", "was", "now", "owner", "expires", "reason"],
                acceptance_rows,
                raw=True,
            )
            if acceptance_rows
            else ""
        )
    )
    md = nbformat.v4.new_markdown_cell(text)
    md.id = "diff"
    md.metadata["seccheck"] = {
        "role": "diff",
        "counts": counts,
        "old": diff.old_label,
        "new": diff.new_label,
    }
    kinds = ["new", "regressed", "resolved", "gone", "changed", "answers"]
    source = (
        "# What changed since the earlier picture (counts as recorded at export)\n"
        "import plotly.graph_objects as go\n\n"
        f"kinds = {json.dumps(kinds)}\n"
        f"counts = {json.dumps([counts[k] for k in kinds])}\n"
        'colours = ["#c62828", "#e53935", "#2e7d32", "#00838f", "#f9a825", "#5c6bc0"]\n'
        "fig = go.Figure(go.Bar(x=kinds, y=counts, marker_color=colours))\n"
        'fig.update_layout(title="What changed", height=320, margin=dict(t=50, b=40))\n'
        "fig"
    )
    chart = nbformat.v4.new_code_cell(source)
    chart.id = "diff-chart"
    chart.outputs = [nbformat.v4.new_output(**render(source, "seccheck-diff-chart"))]
    chart.metadata["seccheck"] = {"role": "chart"}
    for cell in (md, chart):
        cell.metadata["tags"] = ["seccheck-evidence", "diff"]
    return [md, chart]
