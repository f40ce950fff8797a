"""Secrets in EC2 user data and launch templates (IAM-04): judged from verdicts, never values.

The collector (`collect/user_data.py`) keeps, per instance and launch template version, only
whether there is user data and which kinds of secret detect-secrets found in it. A resource
whose user data could not be read is NOT_ASSESSABLE, never PASS.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check


def _who(kind: str, entry: dict[str, Any]) -> str:
    name = entry.get("name")
    return f"{kind} {entry['id']}" + (f" ({name})" if name else "")


@check("IAM-04-C05", "ec2.user_data_secrets")
def no_secrets_in_user_data(
    ctx: Context, found: dict[str, list[dict[str, Any]]]
) -> Iterator[Finding]:
    instances, templates = found.get("instances", []), found.get("launch_templates", [])
    if not instances and not templates:
        yield Finding.not_applicable(
            ctx.account_arn, f"no instances or launch templates in {ctx.region}"
        )
        return
    for entry in instances:
        who = _who("instance", entry)
        if "unreadable" in entry:
            yield entry["unreadable"].finding(entry["arn"])
        elif entry.get("secrets"):
            yield Finding.failed(
                entry["arn"],
                f"{who}: its user data holds what looks like a secret "
                f"({', '.join(entry['secrets'])}; the value is not shown)",
                secret_kinds=entry["secrets"],
            )
        else:
            state = "no secret found in its user data" if entry.get("has_user_data") else (
                "no user data"
            )
            yield Finding.passed(entry["arn"], f"{who}: {state}")
    for entry in templates:
        who = _who("launch template", entry)
        if "unreadable" in entry:
            yield entry["unreadable"].finding(entry["arn"])
            continue
        leaky = [v for v in entry.get("versions", []) if v.get("secrets")]
        if leaky:
            kinds = sorted({k for v in leaky for k in v["secrets"]})
            numbers = ", ".join(str(v["version"]) for v in leaky)
            yield Finding.failed(
                entry["arn"],
                f"{who}: user data of version(s) {numbers} holds what looks like a secret "
                f"({', '.join(kinds)}; the value is not shown)",
                secret_kinds=kinds, versions=[v["version"] for v in leaky],
            )
        else:
            count = len(entry.get("versions", []))
            yield Finding.passed(entry["arn"], f"{who}: no secret in the user data of its "
                                               f"{count} version(s)")
