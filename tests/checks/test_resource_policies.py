"""IAM-03-C07: Lambda, SNS, SQS, Secrets Manager and ECR resource policies open to everyone.

Pure evaluation over facts, then the workshop and clean sandboxes over HTTP (moto serves
GetPolicy, GetTopicAttributes, GetQueueAttributes, GetResourcePolicy and GetRepositoryPolicy).
"""

from __future__ import annotations

import json

import pytest

from seccheck.checks import resource_policies as checks
from seccheck.collect import resource_policies as rp_collect
from seccheck.results import Status, Unreadable
from tests.checks.iam_helpers import ACCOUNT, CTX, kinds
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

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


@pytest.mark.stubbed
def test_collectors_stubbed_absent_policies_and_denied_reads():
    """Shapes as AWS documents them: no policy is an error code (Lambda ResourceNotFound, ECR
    RepositoryPolicyNotFound) or a missing field (Secrets Manager); a denied read is Unreadable
    for that resource only."""
    fn_arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:quiet"
    with stubbed_api() as stubs:
        lam = stubs.stub("lambda")
        lam.add_response(
            "list_functions", {"Functions": [{"FunctionName": "quiet", "FunctionArn": fn_arn}]}
        )
        lam.add_client_error(
            "get_policy", **client_error("ResourceNotFoundException", http_status=404)
        )
        assert rp_collect.function_policies(stubs.api) == []
    repo_arn = f"arn:aws:ecr:us-east-1:{ACCOUNT}:repository/pub"
    with stubbed_api() as stubs:
        ecr = stubs.stub("ecr")
        ecr.add_response(
            "describe_repositories",
            {
                "repositories": [
                    {"repositoryName": "none", "repositoryArn": repo_arn + "x"},
                    {"repositoryName": "pub", "repositoryArn": repo_arn},
                ]
            },
        )
        ecr.add_client_error(
            "get_repository_policy", **client_error("RepositoryPolicyNotFoundException")
        )
        ecr.add_response(
            "get_repository_policy",
            {"registryId": ACCOUNT, "repositoryName": "pub", "policyText": json.dumps(EVERYONE)},
        )
        [found] = rp_collect.repository_policies(stubs.api)
    assert found["arn"] == repo_arn and found["policy"] == EVERYONE
    secret_arn = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"
    with stubbed_api() as stubs:
        sm = stubs.stub("secretsmanager")
        sm.add_response(
            "list_secrets",
            {
                "SecretList": [
                    {"ARN": secret_arn, "Name": "db"},
                    {"ARN": secret_arn + "2", "Name": "x"},
                ]
            },
        )
        sm.add_response("get_resource_policy", {"ARN": secret_arn, "Name": "db"})  # no policy
        sm.add_client_error("get_resource_policy", **client_error("AccessDeniedException"))
        [denied] = rp_collect.secret_policies(stubs.api)
    assert isinstance(denied["policy"], Unreadable)
    [finding] = checks.resource_policies_not_public(CTX, [], [], [], [denied], [])
    assert finding.status is Status.NOT_ASSESSABLE


# -- SNS and SQS over responses shaped as their API references document them --------------------

CN = "arn:aws-cn:sns:cn-north-1:111122223333"
QUEUES = "https://sqs.cn-north-1.amazonaws.com.cn/111122223333"


@pytest.mark.stubbed
def test_topics_and_queues_over_two_pages_stubbed():
    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        stubs.stub("lambda").add_response("list_functions", {"Functions": []}, {})
        sns = stubs.stub("sns")
        add_pages(sns, "list_topics", "Topics", [[{"TopicArn": f"{CN}:alerts"}],
                                                 [{"TopicArn": f"{CN}:open"}]])
        # Every topic has a policy (AWS writes a default one naming the owner account).
        sns.add_response("get_topic_attributes", {"Attributes": {
            "TopicArn": f"{CN}:alerts", "Owner": ACCOUNT, "Policy": json.dumps(MINE)}},
            {"TopicArn": f"{CN}:alerts"})
        sns.add_response("get_topic_attributes", {"Attributes": {
            "TopicArn": f"{CN}:open", "Policy": json.dumps(EVERYONE)}}, {"TopicArn": f"{CN}:open"})
        sqs = stubs.stub("sqs")
        # ListQueues pages only when asked with MaxResults: 1,000 per answer otherwise, no token.
        add_pages(sqs, "list_queues", "QueueUrls", [[f"{QUEUES}/jobs"], [f"{QUEUES}/plain"]],
                  params={"MaxResults": 1000})
        queue_arn = "arn:aws-cn:sqs:cn-north-1:111122223333"
        attributes = {"QueueUrl": None, "AttributeNames": ["Policy", "QueueArn"]}
        sqs.add_response("get_queue_attributes", {"Attributes": {
            "QueueArn": f"{queue_arn}:jobs", "Policy": json.dumps(EVERYONE)}},
            attributes | {"QueueUrl": f"{QUEUES}/jobs"})
        # A queue without a policy: the Policy attribute is simply absent.
        sqs.add_response("get_queue_attributes", {"Attributes": {"QueueArn": f"{queue_arn}:plain"}},
                         attributes | {"QueueUrl": f"{QUEUES}/plain"})
        stubs.stub("secretsmanager").add_response("list_secrets", {"SecretList": []}, {})
        stubs.stub("ecr").add_response("describe_repositories", {"repositories": []}, {})
        results = stubs.evaluate("IAM-03-C07")
    assert {r.resource: r.status for r in results} == {
        f"{CN}:alerts": Status.PASS, f"{CN}:open": Status.FAIL, f"{queue_arn}:jobs": Status.FAIL}
