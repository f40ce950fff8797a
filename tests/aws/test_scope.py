"""Scope: credentials, regions, and organization member accounts through an assumed role."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from seccheck.aws.clients import ClientFactory
from seccheck.aws.recorder import Recorder
from seccheck.aws.scope import ScopeError, resolve_scope
from seccheck.results import Status
from tests.conftest import scan_sandbox


def test_no_credentials_says_so_and_points_to_the_sandbox():
    with pytest.raises(ScopeError) as exc:
        resolve_scope(ClientFactory(None), Recorder())
    message = str(exc.value)
    assert "No AWS credentials" in message and "seccheck demo" in message and "sandbox" in message


def test_cli_run_without_credentials_never_uses_a_sandbox(workshop, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SECCHECK_"))}
    env.update(
        {
            "AWS_CONFIG_FILE": str(tmp_path / "c"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "k"),
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    out = subprocess.run(
        [sys.executable, "-m", "seccheck.cli", "run", "--output", str(tmp_path / "r.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "No AWS credentials" in out.stderr and "seccheck demo" in out.stderr
    assert not (tmp_path / "r.json").exists()


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(ScopeError, match="profile 'nope'"):
        resolve_scope(ClientFactory(None), Recorder(), profile="nope")


def test_regions_from_arguments_and_disabled_regions(workshop):
    scope = resolve_scope(
        ClientFactory(workshop.endpoint),
        Recorder(),
        session=workshop.session(),
        regions=["eu-west-1", "us-east-1"],
    )
    assert scope.regions == ["eu-west-1", "us-east-1"]
    assert scope.home_region == "eu-west-1"
    assert scope.accounts[0].account_id == workshop.account
    assert scope.is_sandbox


def test_accounts_without_org_role_is_refused(workshop):
    with pytest.raises(ScopeError, match="--org-role"):
        resolve_scope(
            ClientFactory(workshop.endpoint),
            Recorder(),
            session=workshop.session(),
            accounts=["999999999999"],
        )


def test_organization_members_are_assessed_through_an_assumed_role(workshop, checklist):
    members = workshop.members
    assert len(members) >= 2, "the workshop has an organization with member accounts"
    report = scan_sandbox(
        workshop, checklist, org_role="OrganizationAccountAccessRole", check_ids=["IAM-01-C01"]
    )
    accounts = {r.account for r in report.results}
    assert accounts == {workshop.account, *members.values()}
    for account_id in members.values():
        [result] = [r for r in report.results if r.account == account_id]
        assert result.status is Status.PASS, "member accounts have root MFA in the workshop"
        calls = [report.calls[c] for c in result.call_ids]  # account summary, credential report
        role = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
        assert calls and all(call.caller_arn == role for call in calls)
    [mgmt] = [r for r in report.results if r.account == workshop.account]
    assert mgmt.status is Status.FAIL
    assumed = [c for c in report.calls.values() if c.operation == "AssumeRole"]
    assert len(assumed) == len(members)
    assert all("SecretAccessKey" not in str(c.response) for c in assumed)


def test_assumed_role_credentials_refresh_before_they_expire(workshop):
    """A long run outlives one set of role credentials: they are renewed, not left to fail."""
    from datetime import datetime, timedelta, timezone

    from seccheck.aws.scope import assumed_session

    members = list(workshop.members.values())
    recorder = Recorder()
    factory = ClientFactory(workshop.endpoint)
    role = f"arn:aws:iam::{members[0]}:role/OrganizationAccountAccessRole"
    session = assumed_session(factory, recorder, workshop.session(), role, None, "us-east-1")
    creds = session.get_credentials()
    first = creds.get_frozen_credentials().access_key
    creds._expiry_time = datetime.now(timezone.utc) + timedelta(seconds=30)  # about to expire
    second = creds.get_frozen_credentials().access_key
    assert second != first
    assert [c.operation for c in recorder.records.values()] == ["AssumeRole", "AssumeRole"]
    sts = factory.client(session, "sts", "us-east-1")
    assert sts.get_caller_identity()["Account"] == members[0]


def test_partition_and_account_state():
    from seccheck.aws.scope import account_state, partition_of

    assert partition_of("arn:aws-us-gov:sts::111122223333:assumed-role/a/b") == "aws-us-gov"
    assert partition_of("arn:aws-cn:iam::111122223333:user/u") == "aws-cn"
    assert partition_of("not-an-arn") == "aws"
    assert account_state({"State": "CLOSED", "Status": "ACTIVE"}) == "CLOSED"
    assert account_state({"Status": "SUSPENDED"}) == "SUSPENDED"
    assert account_state({}) == "ACTIVE"


@pytest.mark.stubbed
def test_org_targets_stubbed_skip_closed_accounts_and_follow_the_partition():
    """Audit #8(f) and #9: State only (Status retired), closed accounts noted, GovCloud ARNs."""
    from datetime import datetime, timedelta, timezone

    import boto3
    from botocore.stub import Stubber

    from seccheck.aws.scope import _org_targets

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-gov-west-1"
    )
    factory = ClientFactory(None, max_attempts=1)
    caller = "arn:aws-us-gov:iam::111111111111:user/auditor"
    org = Stubber(factory.client(session, "organizations", "us-gov-west-1"))
    org.add_response(
        "list_accounts",
        {
            "Accounts": [
                {"Id": "111111111111", "Name": "mgmt", "State": "ACTIVE"},
                {"Id": "222222222222", "Name": "gone", "State": "CLOSED"},
                {"Id": "333333333333", "Name": "paused", "State": "SUSPENDED"},
                {"Id": "444444444444", "Name": "app", "State": "ACTIVE"},
            ]
        },
    )
    sts = Stubber(factory.client(session, "sts", "us-gov-west-1"))
    role = "arn:aws-us-gov:iam::444444444444:role/Audit"
    sts.add_response(
        "assume_role",
        {
            "Credentials": {
                "AccessKeyId": "ASIAEXAMPLEEXAMPLE01",
                "SecretAccessKey": "x" * 40,
                "SessionToken": "token",
                "Expiration": datetime.now(timezone.utc) + timedelta(hours=1),
            }
        },
        {"RoleArn": role, "RoleSessionName": "seccheck", "DurationSeconds": 3600},
    )
    notes: list[str] = []
    with org, sts:
        targets = _org_targets(
            factory, Recorder(), session, "us-gov-west-1", "111111111111", caller, "Audit",
            None, ["111111111111", "222222222222", "333333333333", "444444444444"], notes,
        )
    assert [t.account_id for t in targets] == ["111111111111", "444444444444"]
    assert targets[1].via_role == role and targets[1].partition == "aws-us-gov"
    assert any("222222222222" in n and "CLOSED" in n for n in notes)
    assert any("333333333333" in n and "SUSPENDED" in n for n in notes)


def test_unlisted_regions_are_reported_not_hidden(workshop, checklist, monkeypatch):
    """A3: ec2:DescribeRegions denied: the run says which checks covered only the home region."""
    from tests.faults import Injector, xml_error

    monkeypatch.delenv("SECCHECK_REGIONS", raising=False)
    deny = Injector("DescribeRegions", xml_error(403, "UnauthorizedOperation", "not allowed"))
    report = scan_sandbox(
        workshop,
        checklist,
        regions=[],
        check_ids=["DET-01-C05", "IAM-01-C01"],
        factory_hooks=[("before-send.ec2.DescribeRegions", deny)],
    )
    unlisted = [r for r in report.results if r.region == "unlisted"]
    assert [(r.check_id, r.status) for r in unlisted] == [
        ("DET-01-C05", Status.NOT_ASSESSABLE)
    ]
    assert "ec2:DescribeRegions" in unlisted[0].reason
    run = report.to_dict(include_calls=False)["run"]
    assert "ec2:DescribeRegions" in run["regions_unlisted"]
    assert any("could not be listed" in n for n in run["notes"])
    assert len(run["regions"]) == 1


def test_a_guessed_region_is_named_when_the_credentials_are_refused(workshop):
    """With no region anywhere, STS is asked in us-east-1; credentials of aws-cn or aws-us-gov
    are refused there as if invalid, so the error says which region was guessed and how to name
    one. A region the user named gets the plain error."""
    import boto3

    from tests.faults import Injector, xml_error

    def refusing_factory() -> ClientFactory:
        factory = ClientFactory(workshop.endpoint)
        refused = xml_error(403, "InvalidClientTokenId",
                            "The security token included in the request is invalid.")
        factory.add_hook("before-send.sts.GetCallerIdentity",
                         Injector("GetCallerIdentity", refused))
        return factory

    no_region = boto3.Session(aws_access_key_id="AKIACHINA", aws_secret_access_key="x")
    assert no_region.region_name is None
    with pytest.raises(ScopeError) as guessed:
        resolve_scope(refusing_factory(), Recorder(), session=no_region)
    message = str(guessed.value)
    assert "do not work" in message and "InvalidClientTokenId" in message
    assert "No region was configured" in message and "us-east-1" in message
    assert "--regions" in message and "cn-north-1" in message

    with pytest.raises(ScopeError) as named:
        resolve_scope(refusing_factory(), Recorder(), session=no_region, regions=["eu-west-1"])
    assert "do not work" in str(named.value) and "No region was configured" not in str(named.value)
