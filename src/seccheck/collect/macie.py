"""Macie fact (regional): whether Macie runs in the region.

AWS answers a region where Macie was never enabled with AccessDeniedException "Macie is not
enabled"; moto answers ResourceNotFoundException after disable_macie. Both mean "not enabled",
which is a finding; any other denial is a missing permission and stays an error.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "macie2": ("GetMacieSession",),
}

NOT_ENABLED = {"status": "NOT_ENABLED"}


@fact("macie2.session", scope="regional")
def session(api: Api) -> dict[str, Any]:
    try:
        answer = api.call("macie2", "get_macie_session", absent_on=("ResourceNotFoundException",))
    except ApiError as err:
        if err.code.startswith("AccessDenied") and "not enabled" in err.reason.lower():
            return dict(NOT_ENABLED)
        raise
    if answer is None:
        return dict(NOT_ENABLED)
    return {"status": answer.get("status", "UNKNOWN"), "updated": str(answer.get("updatedAt", ""))}
