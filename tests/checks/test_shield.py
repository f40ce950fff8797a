"""Shield Advanced check (INF-02-C03): pure evaluation, the collector against canned answers,
then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from seccheck.checks import shield as checks
from seccheck.collect import shield as collect
from tests.checks.infra_helpers import CTX, NOW, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

SUBSCRIPTION = {"StartTime": NOW - timedelta(days=30), "EndTime": NOW + timedelta(days=335),
                "AutoRenew": "ENABLED"}


def dist(dist_id: str, comment: str) -> dict[str, Any]:
    return {"Id": dist_id, "ARN": f"arn:aws:cloudfront::111122223333:distribution/{dist_id}",
            "Comment": comment}


def test_no_subscription_fails_once_for_the_account():
    [found] = checks.shield_advanced(CTX, None, [], [dist("D1", "acme-web")])
    assert found.status.value == "FAIL" and found.resource == CTX.account_arn


def test_protected_and_unprotected_distributions():
    dists = [dist("D1", "acme-web"), dist("D2", "acme-legacy-site")]
    found = list(checks.shield_advanced(CTX, SUBSCRIPTION, [{"ResourceArn": dists[0]["ARN"]}],
                                        dists))
    assert kinds(found) == ["PASS", "PASS", "FAIL"]
    assert found[0].details["protected"] == [dists[0]["ARN"]]
    assert found[2].details["name"] == "acme-legacy-site"


def test_subscription_without_protections_or_ended():
    assert kinds(checks.shield_advanced(CTX, SUBSCRIPTION, [], [])) == ["FAIL"]
    ended = {**SUBSCRIPTION, "EndTime": NOW - timedelta(days=1), "AutoRenew": "DISABLED"}
    [found] = checks.shield_advanced(CTX, ended, [{"ResourceArn": "x"}], [])
    assert found.status.value == "FAIL" and "ended" in found.reason


@pytest.mark.stubbed
def test_no_subscription_skips_the_protection_listing_stubbed():
    with stubbed_api("ap-southeast-2") as stubs:
        stubs.stub("shield", "us-east-1").add_client_error(
            "describe_subscription", **client_error("ResourceNotFoundException"))
        assert collect.subscription(stubs.api) is None
        assert collect.protections(stubs.api) == []
    [record] = stubs.recorder.records.values()
    assert record.outcome == "absent" and record.region == "us-east-1"


LIMITS = {"ProtectionLimits": {"ProtectedResourceTypeLimits": [{"Type": "ELASTIC_IP_ADDRESS",
                                                               "Max": 100}]},
          "ProtectionGroupLimits": {"MaxProtectionGroups": 20, "PatternTypeLimits": {
              "ArbitraryPatternLimits": {"MaxMembers": 10000}}}}
NO_DISTRIBUTIONS = {"DistributionList": {"Marker": "", "MaxItems": 100, "IsTruncated": False,
                                         "Quantity": 0}}


def protection(name: str, arn: str) -> dict[str, Any]:
    protection_id = f"a1b2c3d4-5678-90ab-cdef-{name:0>12}"  # a 36-character id, as AWS gives
    return {"Id": protection_id, "Name": name, "ResourceArn": arn,
            "ProtectionArn": f"arn:aws:shield::111122223333:protection/{protection_id}"}


def stub_subscription(stubs: Any, **fields: Any) -> Any:
    shield = stubs.stub("shield", "us-east-1")
    shield.add_response("describe_subscription", {"Subscription": {
        "SubscriptionArn": "arn:aws:shield::111122223333:subscription/s-1",
        "TimeCommitmentInSeconds": 31536000, "SubscriptionLimits": LIMITS, **fields}}, {})
    return shield


@pytest.mark.stubbed
def test_subscription_and_protections_over_two_pages_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        shield = stub_subscription(stubs, StartTime=NOW - timedelta(days=30),
                                   EndTime=NOW + timedelta(days=335), AutoRenew="ENABLED")
        add_pages(shield, "list_protections", "Protections", [
            [protection("web", "arn:aws:cloudfront::111122223333:distribution/E1")],
            [protection("eip", "arn:aws:ec2:eu-west-1:111122223333:eip-allocation/eipalloc-1"),
             protection("alb", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:"
                               "loadbalancer/app/web/1")]])
        stubs.stub("cloudfront", "us-east-1").add_response("list_distributions",
                                                           NO_DISTRIBUTIONS, {})
        [result] = stubs.evaluate("INF-02-C03", now=NOW)
    assert result.status.value == "PASS" and "protects 3 resource(s)" in result.reason
    assert len(result.details["protected"]) == 3


@pytest.mark.stubbed
def test_ended_or_unreadable_subscription_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        # Ended a day ago and AutoRenew DISABLED; no EndTime would mean it is still running.
        stub_subscription(stubs, StartTime=NOW - timedelta(days=366),
                          EndTime=NOW - timedelta(days=1), AutoRenew="DISABLED")
        stubs.stub("shield", "us-east-1").add_response("list_protections", {"Protections": []},
                                                       {})
        stubs.stub("cloudfront", "us-east-1").add_response("list_distributions",
                                                           NO_DISTRIBUTIONS, {})
        [ended] = stubs.evaluate("INF-02-C03", now=NOW)
    assert ended.status.value == "FAIL" and "has ended" in ended.reason
    with stubbed_api("eu-west-1") as stubs:
        stubs.stub("shield", "us-east-1").add_client_error("describe_subscription", **client_error(
            "AccessDeniedException", http_status=400))
        [denied] = stubs.evaluate("INF-02-C03", now=NOW)
    assert denied.status.value == "NOT_ASSESSABLE"
    assert "shield:DescribeSubscription" in denied.reason


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "INF-02-C03", "acme-web") == {"PASS"}
    assert verdicts(workshop_report, "INF-02-C03", "acme-legacy-site") == {"FAIL"}
    found = results_for(workshop_report, "INF-02-C03")
    account = [r for r in found if r.resource.endswith(":root")]
    assert statuses(account) == {"PASS"}


def test_clean_everything_protected(clean_report):
    assert statuses(results_for(clean_report, "INF-02-C03")) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["INF-02-C03"])


@pytest.mark.stubbed
@pytest.mark.parametrize("partition,region", [("aws-cn", "cn-north-1"),
                                              ("aws-us-gov", "us-gov-west-1")])
def test_shield_advanced_not_offered_outside_aws_stubbed(partition, region):
    """No Shield endpoint in aws-cn or aws-us-gov: not judged, never a FAIL or an ERROR."""
    with stubbed_api(region, f"arn:{partition}:iam::111122223333:user/auditor") as stubs:
        [found] = stubs.evaluate("INF-02-C03")
    assert found.status.value == "NOT_APPLICABLE" and found.details.get("not_judged") is True
    assert found.reason == f"AWS Shield Advanced is not offered in the {partition} partition"
    assert not stubs.recorder.records
