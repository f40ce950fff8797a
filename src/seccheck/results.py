"""Statuses and per-resource results: the verdict vocabulary every view shares."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .palette import STATUSES

# Details key marking a NOT_APPLICABLE that is not "nothing of this kind exists".
NOT_JUDGED = "not_judged"


class Status(str, Enum):
    """Outcome of one check on one resource.

    PASS and FAIL are only ever given on data the tool actually read. When it could not see,
    the result is NOT_ASSESSABLE (denied, region off, API unsupported) or ERROR (unexpected).
    No check yields ACCEPTED: it is a FAIL someone accepted as a risk (seccheck.acceptance),
    applied when the assessment is read, and it is never counted as a PASS.
    """

    PASS = "PASS"
    FAIL = "FAIL"
    WARN = "WARN"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    NOT_ASSESSABLE = "NOT_ASSESSABLE"
    ERROR = "ERROR"
    ACCEPTED = "ACCEPTED"

    @property
    def icon(self) -> str:
        return STATUSES[self.value].icon

    @property
    def is_verdict(self) -> bool:
        """True when the tool saw the data and judged it."""
        return self in (
            Status.PASS,
            Status.FAIL,
            Status.WARN,
            Status.NOT_APPLICABLE,
            Status.ACCEPTED,
        )


@dataclass(frozen=True)
class Finding:
    """What a check function yields: a verdict on one resource (or on the account/region)."""

    resource: str
    status: Status
    reason: str
    details: dict[str, Any] = field(default_factory=dict)
    # The resource's own region (a bucket's, a trail's home region); None: the check's region.
    region: str | None = None

    def at(self, region: str | None) -> Finding:
        """Return the finding placed in `region` (unchanged when the region is unknown)."""
        return self if not region else replace(self, region=region)

    @classmethod
    def passed(cls, resource: str, reason: str, **details: Any) -> Finding:
        return cls(resource, Status.PASS, reason, details)

    @classmethod
    def failed(cls, resource: str, reason: str, **details: Any) -> Finding:
        return cls(resource, Status.FAIL, reason, details)

    @classmethod
    def warn(cls, resource: str, reason: str, **details: Any) -> Finding:
        return cls(resource, Status.WARN, reason, details)

    @classmethod
    def not_applicable(cls, resource: str, reason: str, **details: Any) -> Finding:
        return cls(resource, Status.NOT_APPLICABLE, reason, details)

    @classmethod
    def not_judged(cls, resource: str, reason: str, **details: Any) -> Finding:
        """NOT_APPLICABLE because the check could not judge, not because nothing exists.

        E.g. "GuardDuty has no detector (see DET-01-C05)": the prerequisite is missing, or the
        resource is assessed in another account. Scoring never counts it towards "met".
        """
        return cls(resource, Status.NOT_APPLICABLE, reason, {**details, NOT_JUDGED: True})

    @classmethod
    def not_assessable(cls, resource: str, reason: str, **details: Any) -> Finding:
        return cls(resource, Status.NOT_ASSESSABLE, reason, details)


@dataclass(frozen=True)
class Unreadable:
    """Stands in collected data for a value the tool could not read.

    Collectors put it where a per-resource read failed (e.g. one bucket's policy was denied), so
    a check can report that resource as not assessable instead of guessing.
    """

    status: Status
    reason: str

    def finding(self, resource: str) -> Finding:
        return Finding(resource, self.status, self.reason)


@dataclass(frozen=True)
class CheckResult:
    """A Finding placed in context: which check, item, account and region, and which calls."""

    check_id: str
    item_id: str
    account: str
    region: str
    resource: str
    status: Status
    reason: str
    severity: str
    service: str
    call_ids: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "check_id": self.check_id,
            "item_id": self.item_id,
            "account": self.account,
            "region": self.region,
            "resource": self.resource,
            "status": self.status.value,
            "reason": self.reason,
            "severity": self.severity,
            "service": self.service,
            "call_ids": list(self.call_ids),
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        return cls(
            check_id=data["check_id"],
            item_id=data["item_id"],
            account=data["account"],
            region=data["region"],
            resource=data["resource"],
            status=Status(data["status"]),
            reason=data["reason"],
            severity=data["severity"],
            service=data.get("service", ""),
            call_ids=tuple(data.get("call_ids", ())),
            details=data.get("details", {}),
        )

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of a finding across runs (used by diff)."""
        return (self.check_id, self.account, self.region, self.resource)
