"""The readable parts of an evidence notebook: cover, summary, item sections, appendix.

Everything that came from AWS or from a person (resource names, reasons, notes) is HTML-escaped
and placed inside HTML blocks, so it can neither inject markup into the exported HTML nor be
read as Markdown or LaTeX (`$`) by JupyterLab.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import TYPE_CHECKING

from .. import markup, palette
from ..acceptance import acceptance_note
from ..markup import esc, table
from ..results import CheckResult, Status

if TYPE_CHECKING:
    from ..aws.recorder import CallRecord
    from ..checklist import Item, ManualQuestion
    from .source import Answer, EvidenceSource

# Findings first, then what was not seen, then what is fine (the palette's display order).
STATUS_ORDER = [Status(k) for k in palette.STATUSES if k in Status.__members__]
STATUS_COLOURS = {k: s.colour for k, s in palette.STATUSES.items()}
SEVERITIES = list(palette.SEVERITIES)
ROWS_PER_CHECK = 100  # findings first; the rest are counted (all are in the sidecar and exports)
ANSWER_LABELS = {k: s.label for k, s in palette.ANSWERS.items()}


def badge(status: str, colour: str | None = None) -> str:
    """A status value as a pill in its palette colour (or in `colour`)."""
    return markup.badge(status, colour or palette.style(palette.STATUSES, status).colour)


def short_call(call_id: str) -> str:
    """Call ids in an assessment are run-qualified; the run's timestamp is noise in tables."""
    return re.sub(r"^run-\d{8}T\d{6}Z-", "", call_id)


def mark(status: str) -> str:
    """Compact status label for big tables (icon and name, no markup)."""
    icon = palette.STATUSES[status].icon if status in palette.STATUSES else ""
    return f"{icon} {esc(status)}".strip()




def _kv(rows: list[tuple[str, str]]) -> str:
    body = "\n".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table>\n{body}\n</table>"


# --- cover and summary -------------------------------------------------------------------------


def cover(
    src: EvidenceSource,
    generated_at: str,
    tool: dict[str, str],
    notebook_name: str,
    signer: str | None = None,
) -> str:
    scope = src.scope
    start, end = src.window
    checklist = src.checklist
    botocore_versions = sorted(
        {c.botocore_version for c in src.calls.values() if c.botocore_version}
    )
    accounts = (
        "<br>".join(
            esc(
                f"{a.get('id')}"
                + (f" ({a.get('name')})" if a.get("name") else "")
                + (f" via role {a.get('via_role')}" if a.get("via_role") else "")
            )
            for a in scope["accounts"]
        )
        or "none recorded"
    )
    rows = [
        ("Accounts", accounts),
        ("Regions", esc(", ".join(scope["regions"]) or "none recorded")),
        ("Caller identity", "<br>".join(esc(a) for a in scope["caller_arns"]) or "not recorded"),
        (
            "Checklist",
            esc(
                f"{checklist.name} {checklist.version} (WA framework "
                f"{checklist.wa_framework_version})"
            ),
        ),
        ("Checklist SHA-256", f"<code>{esc(checklist.hash)}</code>"),
        (
            "Tool",
            esc(
                f"seccheck {tool['seccheck']}; "
                f"botocore {', '.join(botocore_versions) or tool['botocore']}; "
                f"nbformat {tool['nbformat']}"
            ),
        ),
        (
            "Assessment passes",
            "<br>".join(
                esc(
                    f"{p['id']}: {p['started_at']} to {p['ended_at']} "
                    f"({p['runs']} verification{'s' if p['runs'] != 1 else ''}, "
                    f"seccheck {p['tool_version']})"
                )
                for p in src.passes
            ),
        ),
        ("Time window", esc(f"{start} to {end} (UTC)")),
        ("Generated", esc(f"{generated_at} (UTC)")),
        ("Signer", esc(f"SSH key {signer}") if signer else "not signed"),
    ]
    if src.origin.get("file"):
        rows.append(
            ("Source", esc(f"{src.origin['file']} (SHA-256 {src.origin.get('sha256', '')})"))
        )
    mismatched = sorted(
        {str(r.checklist.get("hash")) for r in src.runs} - {checklist.hash, "None", ""}
    )
    if mismatched:
        rows.append(
            (
                "Note",
                esc(
                    "some runs used a different checklist version: "
                    + ", ".join(h[:12] for h in mismatched)
                ),
            )
        )
    sandbox = ""
    if scope.get("sandbox"):
        sandbox = (
            "\n\n<p><b>Sandbox:</b> these runs assessed the seccheck sandbox "
            f"({esc(scope.get('endpoint_url') or '')}), not a real AWS account.</p>"
        )
    return (
        f"# Evidence: {esc(checklist.name)}\n\n"
        "Automated results, manual attestations and the exact read-only AWS calls behind them, "
        "for the scope below.\n\n" + _kv(rows) + sandbox + "\n\n"
        + integrity(notebook_name, signer)
        + "\n\n"
        "**Replay.** Run the *Replay setup* cell, then any item's *Replay* cell: it re-sends the "
        "same read calls with your credentials (or to `AWS_ENDPOINT_URL`) and compares the answers "
        "with what was recorded. Running cells changes their outputs, so run a copy, not the "
        "evidence itself."
    )


def integrity(notebook_name: str, signer: str | None) -> str:
    """How to check this export, with or without seccheck (cover of the notebook and report)."""
    from .manifest_file import verify_command

    stem = notebook_name.rsplit(".", 1)[0]
    text = (
        "**Integrity.** Every cell carries a SHA-256 of its content; "
        f"`{esc(stem)}.manifest.json` lists them with the SHA-256 of every other file of this "
        "export (sidecar, HTML, PDF, attached evidence). Check everything with "
        f"`seccheck verify {esc(notebook_name)} --signer allowed_signers`; any edit to a cell, its "
        "outputs or a file is reported by name."
    )
    if signer:
        text += (
            f" The manifest is signed with the SSH key {esc(signer)}; without seccheck, "
            f"check the signature with `{esc(verify_command(stem + '.manifest.json'))}` "
            "(`allowed_signers` holds a line `SIGNER ssh-ed25519 AAAA...` with the key you "
            "trust), then each file against its listed SHA-256 with `sha256sum`."
        )
    return text


def counts_table(results: list[CheckResult]) -> str:
    by = Counter((r.status.value, r.severity) for r in results)
    statuses = [s.value for s in STATUS_ORDER]
    rows = []
    for status in statuses:
        cells = [str(by.get((status, sev), 0)) for sev in SEVERITIES]
        total = sum(by.get((status, sev), 0) for sev in SEVERITIES)
        rows.append([badge(status), *cells, f"<b>{total}</b>"])
    totals = [str(sum(by.get((s, sev), 0) for s in statuses)) for sev in SEVERITIES]
    rows.append(["<b>all</b>", *totals, f"<b>{len(results)}</b>"])
    return table(["status", *SEVERITIES, "total"], rows, raw=True)


def summary(src: EvidenceSource) -> str:
    results = src.results
    fails = [r for r in results if r.status is Status.FAIL]
    worst = Counter(r.severity for r in fails)
    by_severity = ", ".join(f"{worst[s]} {s}" for s in SEVERITIES if worst[s])
    answered = sum(
        1 for i in src.checklist.items for q in i.manual_questions if q.id in src.answers
    )
    questions = sum(len(i.manual_questions) for i in src.checklist.items)
    lines = [
        "## Executive summary\n",
        f"<p>{len(results)} automated results over {len({r.check_id for r in results})} checks; "
        f"<b>{len(fails)} failing</b> ({by_severity or 'none'}); "
        f"{sum(1 for r in results if r.status is Status.ACCEPTED)} accepted as risks; "
        f"{sum(1 for r in results if not r.status.is_verdict)} could not be assessed. "
        f"{answered} of {questions} manual questions answered.</p>\n",
        counts_table(results),
    ]
    return "\n".join(lines)


def contents(src: EvidenceSource) -> str:
    rows = []
    for item in src.checklist.items:
        res = src.results_for(item.id)
        counts = Counter(r.status.value for r in res)
        auto = " ".join(
            f"{badge(s.value)}&nbsp;{counts[s.value]}" for s in STATUS_ORDER if counts[s.value]
        )
        qs = item.manual_questions
        manual = f"{sum(1 for q in qs if q.id in src.answers)}/{len(qs)}" if qs else "-"
        status = src.item_statuses.get(item.id, "")
        rows.append(
            [
                f'<a href="#item-{esc(item.id)}">{esc(item.id)}</a>',
                esc(item.title),
                badge(status, src.item_colours.get(item.id)) if status else "",
                auto or "no results",
                esc(manual),
            ]
        )
    return "## Items\n\n" + table(
        ["item", "title", "status", "automated", "answered"], rows, raw=True
    )


# --- one item ----------------------------------------------------------------------------------


def item_guidance(item: Item, section_title: str, status: str, colour: str | None = None) -> str:
    refs = "".join(f'<li><a href="{esc(r.url)}">{esc(r.title)}</a></li>' for r in item.references)
    checks = "".join(
        f"<li><code>{esc(c.id)}</code> {esc(c.title)} ({esc(c.severity.value)})</li>"
        for c in item.checks
    )
    status_html = f" {badge(status, colour)}" if status else ""
    return (
        f'<a id="item-{esc(item.id)}" name="item-{esc(item.id)}"></a>\n\n'
        f"## {esc(item.id)} · {esc(item.title)}\n\n"
        f"<p><i>{esc(section_title)}</i>{status_html} · Well-Architected "
        f"{esc(', '.join(item.wa.best_practices))}</p>\n"
        f"<p><b>Guidance.</b> {esc(item.guidance)}</p>\n"
        f"<p><b>Why it matters.</b> {esc(item.why)}</p>\n"
        + (f"<p><b>Automated checks</b></p><ul>{checks}</ul>\n" if checks else "")
        + (f"<p><b>References</b></p><ul>{refs}</ul>" if refs else "")
    )


def evidence_missing(question: ManualQuestion, answer: Answer) -> bool:
    """An answer the checklist says needs evidence (`evidence.required_for`), given without it.

    The checklist's one rule (`EvidenceSpec.lacks_evidence`), over the export's answer shape.
    """
    kinds = ["url"] * len(answer.urls) + ["file"] * len(answer.files)
    return question.evidence.lacks_evidence(answer.status, answer.notes, kinds)


MISSING_EVIDENCE = (
    "UNSUPPORTED: the checklist requires evidence for this answer and none is attached"
)


def answers_block(item: Item, answers: dict[str, Answer]) -> str:
    parts = [f"### {esc(item.id)}: manual attestation\n"]
    for q in item.manual_questions:
        a = answers.get(q.id)
        if a is None:
            parts.append(f"<p><b>{esc(q.id)}</b> {esc(q.prompt)}<br><i>not yet answered</i></p>")
            continue
        evidence = [f'<a href="{esc(u)}">{esc(u)}</a>' for u in a.urls]
        evidence += [
            esc(f"{f.get('name') or f.get('path')} (SHA-256 {f.get('sha256', 'not recorded')})")
            + (f" in <code>{esc(f['exported_as'])}</code>" if f.get("exported_as") else "")
            for f in a.files
        ]
        flag = (
            f' <span style="color:#c62828;font-weight:bold">{esc(MISSING_EVIDENCE)}</span>'
            if evidence_missing(q, a)
            else ""
        )
        rows = [
            ("Answer", badge(ANSWER_LABELS.get(a.status, a.status)) + flag),
            ("Reason", esc(a.reason) or "<i>none given</i>"),
            ("Notes", esc(a.notes).replace("\n", "<br>") or "<i>none</i>"),
            ("Evidence", "<br>".join(evidence) or "<i>none attached</i>"),
            (
                "Answered by",
                esc(f"{a.answered_by or 'unknown'} at {a.answered_at or 'unknown time'}"),
            ),
            ("Review by", esc(a.review_by or "not set")),
        ]
        parts.append(f"<p><b>{esc(q.id)}</b> {esc(q.prompt)}</p>\n{_kv(rows)}")
    return "\n\n".join(parts)


def results_block(item: Item, results: list[CheckResult], *, multi_account: bool) -> str:
    """Per-resource results, grouped by check (title and severity once per group)."""
    order = {c.id: i for i, c in enumerate(item.checks)}
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    ordered = sorted(
        results,
        key=lambda r: (order.get(r.check_id, 99), rank[r.status], r.account, r.region, r.resource),
    )
    titles = {c.id: c.title for c in item.checks}
    headers = [
        "status",
        "resource",
        *(["account"] if multi_account else []),
        "region",
        "reason",
        "calls",
    ]
    lines: list[str] = []
    groups: dict[str, list[CheckResult]] = {}
    for r in ordered:
        groups.setdefault(r.check_id, []).append(r)
    for check_id, group in groups.items():
        lines.append(
            f'<tr><th colspan="{len(headers)}"><code>{esc(check_id)}</code> '
            f"{esc(titles.get(check_id, ''))} · {esc(group[0].severity)}</th></tr>"
        )
        lines += [_result_row(r, multi_account) for r in group[:ROWS_PER_CHECK]]
        rest = Counter(r.status.value for r in group[ROWS_PER_CHECK:])
        if rest:
            listed = ", ".join(f"{n} {s}" for s, n in rest.items())
            lines.append(
                f'<tr><td colspan="{len(headers)}"><i>... and {sum(rest.values())} more '
                f"({esc(listed)}), not listed here to keep the notebook small; every result is "
                "in the sidecar and in the CSV/OCSF exports</i></td></tr>"
            )
    counts = Counter(r.status.value for r in results)
    line = ", ".join(f"{counts[s.value]} {s.value}" for s in STATUS_ORDER if counts[s.value])
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = (
        (
            "<table>\n<thead><tr>"
            + head
            + "</tr></thead>\n<tbody>\n"
            + "\n".join(lines)
            + "\n</tbody>\n</table>"
        )
        if lines
        else ""
    )
    summary = esc(line or "no automated results")
    return f"### {esc(item.id)}: automated results\n\n<p>{summary}</p>\n{body}"


def _result_row(r: CheckResult, multi_account: bool) -> str:
    calls = " ".join(f'<a href="#call-{esc(c)}">{esc(short_call(c))}</a>' for c in r.call_ids)
    cells = [
        mark(r.status.value),
        esc(r.resource),
        *([esc(r.account)] if multi_account else []),
        esc(r.region),
        esc(r.reason) + _acceptance(r),
        calls,
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _acceptance(r: CheckResult) -> str:
    note = acceptance_note(r)
    return f"<br><i>{esc(note)}</i>" if note else ""


# --- appendix ----------------------------------------------------------------------------------


def calls_table(records: list[CallRecord], digests: dict[str, str]) -> str:
    """One row per call; the caller ARN per account is on the cover."""
    rows = []
    for c in records:
        params = json.dumps(c.params, default=str, sort_keys=True, separators=(",", ":"))
        if len(params) > 100:
            params = params[:100] + "..."
        outcome = c.outcome + (f": {c.error_code}" if c.error_code else "")
        digest = digests.get(c.id, "")
        rows.append(
            f'<tr><td><a id="call-{esc(c.id)}" name="call-{esc(c.id)}"></a>'
            f"{esc(short_call(c.id))}</td>"
            f"<td>{esc(c.service)}.{esc(c.operation)}</td><td>{esc(params)}</td><td>{esc(c.account)}</td>"
            f"<td>{esc(c.region)}</td><td>{esc(c.started_at)}</td><td>{c.duration_ms:.0f}</td>"
            f"<td>{c.pages}</td><td>{esc(outcome)}</td><td>{esc(digest[:16])}</td></tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "id",
            "operation",
            "parameters",
            "account",
            "region",
            "time (UTC)",
            "ms",
            "pages",
            "outcome",
            "response SHA-256",
        )
    )
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )
