"""Route 53 Resolver check (DET-02-C08): pure evaluation, then the verdicts over the workshop and
clean sandboxes."""

from __future__ import annotations

import pytest

from seccheck.checks import route53resolver as checks
from tests.checks.infra_helpers import (
    CTX,
    assert_expected,
    default_vpc_id,
    kinds,
    tags,
    verdicts,
)
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

CONFIGS = [{"Id": "rqlc-1", "DestinationArn": "arn:aws:s3:::acme-logs"}]


def vpcs(*ids: str) -> list[dict]:
    return [{"VpcId": v, "Tags": tags(f"{v}-name")} for v in ids]


def test_active_association_passes_others_fail():
    logging = {"configs": CONFIGS, "associations": [
        {"ResourceId": "vpc-1", "ResolverQueryLogConfigId": "rqlc-1", "Status": "ACTIVE"},
        {"ResourceId": "vpc-2", "ResolverQueryLogConfigId": "rqlc-1", "Status": "FAILED"},
        {"ResourceId": "vpc-9", "ResolverQueryLogConfigId": "rqlc-1", "Status": "ACTIVE"},
    ]}
    found = list(checks.vpc_query_logging(CTX, vpcs("vpc-1", "vpc-2", "vpc-3"), logging))
    assert kinds(found) == ["PASS", "FAIL", "FAIL"]
    assert found[0].details["destinations"] == ["arn:aws:s3:::acme-logs"]
    assert "not active (FAILED)" in found[1].reason and "no DNS query logging" in found[2].reason


def test_not_applicable_without_vpcs():
    found = checks.vpc_query_logging(CTX, [], {"configs": [], "associations": []})
    assert kinds(found) == ["NOT_APPLICABLE"]


def test_same_vpcs_in_scope_as_flow_logs():
    """DET-02-C08 skips the VPCs DET-02-C01 skips: unused default VPCs that do not log (N/A)
    and VPCs shared by another account (not judged); a used or unknown default VPC is judged."""
    from seccheck.checks.network import vpc_flow_logs

    unused = {"VpcId": "vpc-d", "IsDefault": True, "in_use": False}
    used = {"VpcId": "vpc-u", "IsDefault": True, "in_use": True}
    unknown = {"VpcId": "vpc-k", "IsDefault": True, "in_use": None}
    shared = {"VpcId": "vpc-s", "OwnerId": "999988887777"}
    every = [unused, used, unknown, shared]
    dns = list(checks.vpc_query_logging(CTX, every, {"configs": [], "associations": []}))
    flow = list(vpc_flow_logs(CTX, every, []))
    assert kinds(dns) == kinds(flow) == ["NOT_APPLICABLE", "FAIL", "FAIL", "NOT_APPLICABLE"]
    assert "no network interface" in dns[0].reason and "not_judged" not in dns[0].details
    assert "999988887777" in dns[3].reason and "assess DET-02-C08 there" in dns[3].reason
    assert dns[3].details["not_judged"] is True
    logging = {"configs": CONFIGS, "associations": [
        {"ResourceId": "vpc-d", "ResolverQueryLogConfigId": "rqlc-1", "Status": "ACTIVE"}]}
    assert kinds(checks.vpc_query_logging(CTX, [unused], logging)) == ["PASS"]


# -- responses shaped as the Route 53 Resolver API reference documents them --------------------

CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
RQLC = "arn:aws-cn:route53resolver:cn-northwest-1"


def config(config_id: str, owner: str = "111122223333", **fields) -> dict:
    return {"Id": config_id, "OwnerId": owner, "Status": "CREATED", "ShareStatus": "NOT_SHARED",
            "AssociationCount": 1, "Arn": f"{RQLC}:{owner}:resolver-query-log-config/{config_id}",
            "Name": config_id, "CreationTime": "2026-01-05T10:00:00.000Z", **fields}


def association(vpc: str, config_id: str, status: str = "ACTIVE", **fields) -> dict:
    return {"Id": f"rqlca-{vpc}", "ResolverQueryLogConfigId": config_id, "ResourceId": vpc,
            "Status": status, "Error": "NONE", "ErrorMessage": "",
            "CreationTime": "2026-01-05T10:00:00.000Z", **fields}


def stub_vpcs(stubs, *vpc_ids: str) -> None:
    stubs.stub("ec2").add_response("describe_vpcs", {"Vpcs": [
        {"VpcId": v, "OwnerId": "111122223333", "IsDefault": False, "State": "available"}
        for v in vpc_ids]}, {})


@pytest.mark.stubbed
def test_query_logging_over_two_pages_with_a_shared_config_stubbed():
    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        stub_vpcs(stubs, "vpc-1", "vpc-2", "vpc-3", "vpc-4")
        resolver = stubs.stub("route53resolver")
        # TotalCount and TotalFilteredCount ride along on every page (non-aggregated keys).
        counts = {"TotalCount": 2, "TotalFilteredCount": 2}
        add_pages(resolver, "list_resolver_query_log_configs", "ResolverQueryLogConfigs", [
            [config("rqlc-own", DestinationArn="arn:aws-cn:s3:::acme-dns-logs")],
            # Shared through RAM by the log-archive account; DestinationArn left out.
            [config("rqlc-shared", owner="444455556666", ShareStatus="SHARED_WITH_ME")]],
            extra=counts)
        add_pages(resolver, "list_resolver_query_log_config_associations",
                  "ResolverQueryLogConfigAssociations", [
                      [association("vpc-1", "rqlc-own"), association("vpc-2", "rqlc-shared")],
                      [association("vpc-3", "rqlc-own", "ACTION_NEEDED",
                                   Error="DESTINATION_NOT_FOUND",
                                   ErrorMessage="The destination was deleted")]],
                  extra=counts)
        results = stubs.evaluate("DET-02-C08")
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "vpc-1": "PASS", "vpc-2": "PASS", "vpc-3": "FAIL", "vpc-4": "FAIL"}
    assert found["vpc-1"].resource == "arn:aws-cn:ec2:cn-northwest-1:111122223333:vpc/vpc-1"
    assert found["vpc-1"].details["destinations"] == ["arn:aws-cn:s3:::acme-dns-logs"]
    assert found["vpc-2"].details["destinations"] == ["rqlc-shared"]
    assert "not active (ACTION_NEEDED: DESTINATION_NOT_FOUND)" in found["vpc-3"].reason
    assert "no DNS query logging" in found["vpc-4"].reason


@pytest.mark.stubbed
def test_denied_listing_is_not_assessable_stubbed():
    with stubbed_api("cn-northwest-1", CN_CALLER) as stubs:
        stub_vpcs(stubs, "vpc-1")
        stubs.stub("route53resolver").add_client_error(
            "list_resolver_query_log_configs",
            **client_error("AccessDeniedException", http_status=403))
        [result] = stubs.evaluate("DET-02-C08")
    assert result.status.value == "NOT_ASSESSABLE"
    assert "route53resolver:ListResolverQueryLogConfigs" in result.reason
    assert result.resource == "arn:aws-cn:iam::111122223333:root"


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_workshop_verdicts(workshop, workshop_report, region):
    assert verdicts(workshop_report, "DET-02-C08", "acme-prod-vpc") == {"PASS"}
    default = default_vpc_id(workshop, region)
    [found] = [r for r in results_for(workshop_report, "DET-02-C08")
               if r.resource.endswith(f"/{default}")]
    # As for flow logs (DET-02-C01): only the first region's default VPC holds an interface.
    used = region == workshop.regions[0]
    assert found.status.value == ("FAIL" if used else "NOT_APPLICABLE")


def test_clean_every_vpc_logs_dns(clean_report):
    found = results_for(clean_report, "DET-02-C08")
    assert len(found) == 6 and statuses(found) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["DET-02-C08"])
