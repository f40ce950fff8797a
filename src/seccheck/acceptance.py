"""Risk acceptance: a failing finding someone owns, with a reason and an expiry date.

An acceptance names a check and, optionally, the account, region and resource it covers (left
out: any). It never changes what a check found: runs keep storing FAIL. It is applied when the
assessment is read (`apply_acceptances`), so every view, output and export sees the same thing:
a FAIL covered by an acceptance in force becomes ACCEPTED (never PASS), and carries who accepted
it, why, the owner and the expiry in `details["acceptance"]`. The day after `expires` it is a
FAIL again, marked as an expired acceptance. A revoked acceptance no longer applies but stays in
the file (so two kernels merge without losing the revocation, and `diff` can list it).

Only a FAIL can be accepted; a later pass's new FAIL of the same check and resource is covered
until the expiry, since acceptances are matched on the finding's identity, not on a run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .results import CheckResult, Status

ACCEPTANCE = "acceptance"  # the details key an applied (or expired) acceptance is shown under
AcceptanceState = Literal["active", "expired", "revoked"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Acceptance(BaseModel):
    """One accepted risk as stored in the assessment file (`acceptances`, keyed by id)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:16])
    check_id: str
    account: str | None = Field(None, description="None: every account")
    region: str | None = Field(None, description="None: every region")
    resource: str | None = Field(None, description="None: the whole check")
    reason: str
    owner: str
    expires: date = Field(description="last day it applies; the day after, the finding is a FAIL")
    accepted_by: str
    accepted_at: datetime = Field(default_factory=_now)
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    revoke_reason: str = ""
    updated_at: datetime = Field(default_factory=_now)

    def state(self, today: date) -> AcceptanceState:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if today > self.expires else "active"

    def matches(self, result: CheckResult) -> bool:
        return (
            result.check_id == self.check_id
            and self.account in (None, result.account)
            and self.region in (None, result.region)
            and self.resource in (None, result.resource)
        )

    @property
    def specificity(self) -> int:
        """How many of account/region/resource it names: the most specific one applies."""
        return sum(x is not None for x in (self.account, self.region, self.resource))

    @property
    def target(self) -> str:
        """What it covers, in words: "CHECK on RESOURCE (account, region)" or "CHECK (all)"."""
        where = ", ".join(x for x in (self.account, self.region) if x)
        what = f"{self.check_id} on {self.resource}" if self.resource else f"{self.check_id}"
        if not self.resource and not where:
            return f"{what} (every resource)"
        return f"{what} ({where})" if where else what

    def shown(self, today: date) -> dict[str, Any]:
        """The plain record views and exports show (JSON-able)."""
        return {
            "id": self.id,
            "check_id": self.check_id,
            "account": self.account,
            "region": self.region,
            "resource": self.resource,
            "target": self.target,
            "state": self.state(today),
            "reason": self.reason,
            "owner": self.owner,
            "expires": self.expires.isoformat(),
            "accepted_by": self.accepted_by,
            "accepted_at": self.accepted_at.isoformat().replace("+00:00", "Z"),
            "revoked_by": self.revoked_by,
            "revoked_at": self.revoked_at.isoformat().replace("+00:00", "Z")
            if self.revoked_at
            else None,
            "revoke_reason": self.revoke_reason,
        }


def _covering(
    result: CheckResult, acceptances: Iterable[Acceptance], today: date
) -> Acceptance | None:
    """The acceptance that speaks for a FAIL: the most specific in force, else an expired one."""
    found = [a for a in acceptances if a.state(today) != "revoked" and a.matches(result)]
    if not found:
        return None
    found.sort(key=lambda a: (a.state(today) == "active", a.specificity, a.expires), reverse=True)
    return found[0]


def apply_acceptances(
    results: Iterable[CheckResult], acceptances: Iterable[Acceptance], today: date
) -> list[CheckResult]:
    """FAILs covered by an acceptance in force become ACCEPTED; expired ones stay FAIL, marked.

    Anything but a FAIL is left as it is: an acceptance never touches a PASS, a WARN or a result
    the tool could not see, and a resource that has since been fixed shows PASS.
    """
    pool = list(acceptances)
    if not pool:
        return list(results)
    out = []
    for r in results:
        a = _covering(r, pool, today) if r.status is Status.FAIL else None
        if a is None:
            out.append(r)
            continue
        details = {**r.details, ACCEPTANCE: a.shown(today)}
        status = Status.ACCEPTED if a.state(today) == "active" else Status.FAIL
        out.append(replace(r, status=status, details=details))
    return out


def acceptance_of(result: CheckResult) -> dict[str, Any] | None:
    """The acceptance record a result carries (active or expired), or None."""
    value = result.details.get(ACCEPTANCE)
    return value if isinstance(value, dict) else None


def acceptance_note(result: CheckResult) -> str:
    """One line for tables: "accepted by X until D (owner O): reason" or the expired form."""
    a = acceptance_of(result)
    if not a:
        return ""
    who = f"accepted by {a.get('accepted_by', '')} (owner {a.get('owner', '')})"
    if a.get("state") == "expired":
        return f"acceptance expired {a.get('expires', '')}; was {who}: {a.get('reason', '')}"
    return f"{who} until {a.get('expires', '')}: {a.get('reason', '')}"


def merge_acceptances(
    disk: Mapping[str, Acceptance], mine: Mapping[str, Acceptance]
) -> dict[str, Acceptance]:
    """Per id, the later update wins (a revocation is an update, so it is never lost)."""
    out = dict(disk)
    for key, a in mine.items():
        other = out.get(key)
        if other is None or (a.updated_at, a.revoked_at is not None) > (
            other.updated_at,
            other.revoked_at is not None,
        ):
            out[key] = a
    return dict(sorted(out.items()))


def acceptances_as_of(acceptances: Iterable[Acceptance], moment: datetime) -> list[Acceptance]:
    """The acceptances as they stood at `moment`: recorded by then, revoked only if by then."""
    out = []
    for a in acceptances:
        if a.accepted_at > moment:
            continue
        if a.revoked_at is not None and a.revoked_at > moment:
            a = a.model_copy(update={"revoked_at": None, "revoked_by": None, "revoke_reason": ""})
        out.append(a)
    return out
