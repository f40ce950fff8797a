"""ACM check (DP-02-C05): pure evaluation, then the verdicts over the workshop and clean
sandboxes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from seccheck.checks import acm as checks
from seccheck.checks.registry import Context
from tests.checks.infra_helpers import CTX, NOW, assert_expected, kinds, verdicts
from tests.conftest import results_for, statuses


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


def test_workshop_verdicts(workshop_report):
    assert verdicts(workshop_report, "DP-02-C05", "www.acme.example") == {"PASS"}
    assert verdicts(workshop_report, "DP-02-C05", "legacy.acme.example") == {"FAIL"}


def test_clean_certificates_pass(clean_report):
    home = [r for r in results_for(clean_report, "DP-02-C05") if r.region == "us-east-1"]
    assert home and statuses(home) == {"PASS"}


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, ["DP-02-C05"])
