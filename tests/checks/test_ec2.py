"""EC2 checks (INF-01-C06, DP-01-C01..C03): pure evaluation, the snapshot collector against canned
answers, then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from seccheck.checks import ec2 as checks
from seccheck.checks.registry import Context
from seccheck.collect import ec2 as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import (
    ACCOUNT,
    CTX,
    DENIED,
    assert_expected,
    by_name,
    kinds,
    tags,
    verdicts,
)
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

EC2_IDS = ["INF-01-C06", "DP-01-C01", "DP-01-C02", "DP-01-C03", "DP-01-C15"]
SECRET = "Sup3rS3cret-UserData-Value!"


def instance(instance_id: str = "i-1", state: str = "running", tokens: str = "required",
             endpoint: str = "enabled", name: str = "acme-payments-prod") -> dict[str, Any]:
    return {"InstanceId": instance_id, "State": {"Name": state}, "Tags": tags(name),
            "MetadataOptions": {"HttpTokens": tokens, "HttpEndpoint": endpoint}}


def snapshot(snap_id: str, permissions: Any) -> dict[str, Any]:
    return {"SnapshotId": snap_id, "OwnerId": ACCOUNT, "Tags": tags(f"{snap_id}-name"),
            "CreateVolumePermissions": permissions}


# -- INF-01-C06 -------------------------------------------------------------------------------


def test_imdsv2_required_or_metadata_off_pass():
    found = list(checks.instances_require_imdsv2(CTX, [
        instance("i-1"), instance("i-2", tokens="optional", endpoint="disabled")]))
    assert kinds(found) == ["PASS", "PASS"]
    assert found[0].resource == "arn:aws:ec2:us-east-1:111122223333:instance/i-1"


def test_imdsv1_fails_and_stopped_instances_are_skipped():
    found = list(checks.instances_require_imdsv2(CTX, [
        instance("i-1", tokens="optional", name="acme-bastion"),
        instance("i-2", state="stopped", tokens="optional"),
        {"InstanceId": "i-3", "State": {"Name": "pending"}},
    ]))
    assert kinds(found) == ["FAIL", "FAIL"]
    assert "acme-bastion" in found[0].reason and "HttpTokens=unset" in found[1].reason


def test_imdsv2_not_applicable_without_running_instances():
    stopped = [instance(state="stopped"), instance("i-2", state="terminated")]
    assert kinds(checks.instances_require_imdsv2(CTX, stopped)) == ["NOT_APPLICABLE"]


# -- DP-01-C01 / DP-01-C02 --------------------------------------------------------------------


def test_ebs_encryption_by_default():
    assert kinds(checks.ebs_encryption_by_default(CTX, True)) == ["PASS"]
    [off] = checks.ebs_encryption_by_default(CTX, False)
    assert off.status.value == "FAIL" and "us-east-1" in off.reason


def test_volumes_encrypted():
    volumes = [{"VolumeId": "vol-1", "Encrypted": True, "Attachments": [{"InstanceId": "i-1"}]},
               {"VolumeId": "vol-2", "Encrypted": False, "Tags": tags("acme-old-export")}]
    found = list(checks.volumes_encrypted(CTX, volumes))
    assert kinds(found) == ["PASS", "FAIL"]
    assert found[0].details["attached_to"] == ["i-1"] and "acme-old-export" in found[1].reason
    assert kinds(checks.volumes_encrypted(CTX, [])) == ["NOT_APPLICABLE"]


# -- DP-01-C03 --------------------------------------------------------------------------------


def test_public_snapshots_and_images_fail():
    snaps = [snapshot("snap-1", []), snapshot("snap-2", [{"UserId": "210987654321"}]),
             snapshot("snap-3", [{"Group": "all"}])]
    images = [{"ImageId": "ami-1", "Name": "acme-base", "Public": False},
              {"ImageId": "ami-2", "Name": "acme-demo", "Public": True}]
    found = list(checks.snapshots_and_images_private(CTX, snaps, images))
    assert kinds(found) == ["PASS", "PASS", "FAIL", "PASS", "FAIL"]
    assert found[0].resource == "arn:aws:ec2:us-east-1::snapshot/snap-1"
    assert found[1].details["shared_with_accounts"] == ["210987654321"]
    assert found[4].resource == "arn:aws:ec2:us-east-1::image/ami-2"


def test_snapshots_settled_by_the_public_listing():
    snaps = [{**snapshot("snap-1", None), "Public": False},
             {**snapshot("snap-2", None), "Public": True}]
    found = list(checks.snapshots_and_images_private(CTX, snaps, []))
    assert kinds(found) == ["PASS", "FAIL"]
    assert "shared_with_accounts" not in found[0].details  # not read, so not claimed


def test_unreadable_snapshot_is_not_assessable():
    [found] = checks.snapshots_and_images_private(CTX, [snapshot("snap-1", DENIED)], [])
    assert found.status.value == "NOT_ASSESSABLE" and found.reason == DENIED.reason
    assert kinds(checks.snapshots_and_images_private(CTX, [], [])) == ["NOT_APPLICABLE"]


OWN = {"OwnerIds": ["self"], "Filters": [{"Name": "owner-id", "Values": [ACCOUNT]}]}
PUBLIC = {**OWN, "RestorableByUserIds": ["all"]}


@pytest.mark.stubbed
def test_public_snapshots_listed_not_read_one_by_one_stubbed():
    with stubbed_api() as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_snapshots", {"Snapshots": [
            {"SnapshotId": "snap-private", "OwnerId": ACCOUNT},
            {"SnapshotId": "snap-public", "OwnerId": ACCOUNT}]}, OWN)
        ec2.add_response("describe_snapshots", {"Snapshots": [
            {"SnapshotId": "snap-public", "OwnerId": ACCOUNT}]}, PUBLIC)
        found = collect.snapshots(stubs.api)  # no describe_snapshot_attribute queued
    assert [(s["SnapshotId"], s["Public"]) for s in found] == [("snap-private", False),
                                                               ("snap-public", True)]
    assert kinds(checks.snapshots_and_images_private(CTX, found, [])) == ["PASS", "FAIL"]


@pytest.mark.stubbed
def test_snapshot_permissions_read_when_the_public_listing_cannot_be_told_apart_stubbed():
    """An endpoint ignoring RestorableByUserIds returns every snapshot: verify each one."""
    listed = {"Snapshots": [{"SnapshotId": "snap-own", "OwnerId": ACCOUNT},
                            {"SnapshotId": "snap-denied", "OwnerId": ACCOUNT},
                            {"SnapshotId": "snap-amazon", "OwnerId": "801119661308"}]}
    with stubbed_api() as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_snapshots", listed, OWN)
        ec2.add_response("describe_snapshots", listed, PUBLIC)
        ec2.add_response("describe_snapshot_attribute",
                         {"SnapshotId": "snap-own", "CreateVolumePermissions": [{"Group": "all"}]},
                         {"SnapshotId": "snap-own", "Attribute": "createVolumePermission"})
        ec2.add_client_error("describe_snapshot_attribute",
                             **client_error("UnauthorizedOperation", http_status=403))
        found = collect.snapshots(stubs.api)
    assert [s["SnapshotId"] for s in found] == ["snap-own", "snap-denied"]
    assert found[0]["CreateVolumePermissions"] == [{"Group": "all"}] and found[0]["Public"]
    denied = found[1]["CreateVolumePermissions"]
    assert isinstance(denied, Unreadable) and "ec2:DescribeSnapshotAttribute" in denied.reason
    tagged = {r.resource for r in stubs.recorder.records.values()
              if r.operation == "DescribeSnapshotAttribute"}
    assert tagged == {"snap-own", "snap-denied"}


def test_snapshots_encrypted():
    snaps = [{**snapshot("snap-sealed", None), "Encrypted": True, "KmsKeyId": "arn:k"},
             {**snapshot("snap-plain", None), "Encrypted": False}]
    assert kinds(checks.snapshots_encrypted(CTX, snaps)) == ["PASS", "FAIL"]
    assert kinds(checks.snapshots_encrypted(CTX, [])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_snapshot_listing_follows_next_token_stubbed():
    """DescribeSnapshots pages through NextToken; optional fields (Tags, KmsKeyId) may be absent
    and an aws-us-gov region is scanned like any other."""
    with stubbed_api("us-gov-west-1") as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_snapshots", {"Snapshots": [
            {"SnapshotId": "snap-1", "OwnerId": ACCOUNT, "Encrypted": True,
             "KmsKeyId": "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k"}],
            "NextToken": "t2"}, OWN)
        ec2.add_response("describe_snapshots", {"Snapshots": [
            {"SnapshotId": "snap-2", "OwnerId": ACCOUNT, "Encrypted": False}]},
            {**OWN, "NextToken": "t2"})
        ec2.add_response("describe_snapshots", {"Snapshots": []}, PUBLIC)
        found = collect.snapshots(stubs.api)
    assert [s["SnapshotId"] for s in found] == ["snap-1", "snap-2"]
    gov = Context(ACCOUNT, "us-gov-west-1", partition="aws-us-gov")
    results = list(checks.snapshots_encrypted(gov, found))
    assert [(r.resource, r.status.value) for r in results] == [
        ("arn:aws-us-gov:ec2:us-gov-west-1::snapshot/snap-1", "PASS"),
        ("arn:aws-us-gov:ec2:us-gov-west-1::snapshot/snap-2", "FAIL")]


CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
CN_EC2 = "arn:aws-cn:ec2:cn-northwest-1"


@pytest.mark.stubbed
def test_ebs_default_as_answered_and_denied_stubbed():
    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        stubs.stub("ec2").add_response("get_ebs_encryption_by_default",
                                       {"EbsEncryptionByDefault": True, "SseType": "sse-ebs"}, {})
        [on] = stubs.evaluate("DP-01-C01")
    assert on.status.value == "PASS" and on.resource == "arn:aws-cn:iam::111122223333:root"
    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        stubs.stub("ec2").add_response("get_ebs_encryption_by_default",
                                       {"EbsEncryptionByDefault": False}, {})
        [off] = stubs.evaluate("DP-01-C01")
    assert off.status.value == "FAIL" and "off in cn-northwest-1" in off.reason
    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        stubs.stub("ec2").add_client_error("get_ebs_encryption_by_default", **client_error(
            "UnauthorizedOperation", "You are not authorized to perform this operation.",
            http_status=403))
        [denied] = stubs.evaluate("DP-01-C01")
    assert denied.status.value == "NOT_ASSESSABLE"
    assert "ec2:GetEbsEncryptionByDefault" in denied.reason


@pytest.mark.stubbed
def test_volumes_over_two_pages_with_optional_fields_absent_stubbed():
    def volume(volume_id: str, encrypted: bool, **fields: Any) -> dict[str, Any]:
        return {"VolumeId": volume_id, "Size": 8, "AvailabilityZone": "cn-northwest-1a",
                "State": "in-use", "VolumeType": "gp3", "Encrypted": encrypted, **fields}

    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        add_pages(stubs.stub("ec2"), "describe_volumes", "Volumes", [
            [volume("vol-1", True, KmsKeyId=f"{CN_EC2.replace(':ec2:', ':kms:')}:1:key/k",
                    Tags=tags("acme-db-data"),
                    Attachments=[{"InstanceId": "i-1", "VolumeId": "vol-1", "State": "attached",
                                  "Device": "/dev/xvda"}])],
            [volume("vol-2", False)]])  # no Tags, no Attachments, no KmsKeyId
        results = stubs.evaluate("DP-01-C02")
    assert [(r.resource, r.status.value) for r in results] == [
        (f"{CN_EC2}:111122223333:volume/vol-1", "PASS"),
        (f"{CN_EC2}:111122223333:volume/vol-2", "FAIL")]
    assert results[0].details["attached_to"] == ["i-1"] and "acme-db-data" in results[0].reason
    assert results[1].details["attached_to"] == [] and results[1].details["name"] == ""


@pytest.mark.stubbed
def test_own_images_over_two_pages_stubbed():
    def image(image_id: str, public: bool, **fields: Any) -> dict[str, Any]:
        return {"ImageId": image_id, "OwnerId": ACCOUNT, "State": "available", "Public": public,
                "ImageType": "machine", "Architecture": "x86_64", **fields}

    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_snapshots", {"Snapshots": []}, OWN)
        add_pages(ec2, "describe_images", "Images",
                  [[image("ami-1", False, Name="acme-base")], [image("ami-2", True)]],
                  params={"Owners": ["self"]})
        results = stubs.evaluate("DP-01-C03")
    assert [(r.resource, r.status.value) for r in results] == [
        (f"{CN_EC2}::image/ami-1", "PASS"), (f"{CN_EC2}::image/ami-2", "FAIL")]
    assert "AMI ami-2 (unnamed) is public" in results[1].reason


# -- verdicts over the sandbox ----------------------------------------------------------------


def test_workshop_instances_and_volumes(workshop_report):
    assert verdicts(workshop_report, "INF-01-C06", "acme-payments-prod") == {"PASS"}
    assert verdicts(workshop_report, "INF-01-C06", "acme-bastion") == {"FAIL"}
    assert verdicts(workshop_report, "INF-01-C06", "acme-legacy-worker") == {"FAIL"}
    assert verdicts(workshop_report, "DP-01-C02", "acme-payments-data") == {"PASS"}
    assert verdicts(workshop_report, "DP-01-C02", "acme-payments-prod-root") == {"PASS"}
    assert verdicts(workshop_report, "DP-01-C02", "acme-old-export") == {"FAIL"}
    assert verdicts(workshop_report, "DP-01-C02", "acme-bastion-root") == {"FAIL"}


def test_workshop_ebs_default_by_region(workshop_report):
    by_region = {r.region: r.status.value for r in results_for(workshop_report, "DP-01-C01")}
    assert by_region == {"us-east-1": "PASS", "eu-west-1": "FAIL", "ap-southeast-2": "PASS"}


def test_workshop_snapshots_and_amis(workshop_report):
    assert verdicts(workshop_report, "DP-01-C03", "acme-payments-data-snap") == {"PASS"}
    assert verdicts(workshop_report, "DP-01-C03", "acme-partner-export-snap") == {"FAIL"}
    assert verdicts(workshop_report, "DP-01-C03", "acme-base-ami") == {"PASS"}
    assert verdicts(workshop_report, "DP-01-C03", "acme-public-demo-ami") == {"FAIL"}
    assert verdicts(workshop_report, "DP-01-C15", "acme-payments-data-snap") == {"PASS"}
    assert verdicts(workshop_report, "DP-01-C15", "acme-partner-export-snap") == {"FAIL"}


def test_public_snapshots_come_from_the_restorable_by_all_listing(workshop_report):
    # The sandbox honours RestorableByUserIds as AWS does, so no snapshot is read one by one.
    [public] = by_name(workshop_report, "DP-01-C03", "acme-partner-export-snap")
    linked = [workshop_report.calls[c] for c in public.call_ids]
    assert any(c.operation == "DescribeSnapshots"
               and c.params.get("RestorableByUserIds") == ["all"] for c in linked)
    assert not [c for c in workshop_report.calls.values()
                if c.operation == "DescribeSnapshotAttribute"]


def test_user_data_secret_never_reaches_results_or_calls(workshop_report):
    """The bastion's user data holds a password; nothing the run keeps may contain it."""
    assert verdicts(workshop_report, "INF-01-C06", "acme-bastion") == {"FAIL"}
    results = json.dumps([r.to_dict() for r in workshop_report.results])
    calls = json.dumps([c.to_dict() for c in workshop_report.calls.values()])
    assert SECRET not in results and SECRET not in calls


def test_clean_compute_passes(clean_report):
    for check_id in ("INF-01-C06", "DP-01-C01", "DP-01-C02"):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
    home = [r for r in results_for(clean_report, "DP-01-C03") if r.region == "us-east-1"]
    assert home and statuses(home) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, EC2_IDS)
