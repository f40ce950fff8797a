"""Reading evidence in: assessments, results JSON, runs in memory and evidence notebooks.

`load_source` builds the `EvidenceSource` an export renders; `load_snapshot` builds the
`Snapshot` a diff compares. Everything that knows a file format on the way in is here, so the
comparison (`diff`) and the renderers (`content`, `diff_cells`, `export`) never read files.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import jsonload
from ..aws.recorder import CallRecord
from ..results import CheckResult
from .diff import Diff, Snapshot, diff_snapshots
from .sidecar import load_results
from .source import RESULTS_SCHEMA, Answer, EvidenceSource, RunInfo, _iso

if TYPE_CHECKING:
    from ..assessment import AssessmentFile
    from ..checklist import Checklist
    from ..runner import RunReport


def load_source(path: Path, checklist: Checklist | None = None) -> EvidenceSource:
    """Read an assessment file or a results JSON into an EvidenceSource."""
    raw = path.read_bytes()
    try:
        data = jsonload.loads(raw)
    except ValueError as exc:  # not JSON, or nested too deep
        raise ValueError(
            f"{path}: not JSON ({exc}); expected an assessment or a results file"
        ) from None
    origin = {"file": path.name, "sha256": hashlib.sha256(raw).hexdigest()}
    if isinstance(data, dict) and data.get("schema") == RESULTS_SCHEMA:
        from ..checklist import load_checklist

        source = from_results_json(data, checklist or load_checklist())
    else:
        from ..assessment import AssessmentFile

        source = from_assessment(AssessmentFile.load(path))
    source.origin.update(origin)
    return source


def run_info(report: RunReport) -> RunInfo:
    return RunInfo(
        id=report.run_id,
        started_at=report.started_at,
        ended_at=report.ended_at,
        tool_version=report.tool_version,
        checklist=dict(report.checklist),
        scope=dict(report.scope),
        counts=report.counts(),
        cancelled=report.cancelled,
    )


def from_report(
    report: RunReport,
    checklist: Checklist,
    *,
    answers: dict[str, Any] | None = None,
    previous: RunReport | None = None,
) -> EvidenceSource:
    """Build a source from one run in memory (plus optional answers and the run before it)."""
    return EvidenceSource(
        checklist=checklist,
        runs=[run_info(r) for r in ([previous] if previous else [])] + [run_info(report)],
        results=list(report.results),
        calls=dict(report.calls),
        answers={q: Answer.from_any(q, a) for q, a in (answers or {}).items()},
        previous_results=list(previous.results) if previous else None,
        origin={"kind": "run", "run_id": report.run_id},
    )


def from_results_json(data: dict[str, Any], checklist: Checklist) -> EvidenceSource:
    run = data["run"]
    info = RunInfo(
        id=run["id"],
        started_at=run["started_at"],
        ended_at=run["ended_at"],
        tool_version=run.get("tool_version", ""),
        checklist=dict(run.get("checklist", {})),
        scope=dict(run.get("scope", {})),
        counts=dict(run.get("counts", {})),
        cancelled=bool(run.get("cancelled")),
    )
    calls = {c["id"]: CallRecord.from_dict(c) for c in data.get("calls", [])}
    return EvidenceSource(
        checklist=checklist,
        runs=[info],
        results=[CheckResult.from_dict(r) for r in data.get("results", [])],
        calls=calls,
        origin={"kind": "results"},
    )


def from_assessment(assessment: AssessmentFile) -> EvidenceSource:
    """Build a source from a stored assessment (through its public API only)."""
    from ..state import latest_of

    runs = list(assessment.runs)
    results = list(assessment.latest_results())
    call_ids = sorted({cid for r in results for cid in r.call_ids})
    calls = {c.id: c for c in assessment.calls(call_ids)} if call_ids else {}
    answers = {q: Answer.from_any(q, a) for q, a in assessment.answers.items()}
    statuses: dict[str, str] = {}
    colours: dict[str, str] = {}
    for item_id, status in assessment.item_statuses().items():
        statuses[item_id] = str(status.label)
        colours[item_id] = str(getattr(status.status, "color", ""))
    previous = previous_answers = None
    if len(runs) >= 2:
        known = {c.id for c in assessment.checklist.checks}
        previous = assessment.with_acceptances(latest_of(runs[:-1], known))
        previous_answers = _answers_before(assessment, runs[-1].started_at)
    return EvidenceSource(
        checklist=assessment.checklist,
        runs=[_run_info_of(r) for r in runs],
        results=results,
        calls=calls,
        answers=answers,
        item_statuses=statuses,
        item_colours=colours,
        previous_results=previous,
        previous_answers=previous_answers,
        origin={"kind": "assessment", "title": getattr(assessment.state, "title", "")},
        acceptances=[x.shown(assessment.clock()) for x in assessment.acceptances.values()],
    )


def _answers_before(assessment: AssessmentFile, moment: Any) -> dict[str, Answer]:
    """Rebuild the answers as they stood at `moment` from the assessment's history."""
    out: dict[str, Answer] = {}
    for event in assessment.history:
        if event.kind == "answer" and event.at < moment:
            out[event.subject] = Answer.from_any(event.subject, event.data)
    return out


def _run_info_of(run: Any) -> RunInfo:
    checklist = (
        run.checklist.model_dump(mode="json")
        if hasattr(run.checklist, "model_dump")
        else dict(run.checklist)
    )
    counts: dict[str, int] = {}
    for r in run.results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    return RunInfo(
        id=str(run.id),
        started_at=_iso(run.started_at),
        ended_at=_iso(run.ended_at),
        tool_version=str(run.tool_version or ""),
        checklist={k: str(v) for k, v in checklist.items() if k in ("name", "version", "hash")},
        scope=dict(run.scope),
        counts=counts,
        cancelled=run.status == "cancelled",
        status=str(run.status),
        pass_id=str(run.pass_id or run.id),
    )


def with_baseline(source: EvidenceSource, baseline: Path) -> EvidenceSource:
    """Compare the source with an earlier assessment, evidence notebook or results JSON."""
    old = load_snapshot(baseline)
    source.previous_results = old.results
    source.previous_answers = old.answers
    source.previous_label = old.label or baseline.name
    source.previous_acceptances = old.acceptances
    return source


def load_snapshot(path: Path) -> Snapshot:
    """Read an assessment file, an evidence notebook or a results JSON as a Snapshot."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.suffix == ".ipynb" or (
        isinstance(data, dict) and "cells" in data and "nbformat" in data
    ):
        return _from_notebook(data, path)
    if isinstance(data, dict) and data.get("schema") == RESULTS_SCHEMA:
        results = [CheckResult.from_dict(r) for r in data.get("results", [])]
        label = data.get("run", {}).get("id") or path.name
        return Snapshot(results, {}, label, carried_acceptances(results))
    from ..assessment import AssessmentFile

    assessment = AssessmentFile.load(path)
    runs = assessment.runs
    label = runs[-1].id if runs else path.name
    return assessment_snapshot(assessment, runs, assessment.state.updated_at, label or path.name)


def assessment_snapshot(
    assessment: AssessmentFile,
    runs: list[Any],
    moment: datetime,
    label: str,
    *,
    answers: bool = True,
) -> Snapshot:
    """The picture `runs` give, with the accepted risks as they stood at `moment`.

    A whole assessment file is compared as it stood when last saved; a pass as it stood when
    its last run ended. So an acceptance that expired between two sides shows as expired.
    """
    from ..acceptance import acceptances_as_of, apply_acceptances
    from ..state import latest_of

    known = {c.id for c in assessment.checklist.checks}
    accepted = acceptances_as_of(assessment.acceptances.values(), moment)
    results = apply_acceptances(latest_of(runs, known), accepted, moment.date())
    told = (
        {q: Answer.from_any(q, a) for q, a in assessment.answers.items()}
        if answers
        else _answers_before(assessment, moment)
    )
    shown = [a.shown(moment.date()) for a in accepted]
    return Snapshot(results, told, label, shown)


def pass_snapshots(assessment: AssessmentFile) -> list[Snapshot]:
    """One snapshot per assessment pass, oldest first: the picture after that pass."""
    from ..state import passes_of

    runs = assessment.runs
    out = []
    seen = 0
    for k, members in enumerate(passes_of(runs).values(), start=1):
        seen += len(members)
        end = max(r.ended_at or r.updated_at for r in members)
        label = f"pass {k} ({members[0].started_at:%Y-%m-%d %H:%M} UTC)"
        out.append(assessment_snapshot(assessment, runs[:seen], end, label, answers=False))
    return out


def carried_acceptances(results: list[CheckResult]) -> list[dict[str, Any]]:
    """The acceptances results carry (a results JSON or a sidecar has no list of its own)."""
    from ..acceptance import acceptance_of

    found: dict[str, dict[str, Any]] = {}
    for r in results:
        a = acceptance_of(r)
        if a is not None:
            found.setdefault(str(a.get("id")), a)
    return list(found.values())


def _from_notebook(nb: dict[str, Any], path: Path) -> Snapshot:
    """Answers from the answer cells; every result from the sidecar the manifest names."""
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
    return Snapshot(results, answers, f"{path.name} ({label})", carried_acceptances(results))


def diff_paths(old: Path, new: Path) -> Diff:
    a, b = load_snapshot(old), load_snapshot(new)
    return diff_snapshots(a, b)
