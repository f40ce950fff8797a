"""Security groups open to the internet on all ports (INF-03-C07) or high-risk ports (INF-03-C08):
pure evaluation over DescribeSecurityGroups-shaped groups, then the sandbox verdicts."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import open_ports as checks
from seccheck.checks.registry import Context
from seccheck.collect import network as collect
from tests.checks.infra_helpers import ACCOUNT, CTX, assert_expected, kinds, verdicts
from tests.stubbing import stubbed_api

IDS = ["INF-03-C07", "INF-03-C08"]


def group(group_id: str, *permissions: dict[str, Any], name: str = "acme-sg") -> dict[str, Any]:
    # Shaped as ec2:DescribeSecurityGroups documents a SecurityGroup.
    return {"GroupId": group_id, "GroupName": name, "Description": name, "VpcId": "vpc-1",
            "OwnerId": "111122223333", "IpPermissions": list(permissions),
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                                     "Ipv6Ranges": [], "PrefixListIds": [],
                                     "UserIdGroupPairs": []}]}


def rule(protocol: str, low: int | None = None, high: int | None = None, *, cidr: str = "",
         cidr6: str = "", source_group: str = "") -> dict[str, Any]:
    permission: dict[str, Any] = {
        "IpProtocol": protocol,
        "IpRanges": [{"CidrIp": cidr, "Description": "why"}] if cidr else [],
        "Ipv6Ranges": [{"CidrIpv6": cidr6}] if cidr6 else [],
        "PrefixListIds": [],
        "UserIdGroupPairs": [{"GroupId": source_group, "UserId": "111122223333"}]
        if source_group else [],
    }
    if low is not None:  # AWS omits FromPort/ToPort for IpProtocol -1
        permission["FromPort"], permission["ToPort"] = low, high if high is not None else low
    return permission


def by_group(findings: Any) -> dict[str, str]:
    return {f.resource.rsplit("/", 1)[-1]: f.status.value for f in findings}


# -- INF-03-C07 ---------------------------------------------------------------------------------


def test_all_ports_open_fails_for_all_traffic_and_full_ranges():
    groups = [
        group("sg-all4", rule("-1", cidr="0.0.0.0/0")),
        group("sg-all6", rule("-1", cidr6="::/0")),
        group("sg-tcp", rule("tcp", 0, 65535, cidr="0.0.0.0/0")),
        group("sg-udp", rule("17", 0, 65535, cidr6="::/0")),
        group("sg-web", rule("tcp", 443, cidr="0.0.0.0/0", cidr6="::/0")),
        group("sg-wide", rule("tcp", 1024, 65535, cidr="0.0.0.0/0")),
        group("sg-inside", rule("-1", cidr="10.0.0.0/8"), rule("-1", source_group="sg-web")),
        group("sg-icmp", rule("icmp", -1, -1, cidr="0.0.0.0/0")),
        group("sg-none"),
    ]
    found = list(checks.security_groups_all_ports(CTX, groups))
    assert by_group(found) == {
        "sg-all4": "FAIL", "sg-all6": "FAIL", "sg-tcp": "FAIL", "sg-udp": "FAIL",
        "sg-web": "PASS", "sg-wide": "PASS", "sg-inside": "PASS", "sg-icmp": "PASS",
        "sg-none": "PASS",
    }
    reasons = {f.resource.rsplit("/", 1)[-1]: f.reason for f in found}
    assert "all traffic from 0.0.0.0/0" in reasons["sg-all4"]
    assert "every UDP port from ::/0" in reasons["sg-udp"]


def test_all_ports_without_groups_is_not_applicable():
    assert kinds(checks.security_groups_all_ports(CTX, [])) == ["NOT_APPLICABLE"]


# -- INF-03-C08 ---------------------------------------------------------------------------------


def test_high_risk_ports_open_to_the_world_fail():
    groups = [
        group("sg-mysql", rule("tcp", 3306, cidr="0.0.0.0/0")),
        group("sg-redis6", rule("6", 6379, cidr6="::/0")),
        group("sg-range", rule("tcp", 9000, 9400, cidr="0.0.0.0/0")),  # 9042, 9092, 9160, 9200,..
        group("sg-memcached-udp", rule("udp", 11211, cidr="0.0.0.0/0")),
        group("sg-all", rule("-1", cidr="0.0.0.0/0")),
        group("sg-private-db", rule("tcp", 5432, cidr="10.0.0.0/16"),
              rule("tcp", 5432, source_group="sg-app")),
        group("sg-web", rule("tcp", 443, cidr="0.0.0.0/0"), rule("tcp", 80, cidr6="::/0")),
        group("sg-ssh", rule("tcp", 22, cidr="0.0.0.0/0")),  # INF-03-C01's business
        group("sg-icmp", rule("icmpv6", -1, -1, cidr6="::/0")),
    ]
    found = list(checks.security_groups_high_risk_ports(CTX, groups))
    assert by_group(found) == {
        "sg-mysql": "FAIL", "sg-redis6": "FAIL", "sg-range": "FAIL", "sg-memcached-udp": "FAIL",
        "sg-all": "FAIL", "sg-private-db": "PASS", "sg-web": "PASS", "sg-ssh": "PASS",
        "sg-icmp": "PASS",
    }
    details = {f.resource.rsplit("/", 1)[-1]: f for f in found}
    assert [e["port"] for e in details["sg-range"].details["exposed"]] == [
        9042, 9092, 9160, 9200, 9300]
    assert "Redis (6379/tcp) to ::/0" in details["sg-redis6"].reason
    assert "Memcached (11211/udp)" in details["sg-memcached-udp"].reason
    assert "and " in details["sg-all"].reason and "more" in details["sg-all"].reason


def test_every_listed_high_risk_port_is_caught():
    for port in (20, 21, 23, 135, 137, 138, 139, 445, 1433, 1521, 3306, 5432, 5601, 6379, 9092,
                 9200, 9300, 11211, 27017):
        found = list(checks.security_groups_high_risk_ports(
            CTX, [group("sg-1", rule("tcp", port, cidr="0.0.0.0/0"))]))
        assert kinds(found) == ["FAIL"], port


def test_high_risk_without_groups_is_not_applicable():
    assert kinds(checks.security_groups_high_risk_ports(CTX, [])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_security_groups_follow_next_token_stubbed():
    """DescribeSecurityGroups pages through NextToken; Ipv6Ranges, PrefixListIds, Tags and
    VpcId may be absent (EC2 API reference); the ARN follows the aws-us-gov partition."""
    open_all = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    with stubbed_api("us-gov-west-1") as stubs:
        ec2 = stubs.stub("ec2")
        ec2.add_response("describe_security_groups", {"SecurityGroups": [
            {"GroupId": "sg-1", "GroupName": "debug", "OwnerId": ACCOUNT, "Description": "d",
             "IpPermissions": [open_all]}], "NextToken": "t2"}, {})
        ec2.add_response("describe_security_groups", {"SecurityGroups": [
            {"GroupId": "sg-2", "GroupName": "web", "OwnerId": ACCOUNT, "Description": "d",
             "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]},
            {"NextToken": "t2"})
        groups = collect.security_groups(stubs.api)
    gov = Context(ACCOUNT, "us-gov-west-1", partition="aws-us-gov")
    found = list(checks.security_groups_all_ports(gov, groups))
    assert [(f.resource, f.status.value) for f in found] == [
        (f"arn:aws-us-gov:ec2:us-gov-west-1:{ACCOUNT}:security-group/sg-1", "FAIL"),
        (f"arn:aws-us-gov:ec2:us-gov-west-1:{ACCOUNT}:security-group/sg-2", "PASS")]
    assert kinds(checks.security_groups_high_risk_ports(gov, groups)) == ["FAIL", "PASS"]


# -- over the sandbox (HTTP to moto's server) ---------------------------------------------------


def test_workshop_open_groups_fail_and_tiers_pass(workshop_report):
    assert verdicts(workshop_report, "INF-03-C07", "acme-debug-sg") == {"FAIL"}
    assert verdicts(workshop_report, "INF-03-C07", "acme-legacy-db-sg") == {"PASS"}
    assert verdicts(workshop_report, "INF-03-C08", "acme-legacy-db-sg") == {"FAIL"}
    assert verdicts(workshop_report, "INF-03-C08", "acme-debug-sg") == {"FAIL"}
    for good in ("acme-web-sg", "acme-app-sg", "acme-ops-sg"):
        assert verdicts(workshop_report, "INF-03-C07", good) == {"PASS"}
        assert verdicts(workshop_report, "INF-03-C08", good) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, IDS)
