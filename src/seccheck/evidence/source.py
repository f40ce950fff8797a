"""What an evidence export reads, in one plain shape, whatever it was read from.

An assessment file (the normal case), a results JSON from `seccheck run --output`, or a
RunReport in memory all become an `EvidenceSource`: the checklist, the runs, the latest result
per finding key, the call records behind them and the manual answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..aws.recorder import CallRecord
from ..results import CheckResult

if TYPE_CHECKING:
    from ..checklist import Checklist

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
    pass_id: str = ""  # the assessment pass (one Run All, wizard pass or `seccheck run`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pass": self.pass_id or self.id,
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
    acceptances: list[dict[str, Any]] = field(default_factory=list)  # Acceptance.shown(today)
    previous_acceptances: list[dict[str, Any]] | None = None  # the baseline's, when it says

    @property
    def acceptances_known(self) -> list[dict[str, Any]]:
        """The source's acceptances, or those its results carry (a results JSON has no list)."""
        if self.acceptances:
            return self.acceptances
        found: dict[str, dict[str, Any]] = {}
        for r in self.results:
            a = r.details.get("acceptance")
            if isinstance(a, dict):
                found.setdefault(str(a.get("id")), a)
        return list(found.values())

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

    @property
    def passes(self) -> list[dict[str, Any]]:
        """Runs grouped into assessment passes, in order: id, start, end, items, run count."""
        grouped: dict[str, list[RunInfo]] = {}
        for run in self.runs:
            grouped.setdefault(run.pass_id or run.id, []).append(run)
        return [
            {
                "id": pid,
                "started_at": min(r.started_at for r in runs),
                "ended_at": max(r.ended_at for r in runs),
                "runs": len(runs),
                "tool_version": runs[-1].tool_version,
            }
            for pid, runs in grouped.items()
        ]

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


def _iso(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).replace("+00:00", "Z")
    return str(value)
