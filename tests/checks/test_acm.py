"""ACM check (DP-02-C05): pure evaluation, then the verdicts over the workshop and clean
sandboxes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from seccheck.checks import acm as checks
from seccheck.checks.registry import Context
from seccheck.collect import acm as collect
from tests.checks.infra_helpers import CTX, NOW, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api


def cert(domain: str, days: int | None, *, status: str = "ISSUED", kind: str = "AMAZON_ISSUED",
         in_use: bool = True) -> dict[str, Any]:
    return {"CertificateArn": f"arn:aws:acm:us-east-1:111122223333:certificate/{domain}",
            "DomainName": domain, "Status": status, "Type": kind, "InUse": in_use,
            "NotAfter": None if days is None else NOW + timedelta(days=days)}


def test_valid_certificates_pass_imported_ones_are_flagged():
    found = list(checks.certificates_valid(CTX, [cert("www.acme.example", 200),
                                                 cert("shop.acme.example", 200, kind="IMPORTED")]))
    assert kinds(found) == ["PASS", "PASS"]
    assert found[0].details["managed_renewal"] and "renewed by ACM" in found[0].reason
    assert not found[1].details["managed_renewal"] and "will not renew it" in found[1].reason


def test_expiring_or_not_issued_fail():
    found = list(checks.certificates_valid(CTX, [
        cert("legacy.acme.example", 10, kind="IMPORTED"), cert("api.acme.example", 29),
        cert("old.acme.example", -3, status="EXPIRED")]))
    assert kinds(found) == ["FAIL", "FAIL", "FAIL"]
    assert "replaced by hand" in found[0].reason and "validation records" in found[1].reason
    assert "status is EXPIRED" in found[2].reason


def test_threshold_is_the_min_days_to_expiry_param():
    strict = Context(CTX.account, CTX.region, {"min_days_to_expiry": 60}, NOW)
    assert kinds(checks.certificates_valid(strict, [cert("www.acme.example", 45)])) == ["FAIL"]
    assert kinds(checks.certificates_valid(CTX, [cert("www.acme.example", 45)])) == ["PASS"]


def test_unused_certificates_are_ignored_and_missing_dates_not_assessable():
    unused = [cert("spare.acme.example", -10, status="EXPIRED", in_use=False)]
    assert kinds(checks.certificates_valid(CTX, unused)) == ["NOT_APPLICABLE"]
    assert kinds(checks.certificates_valid(CTX, [cert("x.acme.example", None)])) == [
        "NOT_ASSESSABLE"]


# -- responses shaped as the ACM API reference documents ListCertificates ------------------------

CN = "arn:aws-cn:acm:cn-north-1:111122223333:certificate"
CN_CALLER = "arn:aws-cn:iam::111122223333:user/auditor"
LISTING = {"Includes": {"keyTypes": collect.ALL_KEY_TYPES}}


def summary(uuid: str, domain: str, **fields: Any) -> dict[str, Any]:
    # CertificateSummary: every member is optional; ACM sends what it knows.
    return {"CertificateArn": f"{CN}/{uuid}", "DomainName": domain, **fields}


@pytest.mark.stubbed
def test_certificates_follow_next_token_and_tolerate_absent_fields_stubbed():
    with stubbed_api("cn-north-1", CN_CALLER) as stubs:
        acm = stubs.stub("acm")
        acm.add_response("list_certificates", {"CertificateSummaryList": [
            summary("1", "www.acme.example", Status="ISSUED", Type="AMAZON_ISSUED", InUse=True,
                    KeyAlgorithm="EC-prime256v1", RenewalEligibility="ELIGIBLE",
                    NotBefore=NOW - timedelta(days=100), NotAfter=NOW + timedelta(days=200),
                    SubjectAlternativeNameSummaries=["www.acme.example"],
                    HasAdditionalSubjectAlternativeNames=False),
            summary("2", "spare.acme.example"),  # no Status, Type, InUse or dates at all
        ], "NextToken": "page-2"}, LISTING)
        acm.add_response("list_certificates", {"CertificateSummaryList": [
            summary("3", "legacy.acme.example", Status="ISSUED", Type="IMPORTED", InUse=True,
                    NotAfter=NOW + timedelta(days=10)),
            summary("4", "api.acme.example", Status="ISSUED", Type="AMAZON_ISSUED", InUse=True),
            summary("5", "old.acme.example", Status="EXPIRED", Type="AMAZON_ISSUED", InUse=True,
                    NotAfter=NOW - timedelta(days=3)),
        ]}, {**LISTING, "NextToken": "page-2"})
        results = stubs.evaluate("DP-02-C05", now=NOW)
    found = {r.resource.rsplit("/", 1)[-1]: r for r in results}
    assert {k: r.status.value for k, r in found.items()} == {
        "1": "PASS", "3": "FAIL", "4": "NOT_ASSESSABLE", "5": "FAIL"}
    assert all(r.resource.startswith("arn:aws-cn:acm:cn-north-1:") for r in results)
    assert "renewed by ACM" in found["1"].reason
    assert "replaced by hand" in found["3"].reason
    assert "expiry date was not reported" in found["4"].reason
    assert "status is EXPIRED" in found["5"].reason


@pytest.mark.stubbed
def test_unused_or_no_certificates_are_not_applicable_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("acm").add_response("list_certificates", {"CertificateSummaryList": []},
                                       LISTING)
        [result] = stubs.evaluate("DP-02-C05", now=NOW)
    assert result.status.value == "NOT_APPLICABLE"
    assert result.resource == "arn:aws:iam::111122223333:root"


@pytest.mark.stubbed
def test_denied_listing_is_not_assessable_and_names_the_action_stubbed():
    with stubbed_api("us-gov-west-1", "arn:aws-us-gov:iam::111122223333:user/a") as stubs:
        stubs.stub("acm").add_client_error("list_certificates", **client_error(
            "AccessDeniedException", "User is not authorized to perform: acm:ListCertificates"))
        [result] = stubs.evaluate("DP-02-C05", now=NOW)
    assert result.status.value == "NOT_ASSESSABLE"
    assert "acm:ListCertificates" in result.reason
    assert result.resource == "arn:aws-us-gov:iam::111122223333:root"


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "DP-02-C05", "www.acme.example") == {"PASS"}
    assert verdicts(workshop_report, "DP-02-C05", "legacy.acme.example") == {"FAIL"}


def test_clean_certificates_pass(clean_report):
    home = [r for r in results_for(clean_report, "DP-02-C05") if r.region == "us-east-1"]
    assert home and statuses(home) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["DP-02-C05"])
