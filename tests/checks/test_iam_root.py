"""Root-user checks: pure evaluation on plain data, then the verdicts over the sandbox."""

from seccheck.checks.iam import root_access_keys, root_mfa
from seccheck.checks.registry import Context
from seccheck.results import Status

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
