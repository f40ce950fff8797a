"""What an evidence export reads, in one plain shape, whatever it was read from.

An assessment file (the normal case), a results JSON from `seccheck run --output`, or a
RunReport in memory all become an `EvidenceSource`: the checklist, the runs, the latest result
per finding key, the call records behind them and the manual answers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import jsonload
from ..aws.recorder import CallRecord
from ..results import CheckResult

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport

RESULTS_SCHEMA = "seccheck.results/v1"


@dataclass
class RunInfo:
    id: str
    started_at: str
    ended_at: str
    tool_version: str
    checklist: dict[str, str]
    scope: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    cancelled: bool = False
    status: str = "completed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "tool_version": self.tool_version,
            "checklist": self.checklist,
            "counts": self.counts,
            "cancelled": self.cancelled,
            "status": self.status,
            "accounts": [a.get("id") for a in self.scope.get("accounts", [])],
            "regions": list(self.scope.get("regions", [])),
        }


@dataclass
class Answer:
    """A manual answer as the evidence notebook shows it."""

    question_id: str
    status: str  # yes, partial, no, not_applicable
    reason: str = ""
    notes: str = ""
    urls: list[str] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)  # name/path, sha256, size
    answered_by: str = ""
    answered_at: str = ""
    review_by: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "status": self.status,
            "reason": self.reason,
            "notes": self.notes,
            "urls": self.urls,
            "files": self.files,
            "answered_by": self.answered_by,
            "answered_at": self.answered_at,
            "review_by": self.review_by,
        }

    @classmethod
    def from_any(cls, question_id: str, raw: Any) -> Answer:
        """From the assessment's pydantic answer (or its JSON form), a plain dict, or an Answer."""
        if isinstance(raw, Answer):
            return raw
        data = raw.model_dump(mode="json") if hasattr(raw, "model_dump") else dict(raw)
        evidence = data.get("evidence") or []
        urls = list(data.get("urls") or [])
        files = [dict(f) for f in (data.get("files") or [])]
        if isinstance(evidence, dict):  # {"urls": [...], "files": [...]}
            urls += list(evidence.get("urls") or [])
            files += [dict(f) for f in evidence.get("files") or []]
        else:  # [{"kind": "url"|"file", "value": ..., "sha256": ...}, ...]
            for e in evidence:
                if e.get("kind") == "url":
                    urls.append(e.get("value", ""))
                else:
                    files.append(
                        {
                            "name": e.get("value", ""),
                            "sha256": e.get("sha256"),
                            "size": e.get("size"),
                            "stored_at": e.get("stored_at"),
                            "added_by": e.get("added_by", ""),
                            "added_at": e.get("added_at"),
                        }
                    )
        status = data.get("status")
        return cls(
            question_id=str(data.get("question_id") or question_id),
            status=str(getattr(status, "value", status) or ""),
            reason=str(data.get("reason") or ""),
            notes=str(data.get("notes") or ""),
            urls=[str(u) for u in urls],
            files=files,
            answered_by=str(data.get("answered_by") or ""),
            answered_at=_iso(data.get("answered_at")),
            review_by=_iso(data.get("review_by")),
        )


@dataclass
class EvidenceSource:
    checklist: Checklist
    runs: list[RunInfo]
    results: list[CheckResult]
    calls: dict[str, CallRecord]
    answers: dict[str, Answer] = field(default_factory=dict)
    item_statuses: dict[str, str] = field(default_factory=dict)  # item id -> verdict label
    item_colours: dict[str, str] = field(default_factory=dict)
    previous_results: list[CheckResult] | None = None
    previous_answers: dict[str, Answer] | None = None
    previous_label: str = ""
    origin: dict[str, Any] = field(default_factory=dict)  # kind, file name, sha256

    # -- derived views --------------------------------------------------------------------------

    @property
    def scope(self) -> dict[str, Any]:
        """Accounts, regions and caller ARNs over all runs."""
        accounts: dict[str, dict[str, Any]] = {}
        regions: list[str] = []
        for run in self.runs:
            for a in run.scope.get("accounts", []):
                accounts.setdefault(a.get("id"), a)
            for r in run.scope.get("regions", []):
                if r not in regions:
                    regions.append(r)
        last = self.runs[-1].scope if self.runs else {}
        return {
            "accounts": list(accounts.values()),
            "regions": regions,
            "caller_arns": sorted({a.get("caller_arn", "") for a in accounts.values()} - {""}),
            "endpoint_url": last.get("endpoint_url"),
            "sandbox": bool(last.get("sandbox")),
            "home_region": last.get("home_region"),
        }

    @property
    def window(self) -> tuple[str, str]:
        if not self.runs:
            return ("", "")
        return (min(r.started_at for r in self.runs), max(r.ended_at for r in self.runs))

    def results_for(self, item_id: str) -> list[CheckResult]:
        return [r for r in self.results if r.item_id == item_id]

    def calls_for(self, results: Iterable[CheckResult]) -> list[CallRecord]:
        seen: dict[str, CallRecord] = {}
        for r in results:
            for cid in r.call_ids:
                rec = self.calls.get(cid)
                if rec is not None:
                    seen.setdefault(cid, rec)
        return sorted(seen.values(), key=lambda c: c.id)


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


def from_assessment(assessment: Any) -> EvidenceSource:
    """Build a source from `seccheck.assessment.AssessmentFile` (through its public API only)."""
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
        previous = latest_of(runs[:-1], known)
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
    )


def _answers_before(assessment: Any, moment: Any) -> dict[str, Answer]:
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
    )


def _iso(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    return str(value)


def with_baseline(source: EvidenceSource, baseline: Path) -> EvidenceSource:
    """Compare the source with an earlier assessment, evidence notebook or results JSON."""
    from ..diff import load_snapshot

    old = load_snapshot(baseline)
    source.previous_results = old.results
    source.previous_answers = old.answers
    source.previous_label = old.label or baseline.name
    return source


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


RESULT_COLUMNS = [
    "check_id",
    "item_id",
    "account",
    "region",
    "resource",
    "status",
    "reason",
    "severity",
    "service",
    "call_ids",
    "details",
]


def pack_results(results: Iterable[CheckResult]) -> dict[str, Any]:
    """Results as columns + rows (`to_dict()` per result without repeating the keys)."""
    rows = []
    for r in results:
        d = r.to_dict()
        rows.append([d[c] for c in RESULT_COLUMNS])
    return {"columns": RESULT_COLUMNS, "rows": rows}


def unpack_results(packed: dict[str, Any] | list[dict[str, Any]]) -> list[CheckResult]:
    if isinstance(packed, list):
        return [CheckResult.from_dict(d) for d in packed]
    columns = packed["columns"]
    return [CheckResult.from_dict(dict(zip(columns, row, strict=True))) for row in packed["rows"]]
