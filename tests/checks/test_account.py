"""Account checks: the security alternate contact."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import account as account_checks
from seccheck.checks.registry import Context
from seccheck.collect import account as account_collect
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))


def kinds(findings):
    return [f.status for f in findings]


def test_workshop_security_contact(workshop_report):
    # The management account of the workshop has no security contact (members do).
    assert statuses(results_for(workshop_report, "IAM-01-C06")) == {"FAIL"}


def test_security_contact():
    contact = {"EmailAddress": "sec@example.com", "Name": "Sec"}
    full = {"SECURITY": contact, "OPERATIONS": contact, "BILLING": contact}
    assert kinds(account_checks.security_contact(CTX, full)) == [Status.PASS]
    [only] = account_checks.security_contact(
        CTX, {"SECURITY": contact, "OPERATIONS": None, "BILLING": None}
    )
    assert only.status is Status.PASS and "operations" in only.reason
    assert kinds(account_checks.security_contact(CTX, {"SECURITY": None})) == [Status.FAIL]


@pytest.mark.stubbed
def test_alternate_contacts_stubbed_missing_is_none():
    with stubbed_api() as stubs:
        acct = stubs.stub("account")
        acct.add_client_error("get_alternate_contact", **client_error("ResourceNotFoundException"))
        acct.add_response(
            "get_alternate_contact",
            {
                "AlternateContact": {
                    "AlternateContactType": "OPERATIONS",
                    "EmailAddress": "ops@example.com",
                }
            },
        )
        acct.add_client_error("get_alternate_contact", **client_error("ResourceNotFoundException"))
        contacts = account_collect.alternate_contacts(stubs.api)
    assert contacts["SECURITY"] is None and contacts["OPERATIONS"]["EmailAddress"]
    assert kinds(account_checks.security_contact(CTX, contacts)) == [Status.FAIL]


def test_clean_security_contact(clean_report):
    assert statuses(results_for(clean_report, "IAM-01-C06")) == {"PASS"}


def test_endpoint_regions_follow_the_partition():
    """Audit #8(c)/(e): GovCloud and China regions are probed in their own partition."""
    from seccheck.collect.account import _endpoint_regions

    assert "us-gov-west-1" in _endpoint_regions("sso-admin", "aws-us-gov")
    assert "us-gov-west-1" not in _endpoint_regions("sso-admin", "aws")
    assert "cn-north-1" in _endpoint_regions("config", "aws-cn")
