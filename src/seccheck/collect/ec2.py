"""EC2 compute and storage facts (regional): instances, EBS volumes, snapshots, images, defaults."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ec2": (
        "DescribeImages",
        "DescribeInstances",
        "DescribeSnapshotAttribute",
        "DescribeSnapshots",
        "DescribeVolumes",
        "GetEbsEncryptionByDefault",
    ),
}


@fact("ec2.instances", scope="regional")
def instances(api: Api) -> list[dict[str, Any]]:
    """Every instance in the region (any state), flattened out of its reservation."""
    reservations = api.paginate("ec2", "describe_instances", "Reservations") or []
    out: list[dict[str, Any]] = []
    for reservation in reservations:
        for instance in reservation.get("Instances", []):
            out.append({**instance, "OwnerId": reservation.get("OwnerId", api.account)})
    return out


@fact("ec2.ebs_encryption_by_default", scope="regional")
def ebs_encryption_by_default(api: Api) -> bool:
    return bool(api.call("ec2", "get_ebs_encryption_by_default").get("EbsEncryptionByDefault"))


@fact("ec2.volumes", scope="regional")
def volumes(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_volumes", "Volumes") or []


def _own_snapshots(api: Api, **params: Any) -> list[dict[str, Any]]:
    # The owner filter repeats OwnerIds=self because some endpoints ignore OwnerIds.
    listed = api.paginate("ec2", "describe_snapshots", "Snapshots", OwnerIds=["self"],
                          Filters=[{"Name": "owner-id", "Values": [api.account]}], **params) or []
    return [s for s in listed if s.get("OwnerId") in (None, api.account)]


@fact("ec2.snapshots", scope="regional")
def snapshots(api: Api) -> list[dict[str, Any]]:
    """Return the account's own snapshots, each with `Public` and `CreateVolumePermissions`.

    AWS lists the public ones directly (RestorableByUserIds=all), so two listings usually
    settle every snapshot. Only when that second listing returns every snapshot, which is what
    an endpoint ignoring the filter does too, is each snapshot's permission read (one call
    each; a failed read is Unreadable). `CreateVolumePermissions` is None when not read.
    """
    own = _own_snapshots(api)
    if not own:
        return []
    public = {s["SnapshotId"] for s in _own_snapshots(api, RestorableByUserIds=["all"])}
    if public != {s["SnapshotId"] for s in own}:
        return [{**s, "Public": s["SnapshotId"] in public, "CreateVolumePermissions": None}
                for s in own]
    out: list[dict[str, Any]] = []
    for snap in own:
        snap_id = snap["SnapshotId"]
        try:
            attr = api.call("ec2", "describe_snapshot_attribute", resource=snap_id,
                            SnapshotId=snap_id, Attribute="createVolumePermission")
            permissions: Any = attr.get("CreateVolumePermissions", [])
            is_public: bool | None = any(p.get("Group") == "all" for p in permissions)
        except ApiError as err:
            permissions, is_public = Unreadable(err.status, err.reason), None
        out.append({**snap, "Public": is_public, "CreateVolumePermissions": permissions})
    return out


@fact("ec2.images", scope="regional")
def images(api: Api) -> list[dict[str, Any]]:
    """AMIs owned by the account (`Public` is part of the listing)."""
    return api.paginate("ec2", "describe_images", "Images", Owners=["self"]) or []
