"""The evidence report (HTML, PDF) for people, rendered from the evidence data, not the notebook.

An auditor reads a report, not a notebook dump: no code, no prompts. A Jinja2 template
(`templates/report/report.html.j2`, autoescaped) lays out the cover, the executive summary with
its charts, a prioritised improvement plan (failing checks by severity, with remediation and
documentation, as the Well-Architected Tool's improvement plan does), per item the answers,
evidence and results (failures first), and the appendix of API calls. Print CSS makes the PDF:
`write_pdf` prints the HTML with Debian's headless Chromium.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..acceptance import acceptance_note
from ..results import Status
from . import figures
from .accepted import accepted_risks
from .content import (
    ANSWER_LABELS,
    MISSING_EVIDENCE,
    SEVERITIES,
    STATUS_COLOURS,
    STATUS_ORDER,
    evidence_missing,
)

if TYPE_CHECKING:
    from ..results import CheckResult
    from .source import EvidenceSource

TEMPLATES = Path(__file__).parent / "templates" / "report"
CHROMIUM = "/usr/bin/chromium"  # Debian's; $SECCHECK_CHROMIUM names another
PASS_NAMES_SHOWN = 30  # passing resources are listed by name up to this many per check
ROWS_PER_CHECK = 200  # failing rows shown per check; all of them are in the sidecar and exports
_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


class PdfError(RuntimeError):
    """Chromium could not print the report; the message says why."""


def render_html(
    src: EvidenceSource,
    *,
    generated_at: str,
    tool: dict[str, str],
    notebook_name: str,
    signer: str | None = None,
    digests: dict[str, str] | None = None,
) -> str:
    """The report as one self-contained HTML page (plotly.js embedded once, no network)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    context = report_context(
        src,
        generated_at=generated_at,
        tool=tool,
        notebook_name=notebook_name,
        signer=signer,
        digests=digests or {},
    )
    return env.get_template("report.html.j2").render(**context)


def report_context(
    src: EvidenceSource,
    *,
    generated_at: str,
    tool: dict[str, str],
    notebook_name: str,
    signer: str | None,
    digests: dict[str, str],
) -> dict[str, Any]:
    """Plain data the template lays out (tested without rendering)."""
    from markupsafe import Markup

    from .manifest_file import verify_command

    checklist = src.checklist
    start, end = src.window
    stem = notebook_name.rsplit(".", 1)[0]
    charts = [
        ("chart-severity", figures.status_by_severity_source(src)),
        ("chart-sections", figures.status_by_section_source(src)),
        ("chart-answers", figures.answers_source(src)),
    ]
    if src.item_statuses:
        charts.insert(0, ("chart-items", figures.verdicts_source(src)))
    # Our own generated chart HTML (figure JSON with `</` escaped), trusted as markup.
    chart_html = [
        Markup(figures.render(source, f"report-{cid}")["data"]["text/html"])
        for cid, source in charts
    ]
    return {
        "title": f"Security assessment report: {checklist.name}",
        "checklist": checklist,
        "scope": src.scope,
        "passes": src.passes,
        "window": (start, end),
        "generated_at": generated_at,
        "tool": tool,
        "botocore_versions": sorted(
            {c.botocore_version for c in src.calls.values() if c.botocore_version}
        )
        or [tool.get("botocore", "")],
        "signer": signer,
        "notebook_name": notebook_name,
        "manifest_name": f"{stem}.manifest.json",
        "verify_command": verify_command(f"{stem}.manifest.json"),
        "origin": src.origin,
        "plotlyjs": Markup(figures.plotlyjs_output()["data"]["text/html"]),
        "charts": chart_html,
        "counts": _counts(src.results),
        "severities": SEVERITIES,
        "statuses": [s.value for s in STATUS_ORDER],
        "colours": STATUS_COLOURS,
        "item_statuses": Counter(src.item_statuses.values()),
        "changes": _changes(src),
        "plan": improvement_plan(src),
        "accepted": accepted_risks(src),
        "acceptance_note": acceptance_note,
        "sections": _sections(src),
        "calls": sorted(src.calls.values(), key=lambda c: c.id),
        "digests": digests,
        "missing_evidence": MISSING_EVIDENCE,
        "unsupported": [
            q.id
            for item in checklist.items
            for q in item.manual_questions
            if q.id in src.answers and evidence_missing(q, src.answers[q.id])
        ],
    }


def _changes(src: EvidenceSource) -> dict[str, Any] | None:
    """What changed since the earlier picture (as the notebook's diff section shows it)."""
    if src.previous_results is None:
        return None
    from markupsafe import Markup

    from .diff import Snapshot, diff_snapshots
    from .diff_cells import diff_section_cells

    old = Snapshot(
        results=src.previous_results,
        answers=src.previous_answers or {},
        acceptances=src.previous_acceptances,
        label=src.previous_label
        or (f"the picture before {src.runs[-1].id}" if src.runs else "previous"),
    )
    new = Snapshot(
        results=src.results,
        answers=src.answers,
        label=src.runs[-1].id if src.runs else "latest",
        acceptances=src.acceptances_known,
    )
    diff = diff_snapshots(old, new)
    chart = next(c for c in diff_section_cells(diff) if c.cell_type == "code")
    rank = {"regressed": 0, "new": 1, "resolved": 2, "gone": 3, "changed": 4}
    return {
        "diff": diff,
        "counts": diff.counts(),
        "rows": sorted(diff.changes, key=lambda c: (rank.get(c.kind, 9), c.check_id))[:500],
        "chart": Markup(chart.outputs[0]["data"]["text/html"]),
    }


def _counts(results: list[CheckResult]) -> dict[str, Any]:
    by = Counter((r.status.value, r.severity) for r in results)
    return {
        "cells": {f"{s}/{sev}": n for (s, sev), n in by.items()},
        "status": Counter(r.status.value for r in results),
        "severity": Counter(r.severity for r in results),
        "total": len(results),
    }


def improvement_plan(src: EvidenceSource) -> list[dict[str, Any]]:
    """Failing checks, most severe first, then most resources; each with its remediation."""
    checks = {c.id: (item, c) for item in src.checklist.items for c in item.checks}
    failing: dict[str, list[CheckResult]] = defaultdict(list)
    for r in src.results:
        if r.status is Status.FAIL:
            failing[r.check_id].append(r)
    plan = []
    for check_id, rows in failing.items():
        item, spec = checks.get(check_id, (None, None))
        references = list(spec.references) if spec else []
        if item is not None and not references:
            references = list(item.references)
        plan.append(
            {
                "check_id": check_id,
                "title": spec.title if spec else check_id,
                "severity": rows[0].severity,
                "item_id": item.id if item else rows[0].item_id,
                "item_title": item.title if item else "",
                "count": len(rows),
                "resources": sorted({r.resource for r in rows})[:10],
                "more": max(0, len({r.resource for r in rows}) - 10),
                "remediation": spec.remediation if spec else "",
                "rationale": spec.rationale if spec else "",
                "references": [{"title": ref.title, "url": ref.url} for ref in references],
            }
        )
    def rank(entry: dict[str, Any]) -> tuple[int, int, str]:
        check_id = str(entry["check_id"])
        return (_SEVERITY_RANK.get(str(entry["severity"]), 99), -len(failing[check_id]), check_id)

    return sorted(plan, key=rank)


def _sections(src: EvidenceSource) -> list[dict[str, Any]]:
    checklist = src.checklist
    by_item: dict[str, list[CheckResult]] = defaultdict(list)
    for r in src.results:
        by_item[r.item_id].append(r)
    sections = []
    for section in checklist.sections:
        items = []
        for item in (i for i in checklist.items if i.section == section.id):
            items.append(
                {
                    "item": item,
                    "status": src.item_statuses.get(item.id, ""),
                    "colour": src.item_colours.get(item.id, "#607d8b"),
                    "answers": [
                        {
                            "question": q,
                            "answer": src.answers.get(q.id),
                            "label": ANSWER_LABELS.get(
                                src.answers[q.id].status, src.answers[q.id].status
                            )
                            if q.id in src.answers
                            else "",
                            "unsupported": q.id in src.answers
                            and evidence_missing(q, src.answers[q.id]),
                        }
                        for q in item.manual_questions
                    ],
                    "checks": _check_groups(item, by_item.get(item.id, [])),
                }
            )
        sections.append({"section": section, "entries": items})
    return sections


def _check_groups(item: Any, results: list[CheckResult]) -> list[dict[str, Any]]:
    """Per check: failures first (shown row by row), passes counted and named."""
    groups = []
    for spec in item.checks:
        rows = sorted(
            (r for r in results if r.check_id == spec.id),
            key=lambda r: (_RANK[r.status], r.account, r.region, r.resource),
        )
        shown = [r for r in rows if r.status not in (Status.PASS, Status.NOT_APPLICABLE)]
        passing = [r for r in rows if r.status is Status.PASS]
        groups.append(
            {
                "spec": spec,
                "rows": shown[:ROWS_PER_CHECK],
                "hidden_rows": max(0, len(shown) - ROWS_PER_CHECK),
                "failing": sum(1 for r in rows if r.status is Status.FAIL),
                "passing": len(passing),
                "pass_names": [r.resource for r in passing[:PASS_NAMES_SHOWN]],
                "not_applicable": sum(1 for r in rows if r.status is Status.NOT_APPLICABLE),
                "total": len(rows),
            }
        )
    # Checks with failures first, then the rest in checklist order.
    groups.sort(key=lambda g: (0 if g["failing"] else 1 if g["rows"] else 2))
    return groups


def write_pdf(html_path: Path, pdf_path: Path, *, timeout: float = 180) -> bytes:
    """Print the report with headless Chromium (charts drawn first); return the PDF's bytes."""
    chromium = Path(os.environ.get("SECCHECK_CHROMIUM") or CHROMIUM)
    if not chromium.is_file():
        raise PdfError(
            f"{chromium} is missing: install Debian's chromium (apt-get install chromium) "
            "or set $SECCHECK_CHROMIUM, or export without --pdf"
        )
    with tempfile.TemporaryDirectory(prefix="seccheck-pdf-") as profile:
        args = [
            str(chromium),
            "--headless",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            # Time for plotly.js to inflate and draw every chart before printing.
            "--virtual-time-budget=30000",
            f"--print-to-pdf={pdf_path}",
            html_path.resolve().as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses its sandbox as root
        try:
            done = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"chromium did not finish printing within {timeout:.0f} s") from exc
    if done.returncode != 0 or not pdf_path.is_file():
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise PdfError(f"chromium could not print the report: {' '.join(tail)}")
    data = pdf_path.read_bytes()
    if not data.startswith(b"%PDF"):
        raise PdfError(f"chromium wrote {pdf_path} but it is not a PDF")
    return data
