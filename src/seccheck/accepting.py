"""Accepting a failing finding as a risk, and revoking it: the rules, over an `AssessmentFile`.

The notebook facade (`Assessment.accept`, `.revoke_acceptance`) and the CLI (`seccheck accept`,
`acceptances`, `revoke`) both call these, so a refusal reads the same everywhere. Only a FAIL
found by the latest results can be accepted: a PASS, a WARN or a result the tool could not see
is refused with the status it has, since accepting it would record a risk nobody saw.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .acceptance import Acceptance
from .results import CheckResult, Status
from .state import as_date, current_user, new_id, utcnow

if TYPE_CHECKING:
    from .assessment import AssessmentFile
    from .state import AssessmentState


class AcceptanceError(ValueError):
    """What was asked cannot be accepted or revoked; the message says why and what to do."""


def _spec(check_id: str, account: str | None, region: str | None, resource: str | None) -> str:
    return Acceptance(
        check_id=check_id,
        account=account,
        region=region,
        resource=resource,
        reason="-",
        owner="-",
        expires=date.max,
        accepted_by="-",
    ).target


def accept(
    a: AssessmentFile,
    check_id: str,
    *,
    reason: str,
    owner: str,
    expires: date | datetime | str,
    resource: str | None = None,
    account: str | None = None,
    region: str | None = None,
    by: str | None = None,
) -> Acceptance:
    """Accept the FAIL of `check_id` on `resource` (None: every failing resource of the check).

    `account` and `region` narrow it further; left out, they are taken from the failing result
    when it names only one. Accepting the same finding again replaces the earlier acceptance
    (a new reason, owner or expiry), and the history keeps both.
    """
    a.require_writable()
    today = a.clock()
    try:
        a.checklist.check(check_id)
    except KeyError as exc:
        raise AcceptanceError(str(exc.args[0])) from None
    reason, owner = (reason or "").strip(), (owner or "").strip()
    if not reason:
        raise AcceptanceError(f"{check_id}: an acceptance needs a reason (why the risk is taken)")
    if not owner:
        raise AcceptanceError(f"{check_id}: an acceptance needs an owner (who answers for it)")
    try:
        until = as_date(expires)
    except ValueError:
        raise AcceptanceError(
            f"{check_id}: expiry {expires!r} is not a date (use YYYY-MM-DD)"
        ) from None
    if until < today:
        raise AcceptanceError(
            f"{check_id}: expiry {until} is in the past (today is {today}); give a later date"
        )
    target = _spec(check_id, account, region, resource)
    found = [
        r for r in a.latest_results(today=today) if _within(r, check_id, account, region, resource)
    ]
    if not found:
        raise AcceptanceError(
            f"{target}: no such finding in the latest results; verify first, and give the "
            "resource exactly as the results show it"
        )
    failing = [r for r in found if r.status in (Status.FAIL, Status.ACCEPTED)]
    if not failing:
        seen = ", ".join(sorted({r.status.value for r in found}))
        raise AcceptanceError(f"{target} is {seen}: only a FAIL can be accepted as a risk")
    if resource is not None:
        account = account or _only({r.account for r in failing})
        region = region or _only({r.region for r in failing})
    now = utcnow()
    earlier = next(
        (
            x
            for x in a.acceptances.values()
            if x.revoked_at is None
            and (x.check_id, x.account, x.region, x.resource)
            == (check_id, account, region, resource)
        ),
        None,
    )
    new = Acceptance(
        check_id=check_id,
        account=account,
        region=region,
        resource=resource,
        reason=reason,
        owner=owner,
        expires=until,
        accepted_by=(by or "").strip() or current_user(),
        accepted_at=now,
        updated_at=now,
        id=earlier.id if earlier else new_id(),
    )

    def store(state: AssessmentState) -> None:
        state.acceptances[new.id] = new

    action = "renewed" if earlier else "accepted"
    a.change("acceptance", new.id, {"action": action, **new.shown(today)}, store)
    return new


def revoke(
    a: AssessmentFile,
    acceptance: str,
    *,
    resource: str | None = None,
    reason: str = "",
    by: str | None = None,
) -> Acceptance:
    """Revoke an acceptance by its id, or by check id (and `resource`) when only one matches.

    The finding counts as FAIL again at once; the acceptance stays in the file, revoked.
    """
    a.require_writable()
    live = [x for x in a.acceptances.values() if x.revoked_at is None]
    if acceptance in a.acceptances:
        chosen = [a.acceptances[acceptance]]
        if chosen[0].revoked_at is not None:
            raise AcceptanceError(f"acceptance {acceptance} was already revoked")
    else:
        chosen = [x for x in live if x.check_id == acceptance and resource in (None, x.resource)]
    if not chosen:
        raise AcceptanceError(
            f"no acceptance in force matches {acceptance!r}"
            + (f" on {resource}" if resource else "")
            + "; `seccheck acceptances FILE` lists them with their ids"
        )
    if len(chosen) > 1:
        ids = ", ".join(f"{x.id} ({x.target})" for x in chosen)
        raise AcceptanceError(f"{acceptance!r} matches several acceptances; give one id: {ids}")
    now = utcnow()
    done = chosen[0].model_copy(
        update={
            "revoked_at": now,
            "revoked_by": (by or "").strip() or current_user(),
            "revoke_reason": reason.strip(),
            "updated_at": now,
        }
    )

    def store(state: AssessmentState) -> None:
        state.acceptances[done.id] = done

    a.change("acceptance", done.id, {"action": "revoked", **done.shown(a.clock())}, store)
    return done


def listing(a: AssessmentFile, *, include_revoked: bool = False) -> list[dict[str, Any]]:
    """Acceptances as of today (active / expired / revoked), with how many findings each covers."""
    today = a.clock()
    results = a.latest_results(today=today)
    out = []
    for x in a.acceptances.values():
        shown = x.shown(today)
        if shown["state"] == "revoked" and not include_revoked:
            continue
        shown["covers"] = sum(
            1
            for r in results
            if x.matches(r)
            and r.status in (Status.ACCEPTED, Status.FAIL)
            and (r.details.get("acceptance") or {}).get("id") == x.id
        )
        out.append(shown)
    return sorted(out, key=lambda s: (s["state"] != "active", s["expires"], s["check_id"]))


def _within(
    r: CheckResult, check_id: str, account: str | None, region: str | None, resource: str | None
) -> bool:
    return (
        r.check_id == check_id
        and account in (None, r.account)
        and region in (None, r.region)
        and resource in (None, r.resource)
    )


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None
