"""CloudFront checks (DET-02-C04, INF-02-C02, DP-02-C04): pure evaluation, the logging collector
against canned answers, then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import cloudfront as checks
from seccheck.collect import cloudfront as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import CTX, DENIED, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CLOUDFRONT_IDS = ["DET-02-C04", "INF-02-C02", "DP-02-C04"]
CERT = "arn:aws:acm:us-east-1:111122223333:certificate/1"


def dist(dist_id: str, comment: str = "", **config: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "Id": dist_id, "ARN": f"arn:aws:cloudfront::111122223333:distribution/{dist_id}",
        "Comment": comment, "WebACLId": "",
        "DefaultCacheBehavior": {"ViewerProtocolPolicy": "redirect-to-https"},
        "CacheBehaviors": {"Quantity": 0},
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
        "Origins": {"Quantity": 1, "Items": [{"Id": "s3", "DomainName": "b.s3.amazonaws.com"}]},
    }
    base.update(config)
    return base


def summary(dist_id: str, comment: str = "") -> dict[str, Any]:
    """A distribution summary complete enough for botocore's response validation."""
    return {**dist(dist_id, comment), "Status": "Deployed", "LastModifiedTime": "2026-01-01",
            "DomainName": f"{dist_id.lower()}.cloudfront.net", "Aliases": {"Quantity": 0},
            "Origins": {"Quantity": 1, "Items": [{"Id": "s3", "DomainName": "b.s3.amazonaws.com"}]},
            "DefaultCacheBehavior": {"TargetOriginId": "s3",
                                     "ViewerProtocolPolicy": "redirect-to-https"},
            "CustomErrorResponses": {"Quantity": 0}, "PriceClass": "PriceClass_All",
            "Enabled": True, "HttpVersion": "http2", "IsIPV6Enabled": True, "Staging": False,
            "Restrictions": {"GeoRestriction": {"RestrictionType": "none", "Quantity": 0}}}


def custom_origin(policy: str, *protocols: str) -> dict[str, Any]:
    return {"Quantity": 1, "Items": [{"Id": "api", "CustomOriginConfig": {
        "OriginProtocolPolicy": policy,
        "OriginSslProtocols": {"Quantity": len(protocols), "Items": list(protocols)}}}]}


def arn(dist_id: str) -> str:
    return f"arn:aws:cloudfront::111122223333:distribution/{dist_id}"


# -- DET-02-C04 -------------------------------------------------------------------------------


def test_standard_or_vended_logging_passes_none_fails():
    dists = [dist("D1", "acme-web"), dist("D2", "acme-docs"), dist("D3", "acme-legacy-site")]
    logging = {"standard": {arn("D1"): {"Enabled": True, "Bucket": "logs.s3.amazonaws.com"},
                            arn("D3"): {"Enabled": False}},
               "vended": {arn("D2"): ["arn:aws:logs:us-east-1:1:delivery-destination:cf"]}}
    found = list(checks.distribution_logging(CTX, dists, logging))
    assert kinds(found) == ["PASS", "PASS", "FAIL"]
    assert "standard logs" in found[0].reason and "CloudWatch Logs delivery" in found[1].reason
    assert found[2].details["name"] == "acme-legacy-site"


def test_logging_warns_when_vended_delivery_cannot_be_read():
    """Standard logging off can under-report: the newer delivery may be on. Say so, don't FAIL."""
    logging = {"standard": {arn("D1"): {"Enabled": False}, arn("D2"): {"Enabled": True}},
               "vended": DENIED}
    found = list(checks.distribution_logging(CTX, [dist("D1"), dist("D2")], logging))
    assert kinds(found) == ["WARN", "PASS"]
    assert DENIED.reason in found[0].reason and "confirm" in found[0].reason


def test_logging_unreadable_config_and_not_applicable():
    logging = {"standard": {arn("D1"): DENIED}, "vended": {}}
    assert kinds(checks.distribution_logging(CTX, [dist("D1")], logging)) == ["NOT_ASSESSABLE"]
    assert kinds(checks.distribution_logging(CTX, [], {"standard": {}, "vended": {}})) == [
        "NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_logging_collector_skips_configs_of_vended_distributions_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        cloudfront, logs = stubs.stub("cloudfront", "us-east-1"), stubs.stub("logs", "us-east-1")
        cloudfront.add_response("list_distributions", {"DistributionList": {
            "Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 2,
            "Items": [summary("D1", "acme-web"), summary("D2", "acme-docs")]}})
        logs.add_response("describe_delivery_sources", {"deliverySources": [
            {"name": "docs", "service": "cloudfront", "logType": "ACCESS_LOGS",
             "status": "ACTIVE", "resourceArns": [arn("D2")]},
            # An inactive source sends nothing; another service's ACCESS_LOGS is not a distribution.
            {"name": "web-off", "service": "cloudfront", "logType": "ACCESS_LOGS",
             "status": "INACTIVE", "resourceArns": [arn("D1")]},
            {"name": "amplify", "service": "amplify", "logType": "ACCESS_LOGS",
             "resourceArns": ["arn:aws:amplify:us-east-1:111122223333:apps/a1"]}]})
        logs.add_response("describe_deliveries", {"deliveries": [
            {"deliverySourceName": "docs", "deliveryDestinationArn": "arn:dest"},
            {"deliverySourceName": "web-off", "deliveryDestinationArn": "arn:off"},
            {"deliverySourceName": "amplify", "deliveryDestinationArn": "arn:amplify"}]})
        cloudfront.add_response("get_distribution_config", {"DistributionConfig": {
            "CallerReference": "x", "Comment": "",
            "Origins": {"Quantity": 1, "Items": [{"Id": "s3", "DomainName": "b.s3.amazonaws.com"}]},
            "Enabled": True,
            "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "allow-all"},
            "Logging": {"Enabled": True, "IncludeCookies": False, "Bucket": "b", "Prefix": ""}},
        }, {"Id": "D1"})
        found = collect.logging(stubs.api)
    assert found["vended"] == {arn("D2"): ["arn:dest"]}
    assert list(found["standard"]) == [arn("D1")]  # D2's configuration was never read


@pytest.mark.stubbed
def test_logging_collector_keeps_configs_when_deliveries_are_denied_stubbed():
    with stubbed_api() as stubs:
        cloudfront, logs = stubs.stub("cloudfront"), stubs.stub("logs")
        cloudfront.add_response("list_distributions", {"DistributionList": {
            "Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 1,
            "Items": [summary("D1")]}})
        logs.add_client_error("describe_delivery_sources",
                              **client_error("AccessDeniedException", http_status=400))
        cloudfront.add_client_error("get_distribution_config",
                                    **client_error("AccessDenied", http_status=403))
        found = collect.logging(stubs.api)
    assert isinstance(found["vended"], Unreadable)
    assert "logs:DescribeDeliverySources" in found["vended"].reason
    assert isinstance(found["standard"][arn("D1")], Unreadable)


# -- partitions ------------------------------------------------------------------------------

CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"


@pytest.mark.stubbed
def test_china_distributions_are_read_in_cn_northwest_1_stubbed():
    """aws-cn's CloudFront endpoint signs in cn-northwest-1 (botocore endpoints.json)."""
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        cloudfront = stubs.stub("cloudfront", "cn-northwest-1")
        cloudfront.add_response("list_distributions", {"DistributionList": {
            "Marker": "", "MaxItems": 100, "IsTruncated": False, "Quantity": 1,
            "Items": [summary("D1", "acme-cn")]}})
        [found] = stubs.evaluate("DP-02-C04")
    assert found.status.value == "PASS" and found.resource == arn("D1")
    assert [r.region for r in stubs.recorder.records.values()] == ["cn-northwest-1"]


@pytest.mark.stubbed
@pytest.mark.parametrize("check_id", CLOUDFRONT_IDS)
def test_govcloud_has_no_cloudfront_to_assess_stubbed(check_id):
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        [found] = stubs.evaluate(check_id)
    assert found.status.value == "NOT_APPLICABLE"
    assert "CloudFront is not offered in the aws-us-gov partition" in found.reason
    assert found.resource == "arn:aws-us-gov:iam::111122223333:root"
    assert not stubs.recorder.records  # no call to an endpoint that does not exist there


# -- INF-02-C02 -------------------------------------------------------------------------------


def test_web_acl_on_distributions():
    found = list(checks.distribution_web_acl(CTX, [dist("D1", WebACLId="arn:acl"), dist("D2")]))
    assert kinds(found) == ["PASS", "FAIL"]
    assert found[0].details["web_acl"] == "arn:acl"
    assert kinds(checks.distribution_web_acl(CTX, [])) == ["NOT_APPLICABLE"]


# -- DP-02-C04 --------------------------------------------------------------------------------


def test_https_everywhere_passes():
    good = dist("D1", "acme-web", Origins=custom_origin("https-only", "TLSv1.2"),
                ViewerCertificate={"ACMCertificateArn": CERT,
                                   "MinimumProtocolVersion": "TLSv1.2_2021"},
                CacheBehaviors={"Quantity": 1, "Items": [{"PathPattern": "/api/*",
                                                          "ViewerProtocolPolicy": "https-only"}]})
    assert kinds(checks.distribution_https(CTX, [good, dist("D2")])) == ["PASS", "PASS"]


def test_each_https_gap_is_named():
    bad = dist("D1", "acme-legacy-site",
               DefaultCacheBehavior={"ViewerProtocolPolicy": "allow-all"},
               CacheBehaviors={"Quantity": 1, "Items": [{"PathPattern": "/old/*",
                                                         "ViewerProtocolPolicy": "allow-all"}]},
               ViewerCertificate={"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1"},
               Origins=custom_origin("match-viewer", "TLSv1", "TLSv1.2"))
    [found] = checks.distribution_https(CTX, [bad])
    assert found.status.value == "FAIL"
    assert len(found.details["problems"]) == 5
    for text in ("default behaviour accepts plain HTTP", "path /old/*", "down to TLSv1",
                 "origin api may be reached over HTTP (match-viewer)", "origin api allows TLSv1"):
        assert text in found.reason
    assert kinds(checks.distribution_https(CTX, [])) == ["NOT_APPLICABLE"]


# -- verdicts over the sandbox ----------------------------------------------------------------


@pytest.mark.parametrize("check_id", CLOUDFRONT_IDS)
def test_workshop_verdicts(workshop_report, check_id):
    assert verdicts(workshop_report, check_id, "acme-web") == {"PASS"}
    assert verdicts(workshop_report, check_id, "acme-docs") == {"PASS"}
    assert verdicts(workshop_report, check_id, "acme-legacy-site") == {"FAIL"}


def test_workshop_docs_logs_through_vended_delivery(workshop_report):
    [docs] = [r for r in results_for(workshop_report, "DET-02-C04")
              if r.details.get("name") == "acme-docs"]
    assert "CloudWatch Logs delivery" in docs.reason and docs.details["vended_destinations"]


def test_clean_distributions_pass(clean_report):
    for check_id in CLOUDFRONT_IDS:
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, CLOUDFRONT_IDS)
