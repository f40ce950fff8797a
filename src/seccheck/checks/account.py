"""Account checks: alternate contacts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check


@check("IAM-01-C06", "account.alternate_contacts")
def security_contact(ctx: Context, contacts: dict[str, dict[str, Any] | None]) -> Iterator[Finding]:
    missing_others = [
        k for k in ("OPERATIONS", "BILLING") if not (contacts.get(k) or {}).get("EmailAddress")
    ]
    note = f" (no {' or '.join(missing_others).lower()} contact either)" if missing_others else ""
    security = contacts.get("SECURITY") or {}
    if security.get("EmailAddress"):
        others = (
            f"; {' and '.join(m.lower() for m in missing_others)} contact not set"
            if missing_others
            else ""
        )
        yield Finding.passed(
            ctx.account_arn,
            f"a security alternate contact is registered{others}",
            contact_name=security.get("Name", ""),
        )
    else:
        yield Finding.failed(ctx.account_arn, f"no security alternate contact is registered{note}")
