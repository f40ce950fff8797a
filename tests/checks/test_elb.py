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
from tests.stubbing import add_pages, client_error, stubbed_api

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


# -- DET-02-C03 over responses shaped as the ELB and CloudWatch Logs API references document ---

GOV = "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:111122223333:loadbalancer"
GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"
LOGS = "arn:aws-us-gov:logs:us-gov-west-1:111122223333"


def described_lb(name: str, kind: str = "application") -> dict[str, Any]:
    short = {"application": "app", "network": "net"}[kind]
    return {"LoadBalancerArn": f"{GOV}/{short}/{name}/50dc6c495c0c9188", "LoadBalancerName": name,
            "DNSName": f"{name}-1.us-gov-west-1.elb.amazonaws.com", "Scheme": "internet-facing",
            "VpcId": "vpc-1", "State": {"Code": "active"}, "Type": kind,
            "IpAddressType": "ipv4"}


def lb_attributes(s3_logs: bool, bucket: str = "") -> dict[str, Any]:
    return {"Attributes": [{"Key": "access_logs.s3.enabled", "Value": str(s3_logs).lower()},
                           {"Key": "access_logs.s3.bucket", "Value": bucket},
                           {"Key": "deletion_protection.enabled", "Value": "false"}]}


def source(name: str, lb: dict[str, Any], log_type: str, **fields: Any) -> dict[str, Any]:
    # A DeliverySource: one resource, one log type (PutDeliverySource `logType`).
    return {"name": name, "arn": f"{LOGS}:delivery-source:{name}",
            "resourceArns": [lb["LoadBalancerArn"]], "service": "elasticloadbalancing",
            "logType": log_type, **fields}


def delivery(source_name: str, destination: str, kind: str) -> dict[str, Any]:
    return {"id": f"d-{source_name}", "arn": f"{LOGS}:delivery:d-{source_name}",
            "deliverySourceName": source_name,
            "deliveryDestinationArn": f"{LOGS}:delivery-destination:{destination}",
            "deliveryDestinationType": kind}


def stub_balancers(stubs: Any, pages: list[list[dict[str, Any]]],
                   attributes: dict[str, dict[str, Any]],
                   listeners: dict[str, list[dict[str, Any]]]) -> None:
    """Two pages of ALB/NLB (Marker/NextMarker), one attributes and one listeners read each."""
    elbv2 = stubs.stub("elbv2")
    add_pages(elbv2, "describe_load_balancers", "LoadBalancers", pages, token="Marker",
              reply_token="NextMarker")
    lbs = [lb for page in pages for lb in page]
    for lb in lbs:
        elbv2.add_response("describe_load_balancer_attributes", attributes[lb["LoadBalancerName"]],
                           {"LoadBalancerArn": lb["LoadBalancerArn"]})
    stubs.stub("elb").add_response("describe_load_balancers", {"LoadBalancerDescriptions": []},
                                   {})
    for lb in lbs:
        elbv2.add_response("describe_listeners",
                           {"Listeners": listeners.get(lb["LoadBalancerName"], [])},
                           {"LoadBalancerArn": lb["LoadBalancerArn"]})


@pytest.mark.stubbed
def test_vended_access_log_delivery_counts_as_logging_stubbed():
    web, api = described_lb("acme-web-alb"), described_lb("acme-api-alb")
    nlb, old = described_lb("acme-tls-nlb", "network"), described_lb("acme-old-alb")
    conn = described_lb("acme-conn-alb")
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_balancers(stubs, [[web, api], [nlb, old, conn]], {
            "acme-web-alb": lb_attributes(True, "acme-logs"), "acme-api-alb": lb_attributes(False),
            "acme-tls-nlb": lb_attributes(False), "acme-old-alb": lb_attributes(False),
            "acme-conn-alb": lb_attributes(False)},
            {"acme-tls-nlb": [listener("TLS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06")]})
        logs = stubs.stub("logs")
        add_pages(logs, "describe_delivery_sources", "deliverySources", [
            [source("api-access", api, "ALB_ACCESS_LOGS"),
             source("nlb-access", nlb, "NLB_ACCESS_LOGS")],
            # A source with no delivery sends nothing; connection logs are not access logs.
            [source("old-access", old, "ALB_ACCESS_LOGS"),
             source("conn-only", conn, "ALB_CONNECTION_LOGS")]], token="nextToken")
        add_pages(logs, "describe_deliveries", "deliveries", [
            [delivery("api-access", "cwl-lb-logs", "CWL")],
            [delivery("nlb-access", "s3-lb-logs", "S3"),
             delivery("conn-only", "cwl-lb-logs", "CWL")]], token="nextToken")
        results = stubs.evaluate("DET-02-C03")
    found = {r.resource.split("/")[-2]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "acme-web-alb": "PASS", "acme-api-alb": "PASS", "acme-tls-nlb": "PASS",
        "acme-old-alb": "FAIL", "acme-conn-alb": "FAIL"}
    assert found["acme-api-alb"].resource == api["LoadBalancerArn"]
    assert "s3://acme-logs" in found["acme-web-alb"].reason
    assert found["acme-api-alb"].reason == (
        f"ALB acme-api-alb delivers access logs through CloudWatch Logs delivery to "
        f"{LOGS}:delivery-destination:cwl-lb-logs")
    assert found["acme-tls-nlb"].details["vended_destinations"] == [
        f"{LOGS}:delivery-destination:s3-lb-logs"]
    assert "neither to S3 nor through CloudWatch Logs" in found["acme-old-alb"].reason


@pytest.mark.stubbed
def test_deliveries_not_read_when_every_balancer_logs_to_s3_stubbed():
    web = described_lb("acme-web-alb")
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_balancers(stubs, [[web]], {"acme-web-alb": lb_attributes(True, "acme-logs")}, {})
        [result] = stubs.evaluate("DET-02-C03")
    assert result.status.value == "PASS"
    assert {c.service for c in stubs.recorder.records.values()} == {"elb", "elbv2"}  # no logs


@pytest.mark.parametrize(("code", "status"), [
    ("AccessDeniedException", 400),
    ("UnknownOperationException", 400),  # an endpoint without the delivery API
])
@pytest.mark.stubbed
def test_unreadable_deliveries_never_turn_into_fail_stubbed(code, status):
    web, dark = described_lb("acme-web-alb"), described_lb("acme-dark-alb")
    tcp = described_lb("acme-tcp-nlb", "network")
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_balancers(stubs, [[web, dark, tcp]], {
            "acme-web-alb": lb_attributes(True, "acme-logs"), "acme-dark-alb": lb_attributes(False),
            "acme-tcp-nlb": lb_attributes(False)}, {"acme-tcp-nlb": [listener("TCP", 80)]})
        stubs.stub("logs").add_client_error("describe_delivery_sources",
                                            **client_error(code, http_status=status))
        results = stubs.evaluate("DET-02-C03")
    found = {r.resource.split("/")[-2]: r for r in results}
    # The attribute still shows S3 logging; the NLB has nothing to log without a TLS listener.
    assert {k: r.status.value for k, r in found.items()} == {
        "acme-web-alb": "PASS", "acme-dark-alb": "NOT_ASSESSABLE", "acme-tcp-nlb": "NOT_APPLICABLE"}
    assert "writes no access logs to S3" in found["acme-dark-alb"].reason
    assert "logs:DescribeDeliverySources" in found["acme-dark-alb"].reason


@pytest.mark.stubbed
def test_listener_tls_over_marker_pages_of_listeners_and_policies_stubbed():
    web = described_lb("acme-web-alb")
    tls_nlb = described_lb("acme-tls-nlb", "network")
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        elbv2 = stubs.stub("elbv2")
        elbv2.add_response("describe_load_balancers", {"LoadBalancers": [web, tls_nlb]}, {})
        # DescribeListeners pages through Marker/NextMarker per load balancer.
        https = {**listener("HTTPS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06"),
                 "ListenerArn": f"{GOV}-listener/app/acme-web-alb/1/a"}
        http = {**listener("HTTP", 80, action={"Type": "redirect", "RedirectConfig": {
                    "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}),
                "ListenerArn": f"{GOV}-listener/app/acme-web-alb/1/b"}
        elbv2.add_response("describe_listeners", {"Listeners": [https], "NextMarker": "l2"},
                           {"LoadBalancerArn": web["LoadBalancerArn"]})
        elbv2.add_response("describe_listeners", {"Listeners": [http]},
                           {"LoadBalancerArn": web["LoadBalancerArn"], "Marker": "l2"})
        elbv2.add_response("describe_listeners", {"Listeners": [
            listener("TLS", 443, "ELBSecurityPolicy-2016-08")]},
            {"LoadBalancerArn": tls_nlb["LoadBalancerArn"]})
        add_pages(elbv2, "describe_ssl_policies", "SslPolicies", [
            [{"Name": "ELBSecurityPolicy-TLS13-1-2-2021-06", "SslProtocols": ["TLSv1.3", "TLSv1.2"],
              "SupportedLoadBalancerTypes": ["application", "network"]}],
            [{"Name": "ELBSecurityPolicy-2016-08", "SslProtocols": ["TLSv1", "TLSv1.1", "TLSv1.2"],
              "Ciphers": [{"Name": "ECDHE-RSA-AES128-GCM-SHA256", "Priority": 1}]}]],
            token="Marker", reply_token="NextMarker")
        results = stubs.evaluate("DP-02-C02")
    found = {r.resource.split("/")[-2]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "acme-web-alb": "PASS", "acme-tls-nlb": "FAIL"}
    assert "HTTP listener on port 80 redirects to HTTPS" in found["acme-web-alb"].reason
    assert "still allows TLSv1, TLSv1.1" in found["acme-tls-nlb"].reason


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
