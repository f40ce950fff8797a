"""Resource policies of Lambda, SNS, SQS, Secrets Manager and ECR resources (regional facts).

Each fact lists the resources that have a policy as {"arn", "name", "policy"}: the policy is a
decoded document, or Unreadable when that one read failed (the others are still judged). These
are reads of policies only: GetResourcePolicy never returns a secret's value, and
GetQueueAttributes asks for the Policy and QueueArn attributes alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..aws.errors import ApiError
from ..results import Status, Unreadable
from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "lambda": ("ListFunctions", "GetPolicy"),
    "sns": ("ListTopics", "GetTopicAttributes"),
    "sqs": ("ListQueues", "GetQueueAttributes"),
    "secretsmanager": ("ListSecrets", "GetResourcePolicy"),
    "ecr": ("DescribeRepositories", "GetRepositoryPolicy"),
}


def _document(text: Any, what: str) -> Any:
    if text is None or isinstance(text, dict):
        return text
    try:
        return json.loads(str(text))
    except ValueError:
        return Unreadable(Status.ERROR, f"the policy of {what} is not valid JSON")


def _read(what: str, reader: Callable[[], Any]) -> Any:
    try:
        return _document(reader(), what)
    except ApiError as err:
        return Unreadable(err.status, err.reason)


def _with_policies(
    api: Api, service: str, items: list[tuple[str, str, Callable[[], Any]]]
) -> list[dict[str, Any]]:
    """The resources that have a policy, in listing order; the reads run side by side."""
    policies = read_each(api, service, items, lambda item: _read(item[1], item[2]))
    return [
        {"arn": arn, "name": name, "policy": policy}
        for (arn, name, _), policy in zip(items, policies, strict=True)
        if policy is not None
    ]


@fact("lambda.function_policies", scope="regional")
def function_policies(api: Api) -> list[dict[str, Any]]:
    def reader(name: str, arn: str) -> Callable[[], Any]:
        def read() -> Any:
            reply = api.call(
                "lambda",
                "get_policy",
                FunctionName=name,
                resource=arn,
                absent_on=("ResourceNotFoundException",),
            )
            return None if reply is None else reply.get("Policy")

        return read

    functions = api.paginate("lambda", "list_functions", "Functions") or []
    return _with_policies(
        api,
        "lambda",
        [
            (f["FunctionArn"], f["FunctionName"], reader(f["FunctionName"], f["FunctionArn"]))
            for f in functions
        ]
    )


@fact("sns.topic_policies", scope="regional")
def topic_policies(api: Api) -> list[dict[str, Any]]:
    def reader(arn: str) -> Callable[[], Any]:
        def read() -> Any:
            reply = api.call("sns", "get_topic_attributes", TopicArn=arn, resource=arn)
            return (reply.get("Attributes") or {}).get("Policy")

        return read

    topics = api.paginate("sns", "list_topics", "Topics") or []
    return _with_policies(
        api,
        "sns",
        [(t["TopicArn"], t["TopicArn"].rsplit(":", 1)[-1], reader(t["TopicArn"])) for t in topics],
    )


@fact("sqs.queue_policies", scope="regional")
def queue_policies(api: Api) -> list[dict[str, Any]]:
    def read(url: str) -> dict[str, Any]:
        reply = api.call(
            "sqs",
            "get_queue_attributes",
            QueueUrl=url,
            AttributeNames=["Policy", "QueueArn"],
            resource=url,
        )
        return dict(reply.get("Attributes") or {})

    # ListQueues returns a NextToken only when MaxResults is set; without it the answer stops
    # at 1,000 queues with no sign that more exist (SQS API reference, ListQueues).
    urls = api.paginate("sqs", "list_queues", "QueueUrls", MaxResults=1000) or []
    out = []
    for url, attributes in zip(urls, read_each(api, "sqs", urls, read), strict=True):
        name = url.rstrip("/").rsplit("/", 1)[-1]
        if isinstance(attributes, Unreadable):
            out.append({"arn": url, "name": name, "policy": attributes})
            continue
        policy = _document(attributes.get("Policy"), name)
        if policy is not None:
            out.append({"arn": attributes.get("QueueArn", url), "name": name, "policy": policy})
    return out


@fact("secretsmanager.secret_policies", scope="regional")
def secret_policies(api: Api) -> list[dict[str, Any]]:
    def reader(arn: str) -> Callable[[], Any]:
        def read() -> Any:
            reply = api.call("secretsmanager", "get_resource_policy", SecretId=arn, resource=arn)
            return reply.get("ResourcePolicy")

        return read

    secrets = api.paginate("secretsmanager", "list_secrets", "SecretList") or []
    return _with_policies(
        api,
        "secretsmanager",
        [(s["ARN"], s.get("Name", s["ARN"]), reader(s["ARN"])) for s in secrets],
    )


@fact("ecr.repository_policies", scope="regional")
def repository_policies(api: Api) -> list[dict[str, Any]]:
    def reader(name: str, arn: str) -> Callable[[], Any]:
        def read() -> Any:
            reply = api.call(
                "ecr",
                "get_repository_policy",
                repositoryName=name,
                resource=arn,
                absent_on=("RepositoryPolicyNotFoundException",),
            )
            return None if reply is None else reply.get("policyText")

        return read

    repos = api.paginate("ecr", "describe_repositories", "repositories") or []
    return _with_policies(
        api,
        "ecr",
        [
            (
                r["repositoryArn"],
                r["repositoryName"],
                reader(r["repositoryName"], r["repositoryArn"]),
            )
            for r in repos
        ]
    )
