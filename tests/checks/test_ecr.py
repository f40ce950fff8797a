"""ECR check (INF-01-C05): pure evaluation, then the verdicts over the workshop and clean
sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import ecr as checks
from tests.checks.infra_helpers import CTX, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses

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
