"""ECR check (INF-01-C05): pure evaluation, then the verdicts over the workshop and clean
sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import ecr as checks
from tests.checks.infra_helpers import CTX, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

BASIC: dict[str, Any] = {"scanType": "BASIC", "rules": []}


def repo(name: str, on_push: bool = False) -> dict[str, Any]:
    return {"repositoryName": name,
            "repositoryArn": f"arn:aws:ecr:us-east-1:111122223333:repository/{name}",
            "imageScanningConfiguration": {"scanOnPush": on_push}}


def rule(frequency: str, *filters: str) -> dict[str, Any]:
    return {"scanFrequency": frequency,
            "repositoryFilters": [{"filter": f, "filterType": "WILDCARD"} for f in filters]}


def test_basic_scanning_follows_the_repository_setting():
    found = list(checks.images_scanned(CTX, BASIC, [repo("acme-payments-api", True),
                                                    repo("acme-legacy-worker")]))
    assert kinds(found) == ["PASS", "FAIL"]
    assert found[1].resource.endswith("repository/acme-legacy-worker")


def test_registry_rules_cover_matching_repositories():
    enhanced = {"scanType": "ENHANCED", "rules": [rule("CONTINUOUS_SCAN", "acme-*")]}
    found = list(checks.images_scanned(CTX, enhanced, [repo("acme-web"), repo("other", True)]))
    # Under enhanced scanning the repository's own scan-on-push setting no longer counts.
    assert kinds(found) == ["PASS", "FAIL"] and "ignored" in found[1].reason
    basic_rule = {"scanType": "BASIC", "rules": [rule("SCAN_ON_PUSH", "*-api"),
                                                 rule("MANUAL", "*")]}
    found = list(checks.images_scanned(CTX, basic_rule, [repo("acme-payments-api"),
                                                         repo("acme-batch")]))
    assert kinds(found) == ["PASS", "FAIL"]
    assert found[0].details["registry_rule"] == "SCAN_ON_PUSH"


def test_wildcards_are_literal_except_the_star():
    assert checks.covering_rule({"scanType": "ENHANCED", "rules": [rule("SCAN_ON_PUSH", "a.b*")]},
                                "aXb-repo") is None


def test_not_applicable_without_repositories():
    assert kinds(checks.images_scanned(CTX, BASIC, [])) == ["NOT_APPLICABLE"]


# -- responses shaped as the ECR API reference documents them -------------------------------------

CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"


def described(name: str, **fields: Any) -> dict[str, Any]:
    # A Repository from DescribeRepositories; imageScanningConfiguration is optional.
    return {"repositoryName": name, "registryId": "111122223333",
            "repositoryArn": f"arn:aws-cn:ecr:cn-north-1:111122223333:repository/{name}",
            "repositoryUri": f"111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/{name}",
            "imageTagMutability": "IMMUTABLE", **fields}


def stub_repositories(ecr: Any, *pages: list[dict[str, Any]]) -> None:
    for number, page in enumerate(pages):
        reply: dict[str, Any] = {"repositories": page}
        if number + 1 < len(pages):
            reply["nextToken"] = f"t{number + 1}"
        ecr.add_response("describe_repositories", reply,
                         {"nextToken": f"t{number}"} if number else {})


@pytest.mark.stubbed
def test_enhanced_rules_over_two_pages_of_repositories_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        ecr = stubs.stub("ecr")
        ecr.add_response("get_registry_scanning_configuration", {
            "registryId": "111122223333",
            "scanningConfiguration": {"scanType": "ENHANCED", "rules": [
                {"scanFrequency": "CONTINUOUS_SCAN",
                 "repositoryFilters": [{"filter": "prod-*", "filterType": "WILDCARD"}]}]}})
        stub_repositories(
            ecr, [described("prod-api", imageScanningConfiguration={"scanOnPush": False})],
            [described("dev-tool", imageScanningConfiguration={"scanOnPush": True}),
             described("prod-worker")])  # no imageScanningConfiguration at all
        results = stubs.evaluate("INF-01-C05")
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "prod-api": "PASS", "dev-tool": "FAIL", "prod-worker": "PASS"}
    assert found["prod-api"].resource.startswith("arn:aws-cn:ecr:cn-north-1:")
    assert "ENHANCED, CONTINUOUS_SCAN" in found["prod-api"].reason
    assert "scan-on-push setting is ignored" in found["dev-tool"].reason


@pytest.mark.stubbed
def test_basic_scanning_without_configuration_reads_each_repository_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        ecr = stubs.stub("ecr")
        # A registry never configured: scanningConfiguration is optional and may be absent.
        ecr.add_response("get_registry_scanning_configuration", {"registryId": "111122223333"})
        stub_repositories(ecr, [described("pushed", imageScanningConfiguration={
            "scanOnPush": True})], [described("silent")])
        results = stubs.evaluate("INF-01-C05")
    assert {r.resource.rsplit("/", 1)[-1]: r.status.value for r in results} == {
        "pushed": "PASS", "silent": "FAIL"}


@pytest.mark.stubbed
def test_denied_scanning_configuration_is_not_assessable_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        stubs.stub("ecr").add_client_error("get_registry_scanning_configuration", **client_error(
            "AccessDeniedException", "not authorized to perform: "
            "ecr:GetRegistryScanningConfiguration", http_status=400))
        [result] = stubs.evaluate("INF-01-C05")
    assert result.status.value == "NOT_ASSESSABLE"
    assert "ecr:GetRegistryScanningConfiguration" in result.reason
    assert result.resource == "arn:aws-cn:iam::111122223333:root"


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "INF-01-C05", "acme-payments-api") == {"PASS"}
    assert verdicts(workshop_report, "INF-01-C05", "acme-legacy-worker") == {"FAIL"}
    assert verdicts(workshop_report, "INF-01-C05", "acme-web-eu") == {"PASS"}


def test_clean_repositories_pass(clean_report):
    found = [r for r in results_for(clean_report, "INF-01-C05") if r.region != "ap-southeast-2"]
    assert found and statuses(found) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["INF-01-C05"])
