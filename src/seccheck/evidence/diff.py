"""What changed between two snapshots: new, resolved and regressed findings, changed answers.

Pure comparison, no files: `evidence.load.load_snapshot` reads assessments, evidence notebooks
and results JSON into a `Snapshot`; `evidence.diff_cells` and `commands/diff.py` render a `Diff`.
A finding's identity across runs is (check id, account, region, resource). Honest verdicts apply
here too: a finding that now cannot be assessed is "changed", never "resolved". An ACCEPTED
finding is still a finding: FAIL <-> ACCEPTED is "changed", ACCEPTED -> PASS is "resolved".

Accepted risks are compared on their own (`AcceptanceChange`): added (in force now, not before),
expired (in force before, past its expiry now), removed (in force or expired before, revoked or
gone now) and changed (in force on both sides with another owner, reason or expiry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..results import CheckResult, Status
from .source import Answer

FINDING = (Status.FAIL, Status.WARN, Status.ACCEPTED)
SEEN_OK = (Status.PASS, Status.NOT_APPLICABLE)
Key = tuple[str, str, str, str]


@dataclass
class Snapshot:
    results: list[CheckResult]
    answers: dict[str, Answer] = field(default_factory=dict)
    label: str = ""
    # Acceptance.shown(as of the snapshot's moment); None: the source cannot tell (results JSON).
    acceptances: list[dict[str, Any]] | None = None


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


@dataclass(frozen=True)
class AcceptanceChange:
    kind: str  # added, expired, removed, changed
    id: str
    check_id: str
    target: str
    owner: str
    reason: str
    expires: str
    old_state: str | None
    new_state: str | None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Diff:
    old_label: str
    new_label: str
    changes: list[Change]
    answers: list[AnswerChange]
    acceptances: list[AcceptanceChange] = field(default_factory=list)

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
        out = {**{k: len(self.of(k)) for k in kinds}, "answers": len(self.answers)}
        for kind in ACCEPTANCE_KINDS:
            n = sum(1 for a in self.acceptances if a.kind == kind)
            if n:
                out[f"acceptances {kind}"] = n
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
            "answers": [a.to_dict() for a in self.answers],
            "acceptances": [a.to_dict() for a in self.acceptances],
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
    return Diff(
        old.label,
        new.label,
        changes,
        _answer_changes(old.answers, new.answers),
        # Only when both sides say which risks were accepted (a bare results file may not).
        acceptance_changes(old.acceptances, new.acceptances)
        if old.acceptances is not None and new.acceptances is not None
        else [],
    )


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


ACCEPTANCE_KINDS = ("added", "expired", "removed", "changed")


def acceptance_changes(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[AcceptanceChange]:
    """Accepted risks added, expired, removed or changed between two sides (matched by id)."""
    before = {a["id"]: a for a in old}
    after = {a["id"]: a for a in new}
    out = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        was = a.get("state") if a else None
        now = b.get("state") if b else None
        kind = None
        if now == "active" and was != "active":
            kind = "added"  # new, renewed after expiring, or accepted again after a revocation
        elif was == "active" and now == "expired":
            kind = "expired"
        elif was in ("active", "expired") and now in (None, "revoked"):
            kind = "removed"
        elif was == now == "active" and a and b:
            fields = ("owner", "reason", "expires", "account", "region", "resource")
            kind = "changed" if any(a.get(f) != b.get(f) for f in fields) else None
        if kind:
            ref = b or a
            assert ref is not None
            out.append(
                AcceptanceChange(
                    kind,
                    key,
                    str(ref.get("check_id", "")),
                    str(ref.get("target", "")),
                    str(ref.get("owner", "")),
                    str(ref.get("reason", "")),
                    str(ref.get("expires", "")),
                    was,
                    now,
                )
            )
    order = {k: i for i, k in enumerate(ACCEPTANCE_KINDS)}
    return sorted(out, key=lambda c: (order[c.kind], c.check_id, c.id))
