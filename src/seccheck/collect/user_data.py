"""Secrets in EC2 user data and launch templates: a verdict per resource, never the value.

This is the only module the read-only guard lets read user data (`guard.SECRET_SCANNER`):
DescribeInstanceAttribute(userData) and DescribeLaunchTemplateVersions return it, and people
leave keys and passwords in boot scripts. Each response is reduced by `_instance_verdict` /
`_template_verdict` inside the call (`Api.call(digest=...)`), before the run cache, the call
record or any caller sees it: what is kept is whether there is user data and which kinds of
secret detect-secrets found in it.
"""

from __future__ import annotations

import base64
import binascii
import gzip
from typing import Any

from ..aws.redact import secret_kinds
from ..results import Unreadable
from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ec2": (
        "DescribeInstanceAttribute",
        "DescribeInstances",
        "DescribeLaunchTemplateVersions",
        "DescribeLaunchTemplates",
    ),
}
_GONE = ("terminated", "shutting-down")
_MAX_PAGES = 20  # launch template versions, 200 a page


def _text(encoded: str | None) -> str:
    """User data as text: base64, maybe gzipped (cloud-init accepts both)."""
    if not encoded:
        return ""
    try:
        raw = base64.b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        return encoded
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            pass
    return raw.decode("utf-8", errors="replace")


def _verdict(encoded: str | None) -> dict[str, Any]:
    text = _text(encoded)
    kinds = sorted(set(secret_kinds(text, True)) | set(secret_kinds(encoded or "", True)))
    return {"has_user_data": bool(text.strip()), "secrets": kinds}


def _instance_verdict(response: dict[str, Any]) -> dict[str, Any]:
    return _verdict((response.get("UserData") or {}).get("Value"))


def _template_verdict(response: dict[str, Any]) -> dict[str, Any]:
    versions = [
        {
            "version": v.get("VersionNumber"),
            "default": bool(v.get("DefaultVersion")),
            **_verdict((v.get("LaunchTemplateData") or {}).get("UserData")),
        }
        for v in response.get("LaunchTemplateVersions", [])
    ]
    return {"versions": versions, "NextToken": response.get("NextToken")}


def _arn(api: Api, kind: str, resource_id: str) -> str:
    return f"arn:{api.partition}:ec2:{api.region}:{api.account}:{kind}/{resource_id}"


def _name(tags: list[dict[str, str]] | None) -> str:
    return next((t.get("Value", "") for t in tags or [] if t.get("Key") == "Name"), "")


@fact("ec2.user_data_secrets", scope="regional")
def user_data_secrets(api: Api) -> dict[str, list[dict[str, Any]]]:
    """Per instance and launch template: whether user data holds secrets (kinds only)."""
    return {"instances": _instances(api), "launch_templates": _templates(api)}


def _instances(api: Api) -> list[dict[str, Any]]:
    reservations = api.paginate("ec2", "describe_instances", "Reservations") or []
    out: list[dict[str, Any]] = [
        {
            "id": instance["InstanceId"],
            "arn": _arn(api, "instance", instance["InstanceId"]),
            "name": _name(instance.get("Tags")),
        }
        for reservation in reservations
        for instance in reservation.get("Instances", [])
        if instance.get("State", {}).get("Name") not in _GONE
    ]

    def read(entry: dict[str, Any]) -> dict[str, Any]:
        return dict(api.call(
            "ec2", "describe_instance_attribute", resource=entry["arn"],
            digest=_instance_verdict, InstanceId=entry["id"], Attribute="userData",
        ))

    for entry, verdict in zip(out, read_each(api, "ec2", out, read), strict=True):
        if isinstance(verdict, Unreadable):
            entry["unreadable"] = verdict
        else:
            entry.update(verdict)
    return out


def _templates(api: Api) -> list[dict[str, Any]]:
    listed = api.paginate("ec2", "describe_launch_templates", "LaunchTemplates") or []
    out: list[dict[str, Any]] = [
        {
            "id": template["LaunchTemplateId"],
            "arn": _arn(api, "launch-template", template["LaunchTemplateId"]),
            "name": template.get("LaunchTemplateName", ""),
        }
        for template in listed
    ]

    def read(entry: dict[str, Any]) -> list[dict[str, Any]]:
        versions: list[dict[str, Any]] = []
        token: str | None = None
        for _ in range(_MAX_PAGES):
            params: dict[str, Any] = {"LaunchTemplateId": entry["id"]}
            if token:
                params["NextToken"] = token
            page = api.call(
                "ec2", "describe_launch_template_versions", resource=entry["arn"],
                digest=_template_verdict, **params,
            )
            versions += page["versions"]
            token = page.get("NextToken")
            if not token:
                break
        return versions

    for entry, versions in zip(out, read_each(api, "ec2", out, read), strict=True):
        entry["unreadable" if isinstance(versions, Unreadable) else "versions"] = versions
    return out
