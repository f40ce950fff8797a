"""Secrets Manager estate (home region), per copy:

- `acme-payments-prod/db-credentials`: rotates every 30 days, last rotated 10 days ago (good);
- `acme-orders-prod/db-credentials` (bad): rotation on for 30 days but never rotated in 60 days;
- `acme-legacy/partner-api-key` (bad): no rotation, created 400 days ago and never read. Its
  value is the workshop secret the evidence team's redaction tests look for.

Rotation state and dates are set in moto's backend: rotating through the API would invoke a
Lambda function, which the sandbox cannot run.
"""

from __future__ import annotations

import json
import time

from ..seeding import SeedContext, backend
from ._audit_logging import copy_name

DAY = 86400
WORKSHOP_SECRET = "Sup3rS3cret-Workshop-Secret!"


def seed(ctx: SeedContext) -> None:
    sm = ctx.client("secretsmanager", ctx.home)
    secrets = backend("secretsmanager", ctx.account, ctx.home).secrets
    rotator = f"arn:aws:lambda:{ctx.home}:{ctx.account}:function:acme-secret-rotator"
    now = int(time.time())

    def rotating(arn: str, created_days: int, rotated_days: int | None) -> None:
        secret = secrets[arn]
        secret.rotation_requested = secret.rotation_enabled = True
        secret.rotation_lambda_arn = rotator
        secret.auto_rotate_after_days = 30
        secret.created_date = now - created_days * DAY
        last = None if rotated_days is None else now - rotated_days * DAY
        secret.last_rotation_date = last
        secret.next_rotation_date = (last or secret.created_date) + 30 * DAY

    for i in range(ctx.copies):
        payments = sm.create_secret(
            Name=copy_name("acme-payments-prod/db-credentials", i),
            SecretString=json.dumps({"username": "payments_app", "password": "rotated-by-lambda"}),
            Tags=[{"Key": "app", "Value": "payments"}],
        )["ARN"]
        rotating(payments, created_days=40, rotated_days=10)
        if not ctx.bad:
            continue
        orders = sm.create_secret(
            Name=copy_name("acme-orders-prod/db-credentials", i),
            SecretString=json.dumps({"username": "orders_app"}),
        )["ARN"]
        rotating(orders, created_days=60, rotated_days=None)
        legacy = sm.create_secret(
            Name=copy_name("acme-legacy/partner-api-key", i),
            SecretString=WORKSHOP_SECRET,
            Description="Partner API key (legacy integration)",
        )["ARN"]
        secrets[legacy].created_date = now - 400 * DAY


def expected(profile: str) -> dict[str, set[str]]:
    # Secrets live in the home region only: the other regions have none (NOT_APPLICABLE).
    verdicts = {"PASS", "FAIL"} if profile in ("workshop", "scale") else {"PASS"}
    return {c: verdicts | {"NOT_APPLICABLE"} for c in ("IAM-04-C01", "IAM-04-C02", "IAM-04-C03")}
