"""Resource policies (home region), per copy, for IAM-03-C07:

- good: Lambda `acme-thumbnailer` invokable by S3 from this account only; SNS `acme-ops-events`
  publishable by any principal from this account (aws:SourceAccount); SQS `acme-jobs` for this
  account; secret `acme-payments-prod/db-credentials` readable by this account root; ECR
  `acme-base-images` pullable within the organization (aws:PrincipalOrgID);
- bad (workshop): Lambda `acme-public-hook` invokable by "*"; SNS `acme-public-feed` anyone may
  subscribe; SQS `acme-public-inbox` anyone may send; secret `acme-legacy/partner-api-key`
  readable by {"AWS": "*"}; ECR `acme-public-images` anyone may pull.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ..seeding import SeedContext
from ._audit_logging import copy_name, service_role
from .awslambda import _package

ORDER = 60


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def seed(ctx: SeedContext) -> None:
    region, account = ctx.home, ctx.account
    lam, sns = ctx.client("lambda", region), ctx.client("sns", region)
    sqs, sm = ctx.client("sqs", region), ctx.client("secretsmanager", region)
    ecr = ctx.client("ecr", region)
    role = service_role(ctx, "acme-hooks-execution", "lambda.amazonaws.com")
    mine = {"StringEquals": {"aws:SourceAccount": account}}
    for i in range(ctx.copies):
        name = functools.partial(copy_name, i=i)

        def function(fn: str, principal: str, **extra: Any) -> None:
            lam.create_function(
                FunctionName=fn,
                Runtime="python3.12",
                Role=role,
                Code={"ZipFile": _package()},
                Handler="handler.handler",
            )
            lam.add_permission(
                FunctionName=fn,
                StatementId="invoke",
                Action="lambda:InvokeFunction",
                Principal=principal,
                **extra,
            )

        function(name("acme-thumbnailer"), "s3.amazonaws.com", SourceAccount=account)
        topic = sns.create_topic(Name=name("acme-ops-events"))["TopicArn"]
        sns.set_topic_attributes(
            TopicArn=topic,
            AttributeName="Policy",
            AttributeValue=_doc(
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "sns:Publish",
                    "Resource": topic,
                    "Condition": mine,
                }
            ),
        )
        queue = sqs.create_queue(QueueName=name("acme-jobs"))["QueueUrl"]
        sqs.set_queue_attributes(
            QueueUrl=queue,
            Attributes={
                "Policy": _doc(
                    {"Effect": "Allow", "Principal": {"AWS": account}, "Action": "sqs:*"}
                )
            },
        )
        sm.put_resource_policy(
            SecretId=name("acme-payments-prod/db-credentials"),
            ResourcePolicy=_doc(
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                }
            ),
        )
        scanned = {"scanOnPush": True}  # so INF-01-C05 stays as it was
        ecr.create_repository(
            repositoryName=name("acme-base-images"), imageScanningConfiguration=scanned
        )
        ecr.set_repository_policy(
            repositoryName=name("acme-base-images"),
            policyText=_doc(
                {
                    "Sid": "org-pull",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-acme000001"}},
                }
            ),
        )
        if not ctx.bad:
            continue
        function(name("acme-public-hook"), "*")
        feed = sns.create_topic(Name=name("acme-public-feed"))["TopicArn"]
        sns.set_topic_attributes(
            TopicArn=feed,
            AttributeName="Policy",
            AttributeValue=_doc(
                {"Effect": "Allow", "Principal": "*", "Action": "sns:Subscribe", "Resource": feed}
            ),
        )
        inbox = sqs.create_queue(QueueName=name("acme-public-inbox"))["QueueUrl"]
        sqs.set_queue_attributes(
            QueueUrl=inbox,
            Attributes={
                "Policy": _doc({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"})
            },
        )
        sm.put_resource_policy(
            SecretId=name("acme-legacy/partner-api-key"),
            ResourcePolicy=_doc(
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                }
            ),
        )
        ecr.create_repository(
            repositoryName=name("acme-public-images"), imageScanningConfiguration=scanned
        )
        ecr.set_repository_policy(
            repositoryName=name("acme-public-images"),
            policyText=_doc(
                {
                    "Sid": "public-pull",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                }
            ),
        )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    # Seeded in the home region only; a region where nothing has a resource policy is N/A.
    if not bad:  # every clean region has an SNS topic with its default (account-only) policy
        return {"IAM-03-C07": {"PASS"}}
    return {"IAM-03-C07": {"PASS", "FAIL", "NOT_APPLICABLE"}}
