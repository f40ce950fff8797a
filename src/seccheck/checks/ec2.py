"""EC2 checks: instance metadata hardening, EBS encryption, public snapshots and images."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .network import ec2_arn, label, name_tag
from .registry import Context, check

# Instances that are, or are about to be, running; stopped ones cannot be reached.
LIVE_STATES = ("pending", "running")


def live_instances(instances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in instances if i.get("State", {}).get("Name") in LIVE_STATES]


@check("INF-01-C06", "ec2.instances")
def instances_require_imdsv2(ctx: Context, instances: list[dict[str, Any]]) -> Iterator[Finding]:
    live = live_instances(instances)
    if not live:
        yield Finding.not_applicable(ctx.account_arn, f"no running instances in {ctx.region}")
        return
    for instance in live:
        instance_id = instance["InstanceId"]
        options = instance.get("MetadataOptions") or {}
        tokens, endpoint = options.get("HttpTokens"), options.get("HttpEndpoint")
        details = {"name": name_tag(instance), "http_tokens": tokens, "http_endpoint": endpoint}
        resource = ec2_arn(ctx, "instance", instance_id)
        who = f"instance {label(instance_id, instance)}"
        if endpoint == "disabled":
            yield Finding.passed(resource, f"{who} has the metadata service turned off", **details)
        elif tokens == "required":
            yield Finding.passed(resource, f"{who} requires IMDSv2 session tokens", **details)
        else:
            yield Finding.failed(resource, f"{who} still answers IMDSv1 requests (HttpTokens="
                                           f"{tokens or 'unset'})", **details)


@check("DP-01-C01", "ec2.ebs_encryption_by_default")
def ebs_encryption_by_default(ctx: Context, enabled: bool) -> Iterator[Finding]:
    if enabled:
        yield Finding.passed(ctx.account_arn, f"new EBS volumes in {ctx.region} are encrypted by "
                                              "default", ebs_encryption_by_default=True)
    else:
        yield Finding.failed(ctx.account_arn, f"EBS encryption by default is off in {ctx.region}",
                             ebs_encryption_by_default=False)


@check("DP-01-C02", "ec2.volumes")
def volumes_encrypted(ctx: Context, volumes: list[dict[str, Any]]) -> Iterator[Finding]:
    if not volumes:
        yield Finding.not_applicable(ctx.account_arn, f"no EBS volumes in {ctx.region}")
        return
    for volume in volumes:
        volume_id = volume["VolumeId"]
        attached = [a.get("InstanceId") for a in volume.get("Attachments", [])]
        details = {"name": name_tag(volume), "attached_to": attached,
                   "kms_key_id": volume.get("KmsKeyId")}
        resource = ec2_arn(ctx, "volume", volume_id)
        if volume.get("Encrypted"):
            yield Finding.passed(resource, f"volume {label(volume_id, volume)} is encrypted",
                                 **details)
        else:
            yield Finding.failed(resource, f"volume {label(volume_id, volume)} is not encrypted",
                                 **details)


def _image_arn(ctx: Context, kind: str, resource_id: str) -> str:
    # Snapshot and image ARNs carry no account id.
    return f"arn:{ctx.partition}:ec2:{ctx.region}::{kind}/{resource_id}"


@check("DP-01-C03", "ec2.snapshots", "ec2.images")
def snapshots_and_images_private(ctx: Context, snapshots: list[dict[str, Any]],
                                 images: list[dict[str, Any]]) -> Iterator[Finding]:
    if not snapshots and not images:
        yield Finding.not_applicable(ctx.account_arn, f"no own snapshots or AMIs in {ctx.region}")
        return
    for snap in snapshots:
        snap_id = snap["SnapshotId"]
        resource = _image_arn(ctx, "snapshot", snap_id)
        permissions = snap.get("CreateVolumePermissions")
        if isinstance(permissions, Unreadable):
            yield permissions.finding(resource)
            continue
        who = f"snapshot {label(snap_id, snap)}"
        details: dict[str, Any] = {"name": name_tag(snap)}
        if isinstance(permissions, list):
            public = any(p.get("Group") == "all" for p in permissions)
            details["shared_with_accounts"] = sorted(
                p.get("UserId", "") for p in permissions if p.get("UserId"))
        else:  # settled by the listing of public snapshots
            public = bool(snap.get("Public"))
        if public:
            yield Finding.failed(resource, f"{who} is public: any AWS account can create a "
                                           "volume from it", **details)
        else:
            yield Finding.passed(resource, f"{who} is not public", **details)
    for image in images:
        image_id = image["ImageId"]
        resource = _image_arn(ctx, "image", image_id)
        who = f"AMI {image_id} ({image.get('Name') or name_tag(image) or 'unnamed'})"
        name, public = image.get("Name"), bool(image.get("Public"))
        if public:
            yield Finding.failed(resource, f"{who} is public: any AWS account can launch it",
                                 name=name, public=True)
        else:
            yield Finding.passed(resource, f"{who} is not public", name=name, public=False)


@check("DP-01-C15", "ec2.snapshots")
def snapshots_encrypted(ctx: Context, snapshots: list[dict[str, Any]]) -> Iterator[Finding]:
    if not snapshots:
        yield Finding.not_applicable(ctx.account_arn, f"no own EBS snapshots in {ctx.region}")
        return
    for snap in snapshots:
        snap_id = snap["SnapshotId"]
        resource = _image_arn(ctx, "snapshot", snap_id)
        who = f"snapshot {label(snap_id, snap)}"
        details = {"name": name_tag(snap), "volume_id": snap.get("VolumeId"),
                   "kms_key_id": snap.get("KmsKeyId")}
        if snap.get("Encrypted"):
            yield Finding.passed(resource, f"{who} is encrypted", **details)
        else:
            yield Finding.failed(resource, f"{who} is not encrypted: its copies and the volumes "
                                           "created from it are unencrypted too", **details)
