"""A small, exact RunReport over the real checklist: every status, two accounts, a global check."""

from __future__ import annotations

import pytest

from seccheck.checklist import Checklist
from seccheck.results import CheckResult, Status
from seccheck.runner import RunReport


@pytest.fixture
def report(checklist: Checklist) -> RunReport:
    item = checklist.item("IAM-01")
    other = checklist.items[-1]
    c1, c2 = item.checks[0], item.checks[1]
    c3 = other.checks[0] if other.checks else c1

    def res(check, item_id, account, region, resource, status, reason):
        return CheckResult(
            check.id,
            item_id,
            account,
            region,
            resource,
            Status(status),
            reason,
            check.severity.value,
            check.service,
            ("c000001",),
            {"k": "v"},
        )

    results = [
        res(
            c1,
            item.id,
            "111122223333",
            "global",
            "arn:aws:iam::111122223333:root",
            "FAIL",
            "no MFA",
        ),
        res(
            c1,
            item.id,
            "444455556666",
            "global",
            "arn:aws:iam::444455556666:root",
            "PASS",
            "MFA on",
        ),
        res(c2, item.id, "111122223333", "global", '=HYPERLINK("http://x")', "WARN", "look at it"),
        res(
            c2,
            item.id,
            "444455556666",
            "global",
            "arn:aws:iam::444455556666:root",
            "NOT_ASSESSABLE",
            "access denied: the scanning identity needs iam:GetAccountSummary",
        ),
        res(
            c3,
            other.id,
            "111122223333",
            "eu-west-1",
            "arn:aws:s3:::bucket",
            "ERROR",
            "check failed: boom",
        ),
        res(
            c3,
            other.id,
            "111122223333",
            "us-east-1",
            "arn:aws:iam::111122223333:root",
            "NOT_APPLICABLE",
            "nothing of this kind in scope",
        ),
    ]
    return RunReport(
        run_id="run-20260101T000000Z-abcdef",
        started_at="2026-01-01T00:00:00.000Z",
        ended_at="2026-01-01T00:02:00.000Z",
        scope={
            "accounts": [{"id": "111122223333", "caller_arn": "arn:aws:iam::111122223333:user/a"}],
            "regions": ["us-east-1", "eu-west-1"],
        },
        checklist={"name": checklist.name, "version": checklist.version, "hash": checklist.hash},
        results=results,
        calls={},
    )
