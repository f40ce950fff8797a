"""VPC network checks (DET-02-C01, INF-03-C01..C03): pure evaluation on plain data, then the
verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import network as checks
from tests.checks.infra_helpers import (
    CTX,
    assert_expected,
    default_vpc_id,
    kinds,
    tags,
    verdicts,
    vpc_id,
)
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

NETWORK_IDS = ["DET-02-C01", "INF-03-C01", "INF-03-C02", "INF-03-C03"]


def vpc(vpc_id: str = "vpc-1", name: str = "acme-prod-vpc") -> dict[str, Any]:
    return {"VpcId": vpc_id, "Tags": tags(name), "OwnerId": "111122223333"}


def flow_log(
    resource: str = "vpc-1", status: str = "ACTIVE", traffic: str = "ALL"
) -> dict[str, Any]:
    return {"FlowLogId": f"fl-{resource}", "ResourceId": resource, "FlowLogStatus": status,
            "TrafficType": traffic, "LogDestination": "arn:aws:s3:::acme-flow-logs"}


def group(group_id: str, *permissions: dict[str, Any], name: str = "acme-web-sg",
          egress: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"GroupId": group_id, "GroupName": name, "VpcId": "vpc-1",
            "IpPermissions": list(permissions), "IpPermissionsEgress": egress or []}


def tcp(low: int, high: int | None = None, *, cidr: str = "", cidr6: str = "",
        source_group: str = "") -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": low, "ToPort": high or low,
            "IpRanges": [{"CidrIp": cidr}] if cidr else [],
            "Ipv6Ranges": [{"CidrIpv6": cidr6}] if cidr6 else [],
            "UserIdGroupPairs": [{"GroupId": source_group}] if source_group else []}


def entry(number: int, action: str, *, protocol: str = "6", ports: tuple[int, int] | None = None,
          cidr: str = "0.0.0.0/0", egress: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = {"RuleNumber": number, "RuleAction": action, "Protocol": protocol,
                            "Egress": egress}
    item["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
    if ports:
        item["PortRange"] = {"From": ports[0], "To": ports[1]}
    return item


def acl(*entries: dict[str, Any], default: bool = False) -> dict[str, Any]:
    return {"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": default,
            "Entries": list(entries), "Tags": tags("acme-public-nacl")}


# -- DET-02-C01 -------------------------------------------------------------------------------


def test_flow_logs_pass_for_all_or_rejected_traffic():
    found = list(checks.vpc_flow_logs(CTX, [vpc(), vpc("vpc-2")],
                                      [flow_log(), flow_log("vpc-2", traffic="REJECT")]))
    assert kinds(found) == ["PASS", "PASS"]
    assert found[0].resource == "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1"
    assert "acme-prod-vpc" in found[0].reason and found[0].details["name"] == "acme-prod-vpc"


def test_flow_logs_fail_when_missing_inactive_or_accept_only():
    vpcs = [vpc("vpc-1"), vpc("vpc-2"), vpc("vpc-3")]
    logs = [flow_log("vpc-2", status="FAILED"), flow_log("vpc-3", traffic="ACCEPT"),
            flow_log("subnet-9")]
    found = list(checks.vpc_flow_logs(CTX, vpcs, logs))
    assert kinds(found) == ["FAIL", "FAIL", "FAIL"]
    assert "no flow log" in found[0].reason
    assert "none is active (FAILED)" in found[1].reason
    assert "only accepted traffic" in found[2].reason


def test_flow_logs_not_applicable_without_vpcs():
    assert kinds(checks.vpc_flow_logs(CTX, [], [flow_log()])) == ["NOT_APPLICABLE"]


def test_flow_logs_skip_unused_default_and_shared_vpcs():
    """A3: an unused default VPC (no ENI) and a VPC shared through RAM are not FAILed."""
    unused = vpc("vpc-d") | {"IsDefault": True, "in_use": False}
    used = vpc("vpc-u") | {"IsDefault": True, "in_use": True}
    unknown = vpc("vpc-k") | {"IsDefault": True, "in_use": None}
    shared = vpc("vpc-s") | {"OwnerId": "999988887777"}
    found = list(checks.vpc_flow_logs(CTX, [unused, used, unknown, shared], []))
    assert kinds(found) == ["NOT_APPLICABLE", "FAIL", "FAIL", "NOT_APPLICABLE"]
    assert "no network interface" in found[0].reason
    assert "999988887777" in found[3].reason and found[3].details["not_judged"] is True
    logged = list(checks.vpc_flow_logs(CTX, [unused], [flow_log("vpc-d")]))
    assert kinds(logged) == ["PASS"]


# -- INF-03-C01 -------------------------------------------------------------------------------


def test_admin_ports_open_to_the_internet_fail():
    groups = [
        group("sg-ssh", tcp(22, cidr="0.0.0.0/0"), name="acme-bastion-sg"),
        group("sg-rdp6", tcp(3389, cidr6="::/0")),
        group("sg-range", tcp(0, 65535, cidr="0.0.0.0/0")),
        group("sg-all", {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
    ]
    found = list(checks.security_groups_admin_ports(CTX, groups))
    assert kinds(found) == ["FAIL"] * 4
    assert found[0].reason.endswith("allows SSH (22) from 0.0.0.0/0")
    assert "acme-bastion-sg" in found[0].reason
    assert found[1].details["open_rules"][0]["sources"] == ["::/0"]
    assert "SSH (22) and RDP (3389)" in found[3].reason


def test_admin_ports_from_private_ranges_or_other_ports_pass():
    groups = [
        group("sg-web", tcp(443, cidr="0.0.0.0/0"), tcp(80, cidr6="::/0")),
        group("sg-ops", tcp(22, cidr="10.0.0.0/8")),
        group("sg-app", tcp(3389, source_group="sg-web")),
        group("sg-udp", {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535,
                         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
    ]
    assert kinds(checks.security_groups_admin_ports(CTX, groups)) == ["PASS"] * 4


def test_security_groups_not_applicable_when_none():
    assert kinds(checks.security_groups_admin_ports(CTX, [])) == ["NOT_APPLICABLE"]


# -- INF-03-C02 -------------------------------------------------------------------------------


def test_default_security_groups():
    all_out = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    groups = [
        group("sg-empty", name="default"),
        group("sg-aws", name="default", egress=all_out),
        group("sg-self", tcp(0, 65535, source_group="sg-self"), name="default"),
        group("sg-other", tcp(22, cidr="0.0.0.0/0"), name="acme-bastion-sg"),
    ]
    found = list(checks.default_security_groups(CTX, groups))
    assert kinds(found) == ["PASS", "FAIL", "FAIL"]
    assert found[1].details["outbound_rules"] == 1 and found[2].details["inbound_rules"] == 1


def test_default_security_groups_not_applicable():
    assert kinds(checks.default_security_groups(CTX, [group("sg-1")])) == ["NOT_APPLICABLE"]


# -- INF-03-C03 -------------------------------------------------------------------------------


def test_network_acl_allow_all_fails():
    aws_default = acl(entry(100, "allow", protocol="-1"), entry(32767, "deny", protocol="-1"),
                      entry(100, "allow", protocol="-1", egress=True), default=True)
    found = list(checks.network_acls_admin_ports(CTX, [aws_default]))
    assert kinds(found) == ["FAIL"]
    assert [(e["port"], e["rule"]) for e in found[0].details["exposed"]] == [(22, 100), (3389, 100)]
    assert found[0].reason.startswith("default network ACL acl-1 (acme-public-nacl)")


def test_network_acl_rule_order_decides():
    denied_first = acl(entry(10, "deny", ports=(22, 22)), entry(20, "deny", ports=(3389, 3389)),
                       entry(100, "allow", protocol="-1"))
    allowed_first = acl(entry(10, "allow", ports=(20, 30)), entry(20, "deny", ports=(22, 22)))
    ipv6_open = acl(entry(5, "allow", ports=(3389, 3389), cidr="::/0"))
    found = list(checks.network_acls_admin_ports(CTX, [denied_first, allowed_first, ipv6_open]))
    assert kinds(found) == ["PASS", "FAIL", "FAIL"]
    assert found[2].details["exposed"] == [{"port": 3389, "source": "::/0", "rule": 5}]


def test_network_acl_narrow_or_other_ports_pass():
    narrow = acl(entry(100, "allow", ports=(22, 22), cidr="203.0.113.0/24"),
                 entry(110, "allow", ports=(443, 443)), entry(120, "allow", ports=(32768, 65535)),
                 entry(130, "allow", protocol="17", ports=(0, 65535)),
                 entry(140, "allow", ports=(22, 22), egress=True))
    assert kinds(checks.network_acls_admin_ports(CTX, [narrow])) == ["PASS"]
    assert kinds(checks.network_acls_admin_ports(CTX, [])) == ["NOT_APPLICABLE"]


# -- responses shaped as the EC2 API reference documents them ---------------------------------

GOV = "arn:aws-us-gov:ec2:us-gov-east-1:111122223333"
GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"


def described_vpc(vpc_id: str, *, default: bool = False, owner: str = "111122223333",
                  **fields: Any) -> dict[str, Any]:
    # A Vpc from DescribeVpcs; Tags is absent on an untagged VPC (the default one usually).
    return {"VpcId": vpc_id, "OwnerId": owner, "State": "available", "CidrBlock": "10.0.0.0/16",
            "DhcpOptionsId": "dopt-1", "InstanceTenancy": "default", "IsDefault": default,
            "CidrBlockAssociationSet": [{"AssociationId": f"{vpc_id}-cidr",
                                         "CidrBlock": "10.0.0.0/16",
                                         "CidrBlockState": {"State": "associated"}}], **fields}


def described_flow_log(resource: str, traffic: str, **fields: Any) -> dict[str, Any]:
    return {"FlowLogId": f"fl-{resource}-{traffic.lower()}", "ResourceId": resource,
            "FlowLogStatus": "ACTIVE", "TrafficType": traffic, "LogDestinationType": "s3",
            "LogDestination": "arn:aws-us-gov:s3:::acme-flow-logs", "MaxAggregationInterval": 600,
            "LogFormat": "${version} ${account-id} ${interface-id}", **fields}


def interfaces_of(vpc: str) -> dict[str, Any]:
    return {"Filters": [{"Name": "vpc-id", "Values": [vpc]}], "MaxResults": 5}


@pytest.mark.stubbed
def test_flow_logs_over_two_pages_of_vpcs_and_flow_logs_stubbed():
    with stubbed_api("us-gov-east-1", GOV_CALLER) as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_vpcs", {"Vpcs": [
            described_vpc("vpc-a", Tags=tags("acme-prod-vpc")), described_vpc("vpc-b")],
            "NextToken": "vpcs-2"}, {})
        ec2.add_response("describe_vpcs", {"Vpcs": [
            described_vpc("vpc-d", default=True), described_vpc("vpc-c"),
            described_vpc("vpc-s", owner="999988887777"), described_vpc("vpc-f")]},
            {"NextToken": "vpcs-2"})
        ec2.add_response("describe_network_interfaces", {"NetworkInterfaces": []},
                         interfaces_of("vpc-d"))
        add_pages(ec2, "describe_flow_logs", "FlowLogs", [
            [described_flow_log("vpc-a", "REJECT"), described_flow_log("vpc-b", "ACCEPT")],
            [described_flow_log("subnet-9", "ALL"),
             # Delivery to CloudWatch Logs failing: AWS says why in DeliverLogsErrorMessage.
             described_flow_log("vpc-f", "ALL", LogDestinationType="cloud-watch-logs",
                                LogGroupName="flow", DeliverLogsStatus="FAILED",
                                DeliverLogsErrorMessage="Access error")]])
        results = stubs.evaluate("DET-02-C01")
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "vpc-a": "PASS", "vpc-b": "FAIL", "vpc-d": "NOT_APPLICABLE", "vpc-c": "FAIL",
        "vpc-s": "NOT_APPLICABLE", "vpc-f": "FAIL"}
    assert found["vpc-a"].resource == f"{GOV}:vpc/vpc-a"
    assert "acme-prod-vpc" in found["vpc-a"].reason and "REJECT" in found["vpc-a"].reason
    assert "only accepted traffic" in found["vpc-b"].reason
    assert "no network interface" in found["vpc-d"].reason
    assert "no flow log" in found["vpc-c"].reason
    assert "999988887777" in found["vpc-s"].reason and found["vpc-s"].details["not_judged"]
    assert "delivery is failing (Access error)" in found["vpc-f"].reason


@pytest.mark.stubbed
def test_unreadable_interfaces_judge_the_default_vpc_denied_flow_logs_stubbed():
    with stubbed_api("us-gov-east-1", GOV_CALLER) as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_vpcs", {"Vpcs": [described_vpc("vpc-d", default=True)]}, {})
        ec2.add_client_error("describe_network_interfaces", **client_error(
            "UnauthorizedOperation", "You are not authorized to perform this operation.",
            http_status=403))
        ec2.add_response("describe_flow_logs", {"FlowLogs": []}, {})
        [unknown] = stubs.evaluate("DET-02-C01")
    # Whether the default VPC is used could not be seen: it is judged like any VPC.
    assert unknown.status.value == "FAIL" and "no flow log" in unknown.reason
    with stubbed_api("us-gov-east-1", GOV_CALLER) as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_vpcs", {"Vpcs": [described_vpc("vpc-a")]}, {})
        ec2.add_client_error("describe_flow_logs", **client_error(
            "UnauthorizedOperation", http_status=403))
        [denied] = stubs.evaluate("DET-02-C01")
    assert denied.status.value == "NOT_ASSESSABLE" and "ec2:DescribeFlowLogs" in denied.reason


@pytest.mark.stubbed
def test_network_acls_over_two_pages_stubbed():
    # AWS lists the catch-all entries as rules 32767 (IPv4) and 32768 (IPv6), protocol -1 and
    # no PortRange; PortRange is present only for TCP and UDP entries.
    catch_all = [entry(32767, "deny", protocol="-1"), entry(32768, "deny", protocol="-1",
                                                            cidr="::/0")]
    aws_default = {"NetworkAclId": "acl-d", "VpcId": "vpc-a", "IsDefault": True,
                   "OwnerId": "111122223333", "Associations": [], "Tags": [],
                   "Entries": [entry(100, "allow", protocol="-1"),
                               entry(101, "allow", protocol="-1", cidr="::/0"), *catch_all]}
    guarded = {"NetworkAclId": "acl-g", "VpcId": "vpc-a", "IsDefault": False,
               "OwnerId": "111122223333",
               "Entries": [entry(90, "deny", ports=(22, 22)), entry(91, "deny", ports=(3389, 3389)),
                           entry(100, "allow", protocol="-1"), *catch_all]}
    with stubbed_api("us-gov-east-1", GOV_CALLER) as stubs:
        add_pages(stubs.stub("ec2"), "describe_network_acls", "NetworkAcls",
                  [[aws_default], [guarded]])
        results = stubs.evaluate("INF-03-C03")
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {"acl-d": "FAIL", "acl-g": "PASS"}
    assert found["acl-d"].resource == f"{GOV}:network-acl/acl-d"
    assert [(e["port"], e["source"]) for e in found["acl-d"].details["exposed"]] == [
        (22, "0.0.0.0/0"), (3389, "0.0.0.0/0"), (22, "::/0"), (3389, "::/0")]


# -- verdicts over the sandbox ----------------------------------------------------------------


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_workshop_vpcs_flow_logs_and_default_groups(workshop, workshop_report, region):
    company, default = vpc_id(workshop, region, "acme-prod-vpc"), default_vpc_id(workshop, region)
    flow = {r.resource.rsplit("/", 1)[-1]: r.status.value
            for r in results_for(workshop_report, "DET-02-C01") if r.region == region}
    # The first region's default VPC holds an interface; the others are unused (A3).
    used = region == workshop.regions[0]
    assert flow[company] == "PASS" and flow[default] == ("FAIL" if used else "NOT_APPLICABLE")
    default_groups = {r.details["vpc_id"]: r.status.value
                      for r in results_for(workshop_report, "INF-03-C02") if r.region == region}
    assert default_groups == {company: "PASS", default: "FAIL"}
    nacls = {(r.details["vpc_id"], r.details["name"], r.details["is_default"]): r.status.value
             for r in results_for(workshop_report, "INF-03-C03") if r.region == region}
    assert nacls[(company, "", True)] == "PASS"
    assert nacls[(company, "acme-public-nacl", False)] == "PASS"
    assert nacls[(company, "acme-legacy-nacl", False)] == "FAIL"
    assert nacls[(default, "", True)] == "FAIL"


def test_workshop_admin_ports(workshop_report):
    assert verdicts(workshop_report, "INF-03-C01", "acme-bastion-sg") == {"FAIL"}
    assert verdicts(workshop_report, "INF-03-C01", "acme-windows-admin-sg") == {"FAIL"}
    for good in ("acme-web-sg", "acme-app-sg", "acme-ops-sg"):
        assert verdicts(workshop_report, "INF-03-C01", good) == {"PASS"}


def test_clean_network_passes(clean_report):
    for check_id in NETWORK_IDS:
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
    assert len(results_for(clean_report, "DET-02-C01")) == 6  # company + default VPC, 3 regions


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, NETWORK_IDS)
