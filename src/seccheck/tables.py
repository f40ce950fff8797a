"""Results tables people can read: failures first, passes folded, how to fix beside each failure.

Plain HTML with inline styles and `<details>` folds (no script needed), so the same table works in
JupyterLab, Voila and an exported HTML file. Each status is its own fold: opening and closing them
is the filter; the copy buttons are the only script, and a viewer without it still shows the ARN
on hover and in the fold-out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from . import palette
from .acceptance import acceptance_note
from .results import CheckResult, Status

if TYPE_CHECKING:
    from .checklist import Checklist

# Worst first: what needs action, then what could not be seen, then accepted risks (open, never
# hidden among passes), then the rest.
ORDER = (
    Status.FAIL,
    Status.ERROR,
    Status.WARN,
    Status.NOT_ASSESSABLE,
    Status.ACCEPTED,
    Status.NOT_APPLICABLE,
    Status.PASS,
)
NEEDS_FIX = (Status.FAIL, Status.WARN)
OPEN_BY_DEFAULT = (Status.FAIL, Status.ERROR, Status.WARN, Status.NOT_ASSESSABLE, Status.ACCEPTED)
MAX_ROWS = 60  # per status fold; the rest is counted, never dumped
_COLORS = {s: palette.STATUSES[s.value].colour for s in Status}  # the one palette
_TABLE = "border-collapse:collapse;font-size:0.9em;margin:0.2em 0 0.4em 0;width:100%"
# JupyterLab (and nbconvert's lab template) already give tables padding and striped rows; only
# what it gets wrong for us is set here, per cell, since a 350-row table repeats it 2,000 times.
_CELL = "text-align:left;vertical-align:top"
_COPY = (
    "navigator.clipboard&&navigator.clipboard.writeText(this.dataset.arn);"
    "this.textContent='copied';return false;"
)


@dataclass(frozen=True)
class Remedy:
    """How to fix one check: the checklist's remediation text and its AWS documentation."""

    check_id: str
    title: str
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (title, url)

    def html(self) -> str:
        links = " · ".join(
            f'<a href="{escape(url)}" target="_blank" rel="noopener">{escape(title)}</a>'
            for title, url in self.links
        )
        return (
            f'<li class="jp-Seccheck-remedy" data-check-id="{escape(self.check_id)}">'
            f'<code style="white-space:nowrap">{escape(self.check_id)}</code> '
            f"<b>{escape(self.title)}</b><br>{escape(self.text)}"
            + (f"<br><small>AWS documentation: {links}</small>" if links else "")
            + "</li>"
        )


def is_aws_docs(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host == "aws.amazon.com" or host.endswith((".aws.amazon.com", ".amazon.com"))


def remedies(checklist: Checklist) -> dict[str, Remedy]:
    """Every check's remedy; the links are the check's own AWS references, else its item's."""
    found: dict[str, Remedy] = {}
    for item in checklist.items:
        for check in item.checks:
            refs = [r for r in check.references if is_aws_docs(r.url)] or [
                r for r in item.references if is_aws_docs(r.url)
            ]
            found[check.id] = Remedy(
                check.id,
                check.title,
                " ".join(check.remediation.split()),
                tuple((r.title, r.url) for r in refs),
            )
    return found


def short_resource(resource: str) -> str:
    """The name a person recognises: an ARN's last part (`arn:...:bucket/x` -> `x`)."""
    if not resource.startswith("arn:"):
        return resource
    tail = resource.split(":", 5)[-1]
    return tail.rsplit("/", 1)[-1] or tail


def badge(status: Status) -> str:
    return (
        f'<span style="color:{_COLORS[status]};font-weight:600;white-space:nowrap">'
        f"{status.icon} {escape(status.value)}</span>"
    )


def _resource_cell(resource: str) -> str:
    short = short_resource(resource)
    if short == resource:
        return f"<code>{escape(resource)}</code>"
    full = escape(resource)
    return (
        f'<code title="{full}">{escape(short)}</code> '
        f'<button class="jp-Seccheck-copy" title="copy the full ARN" data-arn="{full}" '
        f'onclick="{_COPY}" style="font-size:0.8em;padding:0 4px;cursor:pointer">copy</button>'
    )


def _row(r: CheckResult, titles: Mapping[str, str]) -> str:
    title = titles.get(r.check_id, "")
    check = f'<code style="white-space:nowrap">{escape(r.check_id)}</code>' + (
        f"<br><small>{escape(title)}</small>" if title else ""
    )
    return (
        f'<tr data-status="{r.status.value}">'
        f'<td style="{_CELL}">{badge(r.status)}</td>'
        f'<td style="{_CELL}">{check}</td>'
        f'<td style="{_CELL}">{_resource_cell(r.resource)}</td>'
        f'<td style="{_CELL};white-space:nowrap">{escape(r.region)}</td>'
        f'<td style="{_CELL}">{escape(r.reason)}{_acceptance_cell(r)}</td>'
        f'<td style="{_CELL}">{escape(r.severity)}</td>'
        "</tr>"
    )


def _acceptance_cell(r: CheckResult) -> str:
    """Who accepted the risk, why, the owner and until when (or that the acceptance expired)."""
    note = acceptance_note(r)
    if not note:
        return ""
    colour = _COLORS[Status.ACCEPTED if r.status is Status.ACCEPTED else Status.FAIL]
    return (
        f'<br><small class="jp-Seccheck-acceptance" style="color:{colour}">{escape(note)}</small>'
    )


def _head() -> str:
    return "".join(
        f'<th style="{_CELL}">{h}</th>'
        for h in ("Status", "Check", "Resource", "Region", "Reason", "Severity")
    )


def sort_key(r: CheckResult) -> tuple[int, str, str, str]:
    return (ORDER.index(r.status), r.check_id, r.region, r.resource)


def results_table(
    results: Iterable[CheckResult],
    titles: Mapping[str, str] | None = None,
    fixes: Mapping[str, Remedy] | None = None,
    *,
    max_rows: int = MAX_ROWS,
) -> str:
    """Render results grouped by status, worst first, with how to fix each failing check."""
    titles = titles or {}
    ordered = sorted(results, key=sort_key)
    groups: dict[Status, list[CheckResult]] = {}
    for r in ordered:
        groups.setdefault(r.status, []).append(r)
    folds = []
    for status, rows in groups.items():
        shown = rows[:max_rows]
        more = len(rows) - len(shown)
        tail = (
            f"<p><small>… and {more} more {escape(status.value)} row(s), not shown here "
            "(all are in the assessment file and the exports)</small></p>"
            if more
            else ""
        )
        opened = " open" if status in OPEN_BY_DEFAULT else ""
        folds.append(
            f'<details class="jp-Seccheck-fold" data-status="{status.value}"{opened}>'
            f'<summary style="cursor:pointer">{badge(status)} · {len(rows)} row(s)</summary>'
            f'<table class="jp-Seccheck-results" style="{_TABLE}"><thead><tr>{_head()}</tr>'
            f"</thead><tbody>{''.join(_row(r, titles) for r in shown)}</tbody></table>"
            f"{tail}</details>"
        )
    return f'<div class="jp-Seccheck-table">{"".join(folds)}{fix_list(ordered, fixes)}</div>'


def fix_list(results: Iterable[CheckResult], fixes: Mapping[str, Remedy] | None) -> str:
    """How to fix every check that failed (or warned), once per check."""
    if not fixes:
        return ""
    failing = dict.fromkeys(r.check_id for r in results if r.status in NEEDS_FIX)
    items = [fixes[c].html() for c in failing if c in fixes]
    if not items:
        return ""
    return (
        '<div class="jp-Seccheck-fixes"><b>How to fix</b>'
        f'<ul style="margin:0.2em 0">{"".join(items)}</ul></div>'
    )
