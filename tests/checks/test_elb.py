"""Load balancer checks (DET-02-C03, DP-02-C02, DP-02-C03): pure evaluation, the collectors
against canned answers, then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import elb as checks
from seccheck.collect import elb as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import (
    CTX,
    DENIED,
    assert_expected,
    by_name,
    kinds,
    linked_operations,
    verdicts,
)
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

ELB_IDS = ["DET-02-C03", "DP-02-C02", "DP-02-C03"]
PREFIX = "arn:aws:elasticloadbalancing:us-east-1:111122223333"
POLICIES = {
    "ELBSecurityPolicy-TLS13-1-2-2021-06": ["TLSv1.3", "TLSv1.2"],
    "ELBSecurityPolicy-2016-08": ["TLSv1.2", "TLSv1.1", "TLSv1"],
    "ELBSecurityPolicy-TLS-1-2-2017-01": ["TLSv1.2"],
}


def alb(name: str, kind: str = "application", scheme: str = "internet-facing") -> dict[str, Any]:
    return {"LoadBalancerArn": f"{PREFIX}:loadbalancer/app/{name}/1a2b", "LoadBalancerName": name,
            "Type": kind, "Scheme": scheme}


def listener(protocol: str, port: int, policy: str | None = None,
             action: dict[str, Any] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"Protocol": protocol, "Port": port,
                            "DefaultActions": [action or {"Type": "forward"}]}
    if policy:
        item["SslPolicy"] = policy
    return item


REDIRECT = {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443"}}


def classic(name: str, *listeners: tuple[str, int, list[str]]) -> dict[str, Any]:
    return {"LoadBalancerName": name, "ListenerDescriptions": [
        {"Listener": {"Protocol": p, "LoadBalancerPort": port, "InstancePort": 80},
         "PolicyNames": names}
        for p, port, names in listeners]}


def negotiation(name: str, **attributes: str) -> dict[str, Any]:
    return {"PolicyName": name, "PolicyTypeName": "SSLNegotiationPolicyType",
            "PolicyAttributeDescriptions": [{"AttributeName": k.replace("_", "-"),
                                             "AttributeValue": v} for k, v in attributes.items()]}


# -- DET-02-C03 -------------------------------------------------------------------------------


def test_access_logs_on_and_off():
    web, legacy, gwlb = alb("acme-web-alb"), alb("acme-legacy-alb"), alb("fw", kind="gateway")
    attributes = {web["LoadBalancerArn"]: {"access_logs.s3.enabled": "true",
                                           "access_logs.s3.bucket": "acme-logs"},
                  legacy["LoadBalancerArn"]: {"access_logs.s3.bucket": ""}}  # key never set
    shops = [classic("acme-shop-elb"), classic("acme-legacy-elb")]
    classic_attributes = {"acme-shop-elb": {"AccessLog": {"Enabled": True, "S3BucketName": "b"}},
                          "acme-legacy-elb": {"AccessLog": {"Enabled": False}}}
    found = list(checks.access_logs(CTX, [web, legacy, gwlb], attributes, shops,
                                    classic_attributes))
    assert kinds(found) == ["PASS", "FAIL", "PASS", "FAIL"]
    assert "s3://acme-logs" in found[0].reason
    assert found[2].resource == f"{PREFIX}:loadbalancer/acme-shop-elb"


def test_access_logs_unreadable_and_not_applicable():
    web = alb("acme-web-alb")
    found = list(checks.access_logs(CTX, [web], {web["LoadBalancerArn"]: DENIED},
                                    [classic("x")], {"x": DENIED}))
    assert kinds(found) == ["NOT_ASSESSABLE", "NOT_ASSESSABLE"]
    assert kinds(checks.access_logs(CTX, [alb("fw", kind="gateway")], {}, [], {})) == [
        "NOT_APPLICABLE"]


def test_nlb_without_tls_listener_has_no_access_logs_to_write():
    """A3: NLB access logs exist only for TLS listeners (ELB NLB guide), so N/A without one."""
    tcp_nlb, tls_nlb = alb("acme-tcp-nlb", kind="network"), alb("acme-tls-nlb", kind="network")
    blind = alb("acme-blind-nlb", kind="network")
    attributes = {lb["LoadBalancerArn"]: {} for lb in (tcp_nlb, tls_nlb, blind)}
    listeners = {tcp_nlb["LoadBalancerArn"]: [listener("TCP", 443)],
                 tls_nlb["LoadBalancerArn"]: [listener("TLS", 443, "ELBSecurityPolicy-2016-08")],
                 blind["LoadBalancerArn"]: DENIED}
    found = list(checks.access_logs(CTX, [tcp_nlb, tls_nlb, blind], attributes, [], {},
                                    listeners))
    assert kinds(found) == ["NOT_APPLICABLE", "FAIL", "NOT_ASSESSABLE"]
    assert "no TLS listener" in found[0].reason


# -- DP-02-C02 --------------------------------------------------------------------------------


def test_modern_tls_and_redirect_pass():
    web = alb("acme-web-alb")
    listeners = {web["LoadBalancerArn"]: [
        listener("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06"),
        listener("HTTP", 80, action=REDIRECT)]}
    [found] = checks.listener_tls(CTX, [web], listeners, POLICIES)
    assert found.status.value == "PASS"
    assert [item["verdict"] for item in found.details["listeners"]] == ["PASS", "PASS"]


def test_plain_http_and_old_tls_fail_with_both_reasons():
    legacy = alb("acme-legacy-alb")
    listeners = {legacy["LoadBalancerArn"]: [
        listener("HTTP", 80), listener("HTTPS", 443, "ELBSecurityPolicy-2016-08")]}
    [found] = checks.listener_tls(CTX, [legacy], listeners, POLICIES)
    assert found.status.value == "FAIL"
    assert "serves plain HTTP" in found.reason and "still allows TLSv1, TLSv1.1" in found.reason


def test_passthrough_warns_unknown_policy_not_assessable():
    nlb, odd = alb("acme-nlb", kind="network"), alb("acme-odd")
    modern = "ELBSecurityPolicy-TLS-1-2-2017-01"
    listeners = {nlb["LoadBalancerArn"]: [listener("TCP", 5432)],
                 odd["LoadBalancerArn"]: [listener("HTTPS", 443, "Custom-Policy"),
                                          listener("TLS", 8443, modern)]}
    found = list(checks.listener_tls(CTX, [nlb, odd], listeners, POLICIES))
    assert kinds(found) == ["WARN", "NOT_ASSESSABLE"]
    assert "Custom-Policy" in found[1].reason


def test_listeners_unreadable_or_absent():
    web, idle = alb("acme-web-alb"), alb("acme-idle-alb")
    found = list(checks.listener_tls(CTX, [web, idle], {web["LoadBalancerArn"]: DENIED,
                                                        idle["LoadBalancerArn"]: []}, POLICIES))
    assert kinds(found) == ["NOT_ASSESSABLE"]
    assert kinds(checks.listener_tls(CTX, [idle], {idle["LoadBalancerArn"]: []}, POLICIES)) == [
        "NOT_APPLICABLE"]


# -- DP-02-C03 --------------------------------------------------------------------------------


def test_classic_tls_policies():
    lbs = [classic("acme-shop-elb", ("HTTPS", 443, ["ref"])),
           classic("acme-explicit", ("SSL", 443, ["explicit"])),
           classic("acme-old", ("HTTPS", 443, ["old"])),
           classic("acme-legacy-elb", ("HTTP", 80, []))]
    policies = {
        "acme-shop-elb": [negotiation("ref", Reference_Security_Policy=
                                      "ELBSecurityPolicy-TLS-1-2-2017-01")],
        "acme-explicit": [negotiation("explicit", **{"Protocol-TLSv1.2": "true",
                                                     "Protocol-TLSv1.1": "false"})],
        "acme-old": [negotiation("old", **{"Protocol-TLSv1": "true", "Protocol-TLSv1.2": "true"})],
    }
    found = list(checks.classic_listener_tls(CTX, lbs, policies, POLICIES))
    assert kinds(found) == ["PASS", "PASS", "FAIL", "FAIL"]
    assert "TLSv1.2" in found[0].reason and "still enables TLSv1" in found[2].reason
    assert "does not use HTTPS or SSL" in found[3].reason


def test_classic_unknown_or_unreadable_policies():
    lbs = [classic("no-policy", ("HTTPS", 443, [])),
           classic("denied", ("HTTPS", 443, ["p"])),
           classic("mixed-denied", ("HTTPS", 443, ["p"]), ("HTTP", 80, [])),
           classic("unknown-ref", ("HTTPS", 443, ["p"]))]
    policies = {"denied": DENIED, "mixed-denied": DENIED,
                "unknown-ref": [negotiation("p", Reference_Security_Policy="Old-Custom")]}
    found = list(checks.classic_listener_tls(CTX, lbs, policies, POLICIES))
    # A plain-HTTP listener fails whatever the unreadable policies would have said.
    assert kinds(found) == ["NOT_ASSESSABLE", "NOT_ASSESSABLE", "FAIL", "NOT_ASSESSABLE"]
    assert kinds(checks.classic_listener_tls(CTX, [], {}, POLICIES)) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_collectors_read_per_balancer_and_skip_plain_classics_stubbed():
    web = alb("acme-web-alb")
    with stubbed_api() as stubs:
        elbv2, elb = stubs.stub("elbv2"), stubs.stub("elb")
        elbv2.add_response("describe_load_balancers", {"LoadBalancers": [web]})
        elbv2.add_client_error("describe_load_balancer_attributes",
                               **client_error("AccessDenied", http_status=403))
        elb.add_response("describe_load_balancers", {"LoadBalancerDescriptions": [
            classic("acme-shop-elb", ("HTTPS", 443, ["p"])),
            classic("acme-legacy-elb", ("HTTP", 80, []))]})
        elb.add_response("describe_load_balancer_policies",
                         {"PolicyDescriptions": [negotiation("p")]},
                         {"LoadBalancerName": "acme-shop-elb"})
        attributes = collect.attributes(stubs.api)
        policies = collect.classic_policies(stubs.api)
    assert isinstance(attributes[web["LoadBalancerArn"]], Unreadable)
    assert list(policies) == ["acme-shop-elb"]  # the HTTP-only balancer has no TLS policy to read


@pytest.mark.stubbed
def test_ssl_policies_not_read_without_load_balancers_stubbed():
    with stubbed_api("eu-west-1") as stubs:
        stubs.stub("elbv2").add_response("describe_load_balancers", {"LoadBalancers": []})
        stubs.stub("elb").add_response("describe_load_balancers", {"LoadBalancerDescriptions": []})
        assert collect.ssl_policies(stubs.api) == {}


# -- verdicts over the sandbox ----------------------------------------------------------------


@pytest.mark.parametrize("check_id", ELB_IDS)
def test_workshop_verdicts(workshop_report, check_id):
    good, bad = (("acme-shop-elb", "acme-legacy-elb") if check_id == "DP-02-C03"
                 else ("acme-web-alb", "acme-legacy-alb"))
    assert verdicts(workshop_report, check_id, good) == {"PASS"}
    assert verdicts(workshop_report, check_id, bad) == {"FAIL"}


def test_results_point_at_their_own_balancer_reads(workshop_report):
    [web] = by_name(workshop_report, "DET-02-C03", "acme-web-alb")
    tags = {tag for op, tag in linked_operations(workshop_report, web)
            if op == "DescribeLoadBalancerAttributes"}
    assert tags == {web.resource}
    [shop] = by_name(workshop_report, "DP-02-C03", "acme-shop-elb")
    ops = linked_operations(workshop_report, shop)
    assert ("DescribeLoadBalancerPolicies", "acme-shop-elb") in ops
    assert all(tag in (None, "acme-shop-elb") for _, tag in ops)


def test_workshop_classic_access_logs(workshop_report):
    assert verdicts(workshop_report, "DET-02-C03", "acme-shop-elb") == {"PASS"}
    assert verdicts(workshop_report, "DET-02-C03", "acme-legacy-elb") == {"FAIL"}


def test_clean_load_balancers_pass(clean_report):
    for check_id in ELB_IDS:
        home = [r for r in results_for(clean_report, check_id) if r.region == "us-east-1"]
        assert home and statuses(home) == {"PASS"}, check_id


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ELB_IDS)
