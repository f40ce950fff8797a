"""API Gateway check (INF-02-C04): pure evaluation, the collector against canned answers, then
the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from typing import Any

import pytest

from seccheck.checks import apigateway as checks
from seccheck.collect import apigateway as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import CTX, DENIED, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

ACL = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/acme-web-acl/1"


def api(api_id: str, name: str, stages: Any, types: tuple[str, ...] = ("REGIONAL",)) -> dict:
    return {"id": api_id, "name": name, "endpointConfiguration": {"types": list(types)},
            "stages": stages}


def test_stages_with_and_without_web_acl():
    found = list(checks.rest_api_web_acl(CTX, [
        api("a1", "acme-payments-api", [{"stageName": "prod", "webAclArn": ACL}]),
        api("a2", "acme-partner-api", [{"stageName": "v1"}, {"stageName": "v2",
                                                               "webAclArn": ACL}]),
    ]))
    assert kinds(found) == ["PASS", "FAIL"]
    assert found[0].resource == "arn:aws:apigateway:us-east-1::/restapis/a1"
    assert found[1].details["unprotected_stages"] == ["v1"] and found[1].reason.endswith(": v1")


def test_private_undeployed_and_unreadable():
    apis = [api("p", "internal", [{"stageName": "prod"}], types=("PRIVATE",)),
            api("u", "draft", []), api("d", "denied", DENIED)]
    assert kinds(checks.rest_api_web_acl(CTX, apis)) == ["NOT_ASSESSABLE"]
    assert kinds(checks.rest_api_web_acl(CTX, apis[:2])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_stages_read_once_per_api_stubbed():
    with stubbed_api() as stubs:
        client = stubs.stub("apigateway")
        client.add_response("get_rest_apis", {"items": [{"id": "a1", "name": "acme-payments-api"},
                                                        {"id": "a2", "name": "acme-partner-api"}]})
        client.add_response("get_stages", {"item": [{"stageName": "prod", "webAclArn": ACL}]},
                            {"restApiId": "a1"})
        client.add_client_error("get_stages", **client_error("AccessDeniedException",
                                                             http_status=403))
        found = collect.rest_apis(stubs.api)
    assert found[0]["stages"][0]["webAclArn"] == ACL
    assert isinstance(found[1]["stages"], Unreadable)
    assert "apigateway:GET" in found[1]["stages"].reason


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "INF-02-C04", "acme-payments-api") == {"PASS"}
    assert verdicts(workshop_report, "INF-02-C04", "acme-partner-api") == {"FAIL"}


def test_clean_api_passes(clean_report):
    home = [r for r in results_for(clean_report, "INF-02-C04") if r.region == "us-east-1"]
    assert home and statuses(home) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["INF-02-C04"])
