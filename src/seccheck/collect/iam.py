"""IAM facts (global): account summary, credential report, users, roles, policies."""

from __future__ import annotations

import csv
import io
import time

from .api import Api
from .registry import fact


@fact("iam.account_summary", scope="global")
def account_summary(api: Api) -> dict[str, int]:
    return dict(api.call("iam", "get_account_summary")["SummaryMap"])


@fact("iam.credential_report", scope="global")
def credential_report(api: Api) -> list[dict[str, str]]:
    """Rows of the credential report (with the `<root_account>` row when AWS gives one)."""
    for attempt in range(20):
        # GenerateCredentialReport only starts a report job; the guard allows it by name.
        state = api.call("iam", "generate_credential_report", fresh=True).get("State")
        if state == "COMPLETE":
            break
        time.sleep(min(0.25 * (attempt + 1), 2))
    content = api.call("iam", "get_credential_report")["Content"]
    text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
    return list(csv.DictReader(io.StringIO(text)))
