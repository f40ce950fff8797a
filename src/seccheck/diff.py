"""What changed between two assessments: new, resolved and regressed findings, changed answers.

Inputs may be assessment files, evidence notebooks (results and answers are read from their
cells' `seccheck` metadata) or results JSON from `seccheck run --output`. A finding's identity
across runs is (check id, account, region, resource). Honest verdicts apply here too: a finding
that now cannot be assessed is "changed", never "resolved".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .results import CheckResult, Status

if TYPE_CHECKING:
    from rich.console import Console

    from .evidence.source import Answer

FINDING = (Status.FAIL, Status.WARN)
SEEN_OK = (Status.PASS, Status.NOT_APPLICABLE)
Key = tuple[str, str, str, str]


@dataclass
class Snapshot:
    results: list[CheckResult]
    answers: dict[str, Answer] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Change:
    kind: str  # new, resolved, regressed, gone, changed
    check_id: str
    item_id: str
    account: str
    region: str
    resource: str
    severity: str
    old_status: str | None
    new_status: str | None
    reason: str

    @property
    def key(self) -> Key:
        return (self.check_id, self.account, self.region, self.resource)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    old_status: str | None
    new_status: str | None
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "old_status": self.old_status,
            "new_status": self.new_status,
            "fields": list(self.fields),
        }


@dataclass
class Diff:
    old_label: str
    new_label: str
    changes: list[Change]
    answers: list[AnswerChange]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def new(self) -> list[Change]:
        return self.of("new")

    @property
    def resolved(self) -> list[Change]:
        return self.of("resolved")

    @property
    def regressed(self) -> list[Change]:
        return self.of("regressed")

    def counts(self) -> dict[str, int]:
        kinds = ("new", "regressed", "resolved", "gone", "changed")
        return {**{k: len(self.of(k)) for k in kinds}, "answers": len(self.answers)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
            "answers": [a.to_dict() for a in self.answers],
        }


def diff_snapshots(old: Snapshot, new: Snapshot) -> Diff:
    before = {r.key: r for r in old.results}
    after = {r.key: r for r in new.results}
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        o, n = before.get(key), after.get(key)
        kind = _kind(o.status if o else None, n.status if n else None)
        if kind:
            ref = n or o
            assert ref is not None
            changes.append(
                Change(
                    kind,
                    ref.check_id,
                    ref.item_id,
                    ref.account,
                    ref.region,
                    ref.resource,
                    ref.severity,
                    o.status.value if o else None,
                    n.status.value if n else None,
                    ref.reason,
                )
            )
    order = {"new": 0, "regressed": 1, "resolved": 2, "gone": 3, "changed": 4}
    changes.sort(key=lambda c: (order[c.kind], c.check_id, c.account, c.region, c.resource))
    return Diff(old.label, new.label, changes, _answer_changes(old.answers, new.answers))


def _kind(old: Status | None, new: Status | None) -> str | None:
    if old == new:
        return None
    if old is None:
        return "new" if new in FINDING else None
    if new is None:
        return "gone" if old in FINDING else None
    if new in FINDING:
        if old in SEEN_OK:
            return "regressed"
        return "new" if old not in FINDING else "changed"  # could not see it before; FAIL<->WARN
    if old in FINDING and new in SEEN_OK:
        return "resolved"
    return "changed"


_ANSWER_FIELDS = ("status", "reason", "notes", "urls", "files", "answered_by", "review_by")


def _answer_changes(old: dict[str, Answer], new: dict[str, Answer]) -> list[AnswerChange]:
    out = []
    for qid in sorted(set(old) | set(new)):
        a, b = old.get(qid), new.get(qid)
        if a is None or b is None:
            fields: tuple[str, ...] = ("status",)
        else:
            da, db = a.to_dict(), b.to_dict()
            fields = tuple(f for f in _ANSWER_FIELDS if da.get(f) != db.get(f))
        if fields:
            out.append(AnswerChange(qid, a.status if a else None, b.status if b else None, fields))
    return out


# --- loading -----------------------------------------------------------------------------------


def load_snapshot(path: Path) -> Snapshot:
    """Read an assessment file, an evidence notebook or a results JSON as a Snapshot."""
    from .evidence.source import RESULTS_SCHEMA, Answer

    data = json.loads(path.read_text(encoding="utf-8"))
    if path.suffix == ".ipynb" or (
        isinstance(data, dict) and "cells" in data and "nbformat" in data
    ):
        return _from_notebook(data, path)
    if isinstance(data, dict) and data.get("schema") == RESULTS_SCHEMA:
        results = [CheckResult.from_dict(r) for r in data.get("results", [])]
        return Snapshot(results, {}, data.get("run", {}).get("id") or path.name)
    from .assessment import AssessmentFile

    assessment = AssessmentFile.load(path)
    answers = {q: Answer.from_any(q, a) for q, a in dict(assessment.answers or {}).items()}
    runs = list(getattr(assessment, "runs", []) or [])
    label = str(getattr(runs[-1], "id", "")) if runs else path.name
    return Snapshot(list(assessment.latest_results()), answers, label or path.name)


def _from_notebook(nb: dict[str, Any], path: Path) -> Snapshot:
    """Answers from the answer cells; every result from the sidecar the manifest names."""
    from .evidence.sidecar import load_results
    from .evidence.source import Answer

    answers: dict[str, Answer] = {}
    for cell in nb.get("cells", []):
        own = cell.get("metadata", {}).get("seccheck", {})
        if own.get("role") == "answers":
            answers.update({q: Answer.from_any(q, a) for q, a in own.get("answers", {}).items()})
    meta = nb.get("metadata", {}).get("seccheck", {})
    sidecar = (meta.get("manifest") or {}).get("sidecar") or {}
    if not sidecar.get("file"):
        raise ValueError(f"{path}: not a sealed seccheck evidence notebook (no sidecar named)")
    results = load_results(path.parent / sidecar["file"])
    runs = meta.get("runs") or []
    label = runs[-1].get("id") if runs else path.name
    return Snapshot(results, answers, f"{path.name} ({label})")


def diff_paths(old: Path, new: Path) -> Diff:
    a, b = load_snapshot(old), load_snapshot(new)
    return diff_snapshots(a, b)


# --- views -------------------------------------------------------------------------------------

_KIND_STYLE = {
    "new": "red",
    "regressed": "red",
    "resolved": "green",
    "gone": "cyan",
    "changed": "yellow",
}


def print_diff(diff: Diff, console: Console) -> None:
    from rich.table import Table

    counts = diff.counts()
    console.print(
        f"[bold]{diff.old_label}[/bold] -> [bold]{diff.new_label}[/bold]: "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    if diff.changes:
        table = Table(title="Findings that changed")
        for col in ("change", "check", "severity", "account", "region"):
            table.add_column(col, no_wrap=True)
        for col in ("resource", "was", "now", "reason"):
            table.add_column(col, overflow="fold")
        for c in diff.changes:
            style = _KIND_STYLE[c.kind]
            table.add_row(
                f"[{style}]{c.kind}[/{style}]",
                c.check_id,
                c.severity,
                c.account,
                c.region,
                c.resource,
                c.old_status or "-",
                c.new_status or "-",
                c.reason,
            )
        console.print(table)
    if diff.answers:
        table = Table(title="Manual answers that changed")
        for col in ("question", "was", "now", "what changed"):
            table.add_column(col)
        for a in diff.answers:
            table.add_row(
                a.question_id, a.old_status or "-", a.new_status or "-", ", ".join(a.fields)
            )
        console.print(table)
    if not diff.changes and not diff.answers:
        console.print("no differences in findings or manual answers")


def diff_section_cells(diff: Diff) -> list[Any]:
    """Notebook cells for the diff: a Markdown table and a plotly chart, outputs in place."""
    import nbformat

    from .evidence.content import badge, esc, table
    from .evidence.figures import render

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
