"""AWS WAF checks (DET-02-C07, INF-02-C01, INF-02-C05): pure evaluation, the collectors against
canned answers, then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import wafv2 as checks
from seccheck.collect import wafv2 as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import CTX, DENIED, assert_expected, kinds, verdicts
from tests.conftest import results_for, scan_sandbox, statuses
from tests.stubbing import client_error, stubbed_api

WAF_IDS = ["DET-02-C07", "INF-02-C01", "INF-02-C05"]
ALB = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/acme-web-alb/1a2b"
STREAM = "arn:aws:firehose:us-east-1:111122223333:deliverystream/aws-waf-logs-acme"


def acl_arn(name: str, scope: str = "regional") -> str:
    return f"arn:aws:wafv2:us-east-1:111122223333:{scope}/webacl/{name}/0f1e"


def acl(name: str, logging: Any, scope: str = "REGIONAL") -> dict[str, Any]:
    return {"Name": name, "ARN": acl_arn(name, "global" if scope == "CLOUDFRONT" else "regional"),
            "Scope": scope, "LoggingConfiguration": logging}


def summary(name: str, scope: str = "regional") -> dict[str, Any]:
    return {"Name": name, "Id": "0f1e", "ARN": acl_arn(name, scope), "LockToken": "t"}


def web_acl(name: str, rules: int, scope: str = "regional") -> dict[str, Any]:
    """A GetWebACL answer as the WAFv2 API reference documents it (rule groups left out)."""
    visibility = {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                  "MetricName": name.replace("-", "")}
    return {"LockToken": "t", "WebACL": {
        "Name": name, "Id": "0f1e", "ARN": acl_arn(name, scope), "DefaultAction": {"Allow": {}},
        "VisibilityConfig": visibility, "Capacity": 700 * rules,
        "Rules": [{"Name": f"rule-{i}", "Priority": i, "OverrideAction": {"None": {}},
                   "Statement": {"ManagedRuleGroupStatement": {
                       "VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
                   "VisibilityConfig": visibility} for i in range(rules)]}}


# -- DET-02-C07 -------------------------------------------------------------------------------


def test_web_acl_logging():
    found = list(checks.web_acl_logging(CTX, [
        acl("acme-web-acl", {"LogDestinationConfigs": [STREAM]}),
        acl("acme-staging-acl", None),
        acl("acme-edge-acl", {"LogDestinationConfigs": []}, scope="CLOUDFRONT"),
        acl("acme-denied-acl", DENIED),
    ]))
    assert kinds(found) == ["PASS", "FAIL", "FAIL", "NOT_ASSESSABLE"]
    assert STREAM in found[0].reason and "(CLOUDFRONT)" in found[2].reason
    assert kinds(checks.web_acl_logging(CTX, [])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_logging_listed_once_per_scope_in_us_east_1_stubbed():
    with stubbed_api("us-east-1") as stubs:
        waf = stubs.stub("wafv2")
        waf.add_response("list_web_acls", {"WebACLs": [summary("acme-web-acl")]},
                         {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("get_web_acl", web_acl("acme-web-acl", 2),
                         {"Name": "acme-web-acl", "Scope": "REGIONAL", "Id": "0f1e"})
        waf.add_response("list_web_acls", {"WebACLs": [summary("acme-edge-acl", "global")]},
                         {"Scope": "CLOUDFRONT", "Limit": 100})
        waf.add_response("get_web_acl", web_acl("acme-edge-acl", 0, "global"),
                         {"Name": "acme-edge-acl", "Scope": "CLOUDFRONT", "Id": "0f1e"})
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": [
            {"ResourceArn": acl_arn("acme-web-acl"), "LogDestinationConfigs": [STREAM]}]},
            {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": []},
                         {"Scope": "CLOUDFRONT", "Limit": 100})
        found = collect.web_acls(stubs.api)
    assert [(a["Name"], a["Scope"], bool(a["LoggingConfiguration"]), a["RuleCount"])
            for a in found] == [("acme-web-acl", "REGIONAL", True, 2),
                                ("acme-edge-acl", "CLOUDFRONT", False, 0)]


@pytest.mark.stubbed
def test_china_lists_only_the_regional_scope_stubbed():
    """AWS WAF is regional only in the China Regions: no CLOUDFRONT listing, even in
    cn-northwest-1 where CloudFront itself answers."""
    with stubbed_api("cn-northwest-1", "arn:aws-cn:iam::111122223333:user/a") as stubs:
        waf = stubs.stub("wafv2")
        waf.add_response("list_web_acls", {"WebACLs": []}, {"Scope": "REGIONAL", "Limit": 100})
        assert collect.web_acls(stubs.api) == []


@pytest.mark.stubbed
def test_china_distributions_cannot_have_a_web_acl_stubbed():
    from tests.checks.test_cloudfront import summary as dist_summary

    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/a") as stubs:
        stubs.stub("cloudfront", "cn-northwest-1").add_response("list_distributions", {
            "DistributionList": {"Marker": "", "MaxItems": 100, "IsTruncated": False,
                                 "Quantity": 1, "Items": [dist_summary("D1")]}})
        [found] = stubs.evaluate("INF-02-C02")
    assert found.status.value == "NOT_APPLICABLE" and found.details.get("not_judged") is True
    assert "regional level only in the China Regions" in found.reason


@pytest.mark.stubbed
def test_logging_read_per_acl_when_listing_is_refused_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        waf = stubs.stub("wafv2")
        waf.add_response("list_web_acls", {"WebACLs": [summary("a"), summary("b"), summary("c")]})
        for name in "abc":
            waf.add_response("get_web_acl", web_acl(name, 1))
        waf.add_client_error("list_logging_configurations",
                             **client_error("WAFAccessDeniedException", http_status=403))
        waf.add_response("get_logging_configuration", {"LoggingConfiguration": {
            "ResourceArn": acl_arn("a"), "LogDestinationConfigs": [STREAM]}},
            {"ResourceArn": acl_arn("a")})
        waf.add_client_error("get_logging_configuration",
                             **client_error("WAFNonexistentItemException"))
        waf.add_client_error("get_logging_configuration",
                             **client_error("WAFAccessDeniedException", http_status=403))
        found = collect.web_acls(stubs.api)
    logging = [a["LoggingConfiguration"] for a in found]
    assert logging[0]["LogDestinationConfigs"] == [STREAM] and logging[1] is None
    assert isinstance(logging[2], Unreadable)


def test_web_acl_rules():
    acls = [{**acl("acme-web-acl", None), "RuleCount": 3},
            {**acl("acme-placeholder-acl", None), "RuleCount": 0},
            {**acl("acme-denied-acl", None), "RuleCount": DENIED}]
    found = list(checks.web_acl_rules(CTX, acls))
    assert kinds(found) == ["PASS", "FAIL", "NOT_ASSESSABLE"]
    assert "no rules" in found[1].reason
    assert kinds(checks.web_acl_rules(CTX, [])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_rules_read_across_list_pages_and_firewall_manager_groups_count_stubbed():
    """ListWebACLs pages through NextMarker; a web ACL whose only rules are Firewall Manager
    rule groups (PreProcessFirewallManagerRuleGroups) is not empty."""
    fms = web_acl("fms-managed", 0)
    fms["WebACL"]["PreProcessFirewallManagerRuleGroups"] = [{
        "Name": "fms-group", "Priority": 1, "OverrideAction": {"None": {}},
        "FirewallManagerStatement": {"ManagedRuleGroupStatement": {
            "VendorName": "AWS", "Name": "AWSManagedRulesAmazonIpReputationList"}},
        "VisibilityConfig": fms["WebACL"]["VisibilityConfig"]}]
    with stubbed_api("eu-west-1") as stubs:
        waf = stubs.stub("wafv2")
        waf.add_response("list_web_acls", {"WebACLs": [summary("fms-managed")],
                                           "NextMarker": "m2"}, {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("list_web_acls", {"WebACLs": [summary("empty")]},
                         {"Scope": "REGIONAL", "Limit": 100, "NextMarker": "m2"})
        waf.add_response("get_web_acl", fms)
        waf.add_response("get_web_acl", web_acl("empty", 0))
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": []},
                         {"Scope": "REGIONAL", "Limit": 100})
        found = collect.web_acls(stubs.api)
    assert [(a["Name"], a["RuleCount"]) for a in found] == [("fms-managed", 1), ("empty", 0)]
    assert kinds(checks.web_acl_rules(CTX, found)) == ["PASS", "FAIL"]


def test_empty_web_acls_are_not_protection():
    """INF-02-C01/C02/C04 do not count a web ACL with no rules."""
    from seccheck.checks.apigateway import rest_api_web_acl
    from seccheck.checks.cloudfront import distribution_web_acl

    empty = {ALB: {"Name": "placeholder", "ARN": acl_arn("placeholder"), "RuleCount": 0}}
    assert kinds(checks.alb_web_acl(CTX, empty)) == ["FAIL"]
    edge = acl_arn("edge", "global")
    dist = {"ARN": "arn:aws:cloudfront::111122223333:distribution/E1", "Id": "E1",
            "DomainName": "d1.cloudfront.net", "WebACLId": edge}
    assert kinds(distribution_web_acl(CTX, [dist], {edge: 0})) == ["FAIL"]
    assert kinds(distribution_web_acl(CTX, [dist], {edge: 4})) == ["PASS"]
    assert kinds(distribution_web_acl(CTX, [dist], {edge: DENIED})) == ["NOT_ASSESSABLE"]
    api = {"id": "a1", "name": "orders", "endpointConfiguration": {"types": ["REGIONAL"]},
           "stages": [{"stageName": "prod", "webAclArn": acl_arn("placeholder")}]}
    acls = [{**acl("placeholder", None), "RuleCount": 0}]
    assert kinds(rest_api_web_acl(CTX, [api], acls)) == ["FAIL"]
    assert kinds(rest_api_web_acl(CTX, [api], [{**acls[0], "RuleCount": 1}])) == ["PASS"]


# -- INF-02-C01 -------------------------------------------------------------------------------


def test_alb_web_acl():
    other = ALB.replace("acme-web-alb", "acme-legacy-alb")
    denied = ALB.replace("acme-web-alb", "acme-denied-alb")
    found = list(checks.alb_web_acl(CTX, {ALB: {"Name": "acme-web-acl", "ARN": acl_arn("x")},
                                          other: None, denied: DENIED}))
    assert kinds(found) == ["PASS", "FAIL", "NOT_ASSESSABLE"]
    assert "acme-web-alb" in found[0].reason and "acme-legacy-alb" in found[1].reason
    assert kinds(checks.alb_web_acl(CTX, {})) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_only_internet_facing_albs_are_read_stubbed():
    lbs = [{"LoadBalancerArn": ALB, "Type": "application", "Scheme": "internet-facing"},
           {"LoadBalancerArn": ALB + "-int", "Type": "application", "Scheme": "internal"},
           {"LoadBalancerArn": ALB + "-nlb", "Type": "network", "Scheme": "internet-facing"}]
    with stubbed_api() as stubs:
        stubs.stub("elbv2").add_response("describe_load_balancers", {"LoadBalancers": lbs})
        stubs.stub("wafv2").add_response("get_web_acl_for_resource", {}, {"ResourceArn": ALB})
        found = collect.alb_web_acls(stubs.api)
    assert found == {ALB: None}


@pytest.mark.stubbed
def test_web_acls_guarding_albs_are_not_read_twice_stubbed():
    """Issue 14: when the run also judges ALBs (INF-02-C01), GetWebACLForResource has returned
    the whole web ACL, so only the ACLs no public ALB uses are read with GetWebACL; the reused
    ACL's result cites the association read that showed its rules."""
    guarded = web_acl("acme-web-acl", 2)
    with stubbed_api() as stubs:
        stubs.api.run.facts = frozenset({"wafv2.web_acls", "wafv2.alb_web_acls"})
        stubs.stub("elbv2").add_response("describe_load_balancers", {"LoadBalancers": [
            {"LoadBalancerArn": ALB, "Type": "application", "Scheme": "internet-facing"}]})
        waf = stubs.stub("wafv2")
        waf.add_response("get_web_acl_for_resource", {"WebACL": guarded["WebACL"]},
                         {"ResourceArn": ALB})
        waf.add_response("list_web_acls", {"WebACLs": [summary("acme-web-acl"),
                                                       summary("acme-staging-acl")]},
                         {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("get_web_acl", web_acl("acme-staging-acl", 0),
                         {"Name": "acme-staging-acl", "Scope": "REGIONAL", "Id": "0f1e"})
        waf.add_response("list_web_acls", {"WebACLs": []}, {"Scope": "CLOUDFRONT", "Limit": 100})
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": []},
                         {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": []},
                         {"Scope": "CLOUDFRONT", "Limit": 100})
        found = collect.web_acls(stubs.api)
    assert [(a["Name"], a["RuleCount"]) for a in found] == [("acme-web-acl", 2),
                                                            ("acme-staging-acl", 0)]
    assert kinds(checks.web_acl_rules(CTX, found)) == ["PASS", "FAIL"]
    sent = {r.id: r.operation for r in stubs.recorder.records.values()}
    assert list(sent.values()).count("GetWebACL") == 1
    cited = {acl: {sent[c] for c, tag in stubs.api.used if tag == acl}
             for acl in (acl_arn("acme-web-acl"), acl_arn("acme-staging-acl"))}
    assert cited == {acl_arn("acme-web-acl"): {"GetWebACLForResource"},
                     acl_arn("acme-staging-acl"): {"GetWebACL"}}


@pytest.mark.stubbed
def test_web_acls_are_all_read_when_the_albs_cannot_be_listed_stubbed():
    """A refused DescribeLoadBalancers costs the reuse, never the web ACL verdicts."""
    with stubbed_api("eu-west-1") as stubs:
        stubs.api.run.facts = frozenset({"wafv2.web_acls", "wafv2.alb_web_acls"})
        stubs.stub("elbv2").add_client_error(
            "describe_load_balancers", **client_error("AccessDenied", http_status=403))
        waf = stubs.stub("wafv2")
        waf.add_response("list_web_acls", {"WebACLs": [summary("acme-web-acl")]},
                         {"Scope": "REGIONAL", "Limit": 100})
        waf.add_response("get_web_acl", web_acl("acme-web-acl", 1))
        waf.add_response("list_logging_configurations", {"LoggingConfigurations": []},
                         {"Scope": "REGIONAL", "Limit": 100})
        found = collect.web_acls(stubs.api)
    assert [(a["Name"], a["RuleCount"]) for a in found] == [("acme-web-acl", 1)]


# -- verdicts over the sandbox ----------------------------------------------------------------


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "DET-02-C07", "acme-web-acl") == {"PASS"}
    assert verdicts(workshop_report, "DET-02-C07", "acme-edge-acl") == {"PASS"}
    assert verdicts(workshop_report, "DET-02-C07", "acme-staging-acl") == {"FAIL"}
    assert verdicts(workshop_report, "INF-02-C01", "acme-web-alb") == {"PASS"}
    assert verdicts(workshop_report, "INF-02-C01", "acme-legacy-alb") == {"FAIL"}
    assert verdicts(workshop_report, "INF-02-C05", "acme-web-acl") == {"PASS"}
    assert verdicts(workshop_report, "INF-02-C05", "acme-placeholder-acl") == {"FAIL"}
    [legacy] = results_for(workshop_report, "INF-02-C01", "acme-legacy-alb")
    assert "acme-placeholder-acl" in legacy.reason and "no rules" in legacy.reason


def test_workshop_reads_each_web_acl_once(workshop_report):
    """The ACLs public ALBs use come whole from GetWebACLForResource; GetWebACL reads the rest."""
    reads = [c for c in workshop_report.calls.values() if c.operation == "GetWebACL"]
    names = {c.params["Name"] for c in reads}
    assert len(reads) == len(names) and "acme-staging-acl" in names
    assert not names & {"acme-web-acl", "acme-placeholder-acl"}
    [placeholder] = results_for(workshop_report, "INF-02-C05", "acme-placeholder-acl")
    assert placeholder.status.value == "FAIL"
    cited = {workshop_report.calls[c].operation for c in placeholder.call_ids}
    assert "GetWebACLForResource" in cited


def test_a_run_without_alb_checks_never_reads_albs_for_web_acls(workshop):
    """The GetWebACLForResource reuse is for runs that judge ALBs anyway: a run of DET-02-C07
    alone reads every web ACL with GetWebACL and sends no load balancer call."""
    report = scan_sandbox(workshop, check_ids=["DET-02-C07"])
    operations = {c.operation for c in report.calls.values()}
    assert "GetWebACL" in operations
    assert not operations & {"GetWebACLForResource", "DescribeLoadBalancers"}
    assert verdicts(report, "DET-02-C07", "acme-staging-acl") == {"FAIL"}
    assert verdicts(report, "DET-02-C07", "acme-web-acl") == {"PASS"}


@pytest.mark.parametrize("regions", [["eu-west-1"], ["ap-southeast-2", "us-east-1"]])
def test_cloudfront_web_acls_judged_once_whatever_the_regions(workshop, regions):
    """CLOUDFRONT-scope web ACLs live in us-east-1; a run that leaves it out, or does not start
    there, still judges each of them exactly once (collected with the home region)."""
    report = scan_sandbox(workshop, regions=regions, check_ids=["DET-02-C07", "INF-02-C05"])
    for check_id in ("DET-02-C07", "INF-02-C05"):
        edge = results_for(report, check_id, "acme-edge-acl")
        assert [(r.region, r.status.value) for r in edge] == [("us-east-1", "PASS")], check_id
    # Regional web ACLs are still judged where they live (the workshop's are in us-east-1).
    staging = results_for(report, "DET-02-C07", "acme-staging-acl")
    assert [r.status.value for r in staging] == (["FAIL"] if "us-east-1" in regions else [])
    listed = {(c.region, c.params.get("Scope")) for c in report.calls.values()
              if c.operation == "ListWebACLs"}
    assert ("us-east-1", "CLOUDFRONT") in listed
    assert {region for region, scope in listed if scope == "REGIONAL"} == set(regions)


def test_clean_web_acls_pass(clean_report):
    for check_id in WAF_IDS:
        home = [r for r in results_for(clean_report, check_id) if r.region == "us-east-1"]
        assert home and statuses(home) == {"PASS"}, check_id


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, WAF_IDS)
