"""IAM-03-C07: Lambda, SNS, SQS, Secrets Manager and ECR resource policies open to everyone.

Pure evaluation over facts, then the workshop and clean sandboxes over HTTP (moto serves
GetPolicy, GetTopicAttributes, GetQueueAttributes, GetResourcePolicy and GetRepositoryPolicy).
"""

from __future__ import annotations

from seccheck.checks import resource_policies as checks
from seccheck.results import Status, Unreadable
from tests.checks.iam_helpers import ACCOUNT, CTX, kinds
from tests.conftest import results_for, statuses

EVERYONE = {"Statement": [{"Sid": "open", "Effect": "Allow", "Principal": "*", "Action": "*"}]}
MINE = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sns:Publish",
            "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
        }
    ]
}


def item(name: str, policy) -> dict:
    return {"arn": f"arn:aws:x:us-east-1:{ACCOUNT}:{name}", "name": name, "policy": policy}


def test_public_and_restricted_resource_policies():
    facts = (
        [item("fn-open", EVERYONE)],
        [item("topic-default", MINE)],
        [
            item(
                "queue-legacy",
                {"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": ACCOUNT}}]},
            )
        ],
        [item("secret-denied", Unreadable(Status.NOT_ASSESSABLE, "access denied"))],
        [],
    )
    found = {
        f.resource.rsplit(":", 1)[-1]: f for f in checks.resource_policies_not_public(CTX, *facts)
    }
    assert {k: f.status for k, f in found.items()} == {
        "fn-open": Status.FAIL,
        "topic-default": Status.PASS,  # SNS's default policy pins AWS:SourceOwner to the account
        "queue-legacy": Status.FAIL,  # Allow + NotPrincipal: everyone but one account
        "secret-denied": Status.NOT_ASSESSABLE,
    }
    assert "Lambda function fn-open" in found["fn-open"].reason
    assert kinds(checks.resource_policies_not_public(CTX, [], [], [], [], [])) == [
        Status.NOT_APPLICABLE
    ]


def test_workshop_public_resource_policies(workshop_report):
    def status(name: str) -> set[str]:
        return statuses(results_for(workshop_report, "IAM-03-C07", name))

    for bad in (
        "function:acme-public-hook",
        "acme-public-feed",
        "acme-public-inbox",
        "secret:acme-legacy/partner-api-key",
        "repository/acme-public-images",
    ):
        assert status(bad) == {"FAIL"}, bad
    for good in (
        "function:acme-thumbnailer",
        "acme-ops-events",
        "acme-jobs",
        "secret:acme-payments-prod/db-credentials",
        "repository/acme-base-images",
    ):
        assert status(good) == {"PASS"}, good


def test_clean_resource_policies_pass(clean_report):
    assert statuses(results_for(clean_report, "IAM-03-C07")) <= {"PASS", "NOT_APPLICABLE"}
    assert "PASS" in statuses(results_for(clean_report, "IAM-03-C07"))
