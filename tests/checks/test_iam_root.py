"""Root-user checks: pure evaluation on plain data, then the verdicts over the sandbox."""

from seccheck.checks.iam import root_access_keys, root_hardware_mfa, root_mfa
from seccheck.checks.registry import Context
from seccheck.results import Status
from tests.checks.iam_helpers import root_row

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
