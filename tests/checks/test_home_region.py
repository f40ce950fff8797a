"""Home-region services: results carry the region the service lives in (audit #1)."""

from __future__ import annotations

from seccheck.checks._home_region import home_region_result
from seccheck.checks.registry import Context
from seccheck.results import Finding, Status
from seccheck.runner import _region_of

CTX = Context("111122223333", "us-east-1")


def test_found_instance_is_placed_in_its_home_region():
    probe = {
        "found": [{"arn": "arn:aws:sso:::instance/ssoins-1"}],
        "region": "eu-central-1",
        "unreadable": {},
        "probed": ["us-east-1", "eu-central-1"],
    }
    [finding] = home_region_result(CTX, probe, "an IAM Identity Center instance", "arn")
    assert finding.status is Status.PASS and finding.region == "eu-central-1"
    assert _region_of(finding, "global") == "eu-central-1"
    inactive = home_region_result(
        CTX, probe, "an IAM Identity Center instance", "arn", active=lambda i: False
    )
    assert [f.region for f in inactive] == ["eu-central-1"]


def test_region_of_uses_the_arn_then_the_default():
    trail = Finding("arn:aws:cloudtrail:ap-south-1:111122223333:trail/t", Status.PASS, "ok")
    assert _region_of(trail, "global") == "ap-south-1"
    account = Finding("arn:aws:iam::111122223333:root", Status.FAIL, "no")
    assert _region_of(account, "global") == "global"
    assert _region_of(account.at("eu-west-1"), "global") == "eu-west-1"
    assert _region_of(Finding("bucket-name", Status.PASS, "ok"), "us-east-1") == "us-east-1"
