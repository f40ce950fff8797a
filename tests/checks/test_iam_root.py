"""Root-user checks: pure evaluation on plain data, then the verdicts over the sandbox."""

from datetime import datetime, timezone

import pytest

from seccheck.checks.iam import root_access_keys, root_hardware_mfa, root_mfa
from seccheck.checks.registry import Context
from seccheck.results import Status
from tests.checks.iam_helpers import root_row
from tests.stubbing import client_error, stubbed_api

CTX = Context("111122223333", "us-east-1")


def test_root_mfa_pass_and_fail():
    assert [f.status for f in root_mfa(CTX, {"AccountMFAEnabled": 1})] == [Status.PASS]
    assert [f.status for f in root_mfa(CTX, {"AccountMFAEnabled": 0})] == [Status.FAIL]


def test_root_access_keys_pass_and_fail():
    assert [f.status for f in root_access_keys(CTX, {"AccountAccessKeysPresent": 0})] == [
        Status.PASS
    ]
    assert [f.status for f in root_access_keys(CTX, {"AccountAccessKeysPresent": 1})] == [
        Status.FAIL
    ]


def test_root_without_credentials_is_not_judged_for_mfa():
    """Audit #5: with centralised root access a member account's root has no password and no
    keys; the credential report says password_enabled "false" for <root_account> (IAM User
    Guide, credential reports), so there is nothing for root MFA to protect (Prowler judges root
    MFA only when the root has a password or an active key)."""
    summary = {"AccountMFAEnabled": 0}
    removed = [root_row(password_enabled="false")]
    [finding] = root_mfa(CTX, summary, removed)
    assert finding.status is Status.NOT_APPLICABLE and "centralised root access" in finding.reason
    [finding] = root_hardware_mfa(CTX, summary, [], removed)
    assert finding.status is Status.NOT_APPLICABLE
    # A root with a password, an active key, or the older "not_supported" is still judged.
    for row_fields in (
        {"password_enabled": "true"},
        {"password_enabled": "false", "access_key_1_active": "true"},
        {"password_enabled": "not_supported"},
    ):
        [finding] = root_mfa(CTX, summary, [root_row(**row_fields)])
        assert finding.status is Status.FAIL, row_fields
    assert [f.status for f in root_mfa(CTX, summary, [])] == [Status.FAIL]


# -- over responses shaped as the IAM API reference documents them ----------------------------

GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"
GOV_ROOT = "arn:aws-us-gov:iam::111122223333:root"


def virtual_device(serial: str, user_arn: str, name: str) -> dict:
    # A VirtualMFADevice from ListVirtualMFADevices; User carries IAM's required user members.
    return {"SerialNumber": serial, "EnableDate": datetime(2025, 1, 2, tzinfo=timezone.utc),
            "User": {"Path": "/", "UserName": name, "UserId": "AIDACKCEVSQ6C2EXAMPLE",
                     "Arn": user_arn, "CreateDate": datetime(2024, 1, 2, tzinfo=timezone.utc)}}


def stub_root_reads(stubs, summary: dict, device_pages: list[list[dict]]) -> None:
    iam = stubs.stub("iam")
    iam.add_response("get_account_summary", {"SummaryMap": summary}, {})
    # ListVirtualMFADevices pages with IsTruncated and Marker (request and response alike).
    for number, page in enumerate(device_pages):
        reply = {"VirtualMFADevices": page, "IsTruncated": number + 1 < len(device_pages)}
        if reply["IsTruncated"]:
            reply["Marker"] = f"m{number + 2}"
        params = {"AssignmentStatus": "Assigned"}
        if number:
            params["Marker"] = f"m{number + 1}"
        iam.add_response("list_virtual_mfa_devices", reply, params)
    iam.add_response("generate_credential_report", {"State": "COMPLETE"}, {})
    iam.add_response("get_credential_report", {
        "Content": (f"user,arn,password_enabled,mfa_active\n<root_account>,{GOV_ROOT},"
                    "not_supported,true\n").encode(),
        "ReportFormat": "text/csv", "GeneratedTime": datetime(2026, 5, 31, tzinfo=timezone.utc)},
        {})


@pytest.mark.stubbed
def test_root_virtual_mfa_on_a_later_page_fails_in_another_partition_stubbed():
    alice = "arn:aws-us-gov:iam::111122223333:user/alice"
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_root_reads(stubs, {"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "Users": 3},
                        [[virtual_device("arn:aws-us-gov:iam::111122223333:mfa/alice", alice,
                                         "alice")],
                         # A root device may carry any name: the owner (User.Arn) tells.
                         [virtual_device("arn:aws-us-gov:iam::111122223333:mfa/ops-phone",
                                         GOV_ROOT, "<root_account>")]])
        [result] = stubs.evaluate("IAM-01-C03")
    assert result.status is Status.FAIL and result.resource == GOV_ROOT
    assert result.details["virtual_devices"] == ["arn:aws-us-gov:iam::111122223333:mfa/ops-phone"]


@pytest.mark.stubbed
def test_root_with_only_other_users_virtual_mfa_passes_stubbed():
    alice = "arn:aws-us-gov:iam::111122223333:user/alice"
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_root_reads(stubs, {"AccountMFAEnabled": 1},  # other SummaryMap keys left out
                        [[virtual_device("arn:aws-us-gov:iam::111122223333:mfa/alice", alice,
                                         "alice")], []])
        [result] = stubs.evaluate("IAM-01-C03")
    assert result.status is Status.PASS
    assert "none of it is a virtual authenticator" in result.reason


@pytest.mark.stubbed
def test_denied_account_summary_is_not_assessable_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stubs.stub("iam").add_client_error("get_account_summary", **client_error(
            "AccessDenied", "User is not authorized to perform: iam:GetAccountSummary",
            http_status=403))
        [result] = stubs.evaluate("IAM-01-C02")
    assert result.status is Status.NOT_ASSESSABLE and "iam:GetAccountSummary" in result.reason
