"""IAM-03-C07: resource policies (Lambda, SNS, SQS, Secrets Manager, ECR) open to everyone.

Judged by the policy evaluator: an Allow for Principal "*" (or with NotPrincipal) is public
unless a condition pins callers to concrete accounts, organisations or sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from . import _policy
from .registry import Context, check

KINDS = (
    "Lambda function",
    "SNS topic",
    "SQS queue",
    "Secrets Manager secret",
    "ECR repository",
)


@check(
    "IAM-03-C07",
    "lambda.function_policies",
    "sns.topic_policies",
    "sqs.queue_policies",
    "secretsmanager.secret_policies",
    "ecr.repository_policies",
)
def resource_policies_not_public(ctx: Context, *facts: list[dict[str, Any]]) -> Iterator[Finding]:
    judged = 0
    for kind, items in zip(KINDS, facts, strict=True):
        for item in items or []:
            judged += 1
            policy, who = item["policy"], f"{kind} {item['name']}"
            if isinstance(policy, Unreadable):
                yield policy.finding(item["arn"])
                continue
            sids = _policy.public_statements(policy)
            if sids:
                yield Finding.failed(
                    item["arn"],
                    f"{who}: its resource policy allows everyone (Principal * or NotPrincipal) "
                    f"without a condition naming accounts or sources, in {', '.join(sids)}",
                    statements=sids,
                    resource_type=kind,
                )
            else:
                yield Finding.passed(
                    item["arn"],
                    f"{who}: its resource policy grants nothing to everyone",
                    resource_type=kind,
                )
    if not judged:
        yield Finding.not_applicable(
            ctx.account_arn,
            f"no Lambda function, SNS topic, SQS queue, secret or ECR repository in {ctx.region} "
            "has a resource policy",
        )
