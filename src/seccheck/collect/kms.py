"""KMS facts (regional): keys with their metadata, rotation status and key policy.

AWS managed keys are recognised by their reserved `alias/aws/...` alias and not read further:
the checks only judge customer managed keys, and an account has a dozen AWS managed keys per
region. Per-key reads that fail are stored as `Unreadable` for that key.
"""

from __future__ import annotations

import json
from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "kms": ("DescribeKey", "GetKeyPolicy", "GetKeyRotationStatus", "ListAliases", "ListKeys"),
}

ROTATABLE = {
    "KeyManager": "CUSTOMER",
    "KeySpec": "SYMMETRIC_DEFAULT",
    "Origin": "AWS_KMS",
    "KeyState": "Enabled",
}
# Keys on their way out: their policy no longer matters.
GONE_STATES = ("PendingDeletion", "PendingReplicaDeletion")


def _read(api: Api, method: str, arn: str, **params: Any) -> Any:
    try:
        return api.call("kms", method, resource=arn, **params)
    except ApiError as err:
        return Unreadable(err.status, err.reason)


@fact("kms.keys", scope="regional")
def keys(api: Api) -> list[dict[str, Any]]:
    """List customer managed keys (and keys whose manager could not be read).

    Keys: id, arn, aliases, metadata (describe_key's KeyMetadata), rotation (bool, or None when
    the key cannot rotate automatically), policy (parsed default key policy; None for keys
    pending deletion, which are kept so DP-01-C21 can report them).
    """
    aliases: dict[str, list[str]] = {}
    for alias in api.paginate("kms", "list_aliases", "Aliases") or []:
        if alias.get("TargetKeyId"):
            aliases.setdefault(alias["TargetKeyId"], []).append(alias["AliasName"])
    # AWS managed keys (alias/aws/...) are skipped: AWS rotates them and owns their policy.
    listed = [
        key
        for key in api.paginate("kms", "list_keys", "Keys") or []
        if not any(n.startswith("alias/aws/") for n in aliases.get(key["KeyId"], []))
    ]
    # _key reads through _read, which keeps a failed read in the item: no Unreadable comes back.
    read = read_each(api, "kms", listed, lambda key: _key(api, key, aliases))
    return [item for item in read if isinstance(item, dict)]


def _key(api: Api, key: dict[str, Any], aliases: dict[str, list[str]]) -> dict[str, Any] | None:
    """One key's metadata, rotation and policy (None: not customer managed)."""
    names = sorted(aliases.get(key["KeyId"], []))
    arn = key["KeyArn"]
    described = _read(api, "describe_key", arn, KeyId=arn)
    meta = described if isinstance(described, Unreadable) else described.get("KeyMetadata", {})
    item: dict[str, Any] = {"id": key["KeyId"], "arn": arn, "aliases": names, "metadata": meta}
    if isinstance(meta, dict) and meta.get("KeyManager") != "CUSTOMER":
        return None
    rotatable = isinstance(meta, dict) and all(meta.get(k) == v for k, v in ROTATABLE.items())
    item["rotation"] = None
    if rotatable:
        status = _read(api, "get_key_rotation_status", arn, KeyId=arn)
        item["rotation"] = (
            status if isinstance(status, Unreadable) else bool(status.get("KeyRotationEnabled"))
        )
    item["policy"] = None
    if not isinstance(meta, dict) or meta.get("KeyState") not in GONE_STATES:
        policy = _read(api, "get_key_policy", arn, KeyId=arn, PolicyName="default")
        item["policy"] = (
            policy if isinstance(policy, Unreadable) else _parse(policy.get("Policy"))
        )
    return item


def _parse(text: Any) -> dict[str, Any] | Unreadable:
    try:
        parsed = json.loads(text)
    except (TypeError, ValueError):
        return Unreadable(Status.ERROR, "the key policy is not valid JSON")
    return parsed if isinstance(parsed, dict) else Unreadable(Status.ERROR, "unexpected key policy")
