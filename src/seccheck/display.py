"""Static renderings (HTML, markdown, text) of results for notebook outputs.

Everything here is plain HTML with inline styles: it survives nbconvert's HTML export without
widgets or network, which is what evidence notebooks need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import palette, tables
from .markup import esc
from .results import CheckResult, Status
from .tables import Remedy

if TYPE_CHECKING:
    from .assessment import AssessmentFile as Assessment
    from .aws.recorder import CallRecord
    from .runner import Progress
    from .scoring import ItemStatus
    from .state import RunRecord
    from .verification import Outcome



def status_badge(status: Status) -> str:
    color = palette.STATUSES[status.value].colour
    return (
        f'<span style="color:{color};font-weight:600;white-space:nowrap">'
        f"{status.icon} {esc(status.value)}</span>"
    )


def results_table(
    results: Iterable[CheckResult],
    titles: dict[str, str] | None = None,
    fixes: Mapping[str, Remedy] | None = None,
) -> str:
    """Render a run's table: failures first, passes folded, how to fix each failing check."""
    return tables.results_table(results, titles, fixes)


def assessment_table(a: Assessment, results: Iterable[CheckResult]) -> str:
    """`results_table` with the assessment checklist's titles and remediation."""
    return tables.results_table(results, _check_titles(a), tables.remedies(a.checklist))


def calls_details(calls: Iterable[CallRecord]) -> str:
    """Render a fold-out with the exact boto3 calls behind the results, ready to re-run."""
    calls = list(calls)
    if not calls:
        return ""
    lines = []
    for c in calls:
        outcome = "" if c.outcome == "ok" else f"  # {c.outcome} {c.error_code}".rstrip()
        lines.append(f"{c.boto3_snippet}{outcome}")
    accounts = sorted({c.account for c in calls if c.account})
    comment = (
        (f"# account(s) {', '.join(accounts)}\n" if accounts else "")
        + "from seccheck.scan import guarded_session\n"
        + "session = guarded_session()  # boto3.Session(...) with seccheck's read-only guard\n"
    )
    body = esc(comment + "\n".join(lines))
    return (
        f'<details class="jp-Seccheck-calls"><summary>{len(calls)} boto3 call(s) made '
        f'(read-only)</summary><pre style="white-space:pre-wrap">{body}</pre></details>'
    )


def counts_line(results: Iterable[CheckResult]) -> str:
    counts = Counter(r.status for r in results)
    return ", ".join(f"{s.icon} {counts[s]} {s.value}" for s in Status if counts[s]) or "no results"


def item_status_badge(status: ItemStatus) -> str:
    return (
        f'<span class="jp-Seccheck-status" style="color:{status.status.color};'
        f'font-weight:600">{status.icon} {esc(status.label)}</span>'
    )


def markdown_results(results: Iterable[CheckResult]) -> str:
    lines = [
        "| Status | Check | Resource | Region | Reason | Severity |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        reason = r.reason.replace("|", "\\|")
        lines.append(
            f"| {r.status.icon} {r.status.value} | `{r.check_id}` | `{r.resource}` | "
            f"{r.region} | {reason} | {r.severity} |"
        )
    return "\n".join(lines)


@dataclass
class ItemResults:
    """What `Assessment.verify` returns: renders itself as a static table in notebooks."""

    title: str
    results: list[CheckResult] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    check_titles: dict[str, str] = field(default_factory=dict)
    fixes: dict[str, Remedy] = field(default_factory=dict)
    run_id: str | None = None
    status: str = "completed"  # completed / cancelled / failed / error / nothing
    error: str | None = None
    not_automated: list[str] = field(default_factory=list)
    item_status: ItemStatus | None = None

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def of(cls, a: Assessment, outcome: Outcome) -> ItemResults:
        """Render what a `Verification` returned."""
        if outcome.error is not None:
            return cls.failed(a, outcome.item_id, outcome.error, outcome.not_automated)
        if outcome.record is None:
            return cls.nothing_to_run(a, outcome.item_id, outcome.not_automated)
        return cls.from_run(a, outcome.item_id, outcome.record, outcome.not_automated)

    @classmethod
    def from_run(
        cls, a: Assessment, item_id: str | None, run: RunRecord, not_automated: list[str]
    ) -> ItemResults:
        ids = [cid for r in run.results for cid in r.call_ids]
        return cls(
            title=_title(a, item_id),
            results=a.with_acceptances(run.results),
            calls=[run.calls[i] for i in dict.fromkeys(ids) if i in run.calls],
            check_titles=_check_titles(a),
            fixes=tables.remedies(a.checklist),
            run_id=run.id,
            status=run.status,
            error=run.error,
            not_automated=not_automated,
            item_status=a.item_status(item_id) if item_id else None,
        )

    @classmethod
    def failed(
        cls, a: Assessment, item_id: str | None, message: str, not_automated: list[str]
    ) -> ItemResults:
        return cls(
            title=_title(a, item_id), status="error", error=message, not_automated=not_automated
        )

    @classmethod
    def nothing_to_run(
        cls, a: Assessment, item_id: str | None, not_automated: list[str]
    ) -> ItemResults:
        return cls(
            title=_title(a, item_id),
            status="nothing",
            not_automated=not_automated,
            item_status=a.item_status(item_id) if item_id else None,
        )

    # -- views ----------------------------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(r.status.value for r in self.results)
        return {s.value: counts[s.value] for s in Status if counts[s.value]}

    def _headline(self) -> str:
        if self.status == "error":
            return "Cannot verify"
        if self.status == "nothing":
            return "No automated check to run"
        state = {
            "cancelled": " (cancelled: partial results)",
            "interrupted": " (interrupted: partial results)",
            "failed": " (failed)",
        }.get(
            self.status, ""
        )
        return f"{len(self.results)} result(s): {counts_line(self.results)}{state}"

    def _repr_html_(self) -> str:
        parts = [
            f'<div class="jp-Seccheck-verify"><p><b>{esc(self.title)}</b> · '
            f"{esc(self._headline())}"
        ]
        if self.item_status is not None:
            parts.append(f" · item: {item_status_badge(self.item_status)}")
        parts.append("</p>")
        if self.error:
            parts.append(
                f'<pre style="border-left:4px solid #c62828;padding:0.4em 0.8em;'
                f'white-space:pre-wrap">{esc(self.error)}</pre>'
            )
        if self.results:
            parts.append(results_table(self.results, self.check_titles, self.fixes))
            parts.append(calls_details(self.calls))
        if self.not_automated:
            parts.append(
                f"<p><small>Not automated yet (answer the questions instead): "
                f"{esc(', '.join(self.not_automated))}</small></p>"
            )
        if self.run_id:
            parts.append(f"<p><small>run {esc(self.run_id)}</small></p>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_markdown_(self) -> str:
        parts = [f"**{self.title}** · {self._headline()}"]
        if self.error:
            parts.append("```\n" + self.error + "\n```")
        if self.results:
            parts.append(markdown_results(self.results))
        if self.not_automated:
            parts.append("Not automated yet: " + ", ".join(self.not_automated))
        return "\n\n".join(parts)

    def __str__(self) -> str:
        lines = [f"{self.title}: {self._headline()}"]
        if self.error:
            lines.append(self.error)
        for r in self.results:
            lines.append(
                f"  {r.status.value:<15} {r.check_id:<11} {r.region:<15} {r.resource}  {r.reason}"
            )
        if self.not_automated:
            lines.append("  not automated yet: " + ", ".join(self.not_automated))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def _title(a: Assessment, item_id: str | None) -> str:
    if item_id is None:
        return "All items"
    return f"{item_id} {a.checklist.item(item_id).title}"


def _check_titles(a: Assessment) -> dict[str, str]:
    return {c.id: c.title for c in a.checklist.checks}


class ProgressDisplay:
    """A static HTML progress line updated in place (no widgets: works in any front end).

    It appears only once a run has taken `delay` seconds, so quick runs leave no trace.
    """

    def __init__(self, title: str, delay: float = 1.0) -> None:
        import time

        self.title = title
        self.handle: Any = None
        self._shown_after = time.monotonic() + delay

    def _render(self, p: Progress | None) -> str:
        if p is None:
            return f"<small>{esc(self.title)}: resolving scope …</small>"
        return (
            f'<small>{esc(self.title)}: <progress value="{p.done}" max="{max(p.total, 1)}">'
            f"</progress> {p.done}/{p.total} · {p.results} result(s) · {esc(p.label)}"
            f" (interrupt the kernel to cancel)</small>"
        )

    def update(self, p: Progress | None) -> None:
        import time

        from IPython.display import HTML, display

        if self.handle is None:
            if time.monotonic() >= self._shown_after:
                self.handle = display(HTML(self._render(p)), display_id=True)
        else:
            self.handle.update(HTML(self._render(p)))

    def close(self) -> None:
        from IPython.display import HTML

        if self.handle is not None:
            self.handle.update(HTML(""))


def verify(
    a: Assessment,
    item_id: str | None = None,
    *,
    check_ids: Iterable[str] | None = None,
    progress: bool = True,
) -> ItemResults:
    """Run checks (see `Assessment.verify`), with a progress line when in a kernel's main thread."""
    import threading

    from .verification import Verification, run_interruptibly

    ids = list(check_ids) if check_ids is not None else None
    show = progress and in_kernel() and threading.current_thread() is threading.main_thread()
    ticker = ProgressDisplay(item_id or "all items") if show else None
    outcome = run_interruptibly(Verification(a, item_id, check_ids=ids), ticker)
    return ItemResults.of(a, outcome)


def in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def assessment_html(a: Assessment) -> str:
    """Render a short card for `a` as the last line of a cell: file, scope, progress."""
    from .scoring import VERDICT_ICONS, Verdict

    s = a.summary()
    scope = a.scope_settings
    where = (
        f"sandbox <code>{esc(scope.sandbox)}</code>"
        if scope.sandbox
        else f"profile <code>{esc(scope.profile)}</code>"
        if scope.profile
        else "the standard AWS credential chain"
    )
    regions = ", ".join(scope.regions) if scope.regions else "all enabled (or $SECCHECK_REGIONS)"
    totals = " · ".join(
        f"{VERDICT_ICONS[v]} {s['totals'][v.value]} {esc(v.label)}"
        for v in Verdict
        if s["totals"][v.value]
    )
    return (
        f'<div class="jp-Seccheck-assessment"><b>{esc(s["title"])}</b><br>'
        f"<small>file <code>{esc(str(a.path))}</code> · "
        f"checklist {esc(s['checklist']['name'])} "
        f"{esc(s['checklist']['version'])} · scope: {where}, regions {esc(regions)} · "
        f"{len(a.runs)} run(s), {len(a.answers)} answer(s)</small><br>{totals}</div>"
    )


def text_html(text: str) -> str:
    """Checklist prose as HTML: escaped, with `backticks` as code."""
    import re

    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text.strip()))


def item_guidance_html(item: Any) -> str:
    """Guidance, why it matters, WA mapping and references of a checklist item."""
    refs = "".join(
        f'<li><a href="{esc(r.url)}" target="_blank" rel="noopener">{esc(r.title)}</a></li>'
        for r in item.references
    )
    checks = "".join(
        f"<li><code>{esc(c.id)}</code> {esc(c.title)} <small>({esc(c.severity.value)}, "
        f"{esc(c.tier)})</small></li>"
        for c in item.checks
    )
    return (
        f'<div class="jp-Seccheck-guidance"><p>{text_html(item.guidance)}</p>'
        f"<p><b>Why it matters.</b> {text_html(item.why)}</p>"
        f"<p><small>Well-Architected: {esc(', '.join(item.wa.questions))} · primary "
        f"{esc(item.wa.primary)}"
        + (f" · related {esc(', '.join(item.wa.related))}" if item.wa.related else "")
        + "</small></p>"
        + (
            f"<details><summary>Automated checks ({len(item.checks)})</summary><ul>{checks}</ul>"
            "</details>"
            if checks
            else ""
        )
        + (f"<details><summary>References</summary><ul>{refs}</ul></details>" if refs else "")
        + "</div>"
    )
