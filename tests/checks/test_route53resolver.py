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


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_workshop_verdicts(workshop, workshop_report, region):
    assert verdicts(workshop_report, "DET-02-C08", "acme-prod-vpc") == {"PASS"}
    default = default_vpc_id(workshop, region)
    [found] = [r for r in results_for(workshop_report, "DET-02-C08")
               if r.resource.endswith(f"/{default}")]
    assert found.status.value == "FAIL"


def test_clean_every_vpc_logs_dns(clean_report):
    found = results_for(clean_report, "DET-02-C08")
    assert len(found) == 6 and statuses(found) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["DET-02-C08"])
