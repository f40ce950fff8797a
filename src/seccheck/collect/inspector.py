"""Amazon Inspector facts (regional): this account's activation per resource type."""

from __future__ import annotations

from typing import Any

from ..results import Status, Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "inspector2": ("BatchGetAccountStatus",),
}


@fact("inspector2.account_status", scope="regional")
def account_status(api: Api) -> dict[str, Any] | Unreadable:
    """Return the scanned account's status entry ({} when Inspector was never turned on).

    Always names the account: some endpoints fail when `accountIds` is left out.
    """
    resp = api.call("inspector2", "batch_get_account_status", accountIds=[api.account])
    for entry in resp.get("accounts", []):
        if entry.get("accountId") == api.account:
            return dict(entry)
    for failed in resp.get("failedAccounts", []):
        if failed.get("accountId") == api.account:
            why = f"{failed.get('errorCode', '')}: {failed.get('errorMessage', '')}"
            return Unreadable(Status.NOT_ASSESSABLE, f"Inspector did not report it ({why})")
    return {}
