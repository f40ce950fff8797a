"""Lambda estate (home region), per copy:

- `acme-orders-worker` (good): python3.12, reads its database secret by ARN;
- `acme-payments-api`: python3.12; in the workshop its `DB_PASSWORD` variable holds a literal
  password (the bad example of IAM-04-C04, and the value the redaction tests look for); in the
  clean profile it holds the secret's ARN instead;
- `acme-legacy-report` (bad): still on the deprecated python3.8 runtime.
"""

from __future__ import annotations

import io
import zipfile

from ..seeding import SeedContext
from ._audit_logging import copy_name, service_role

WORKSHOP_PASSWORD = "Sup3rS3cret-Workshop-Value!"


def _package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buffer.getvalue()


def seed(ctx: SeedContext) -> None:
    lam = ctx.client("lambda", ctx.home)
    role = service_role(ctx, "acme-lambda-execution", "lambda.amazonaws.com")
    code = {"ZipFile": _package()}
    secret_arn = f"arn:aws:secretsmanager:{ctx.home}:{ctx.account}:secret:acme-payments-prod/db"

    def function(name: str, runtime: str, variables: dict[str, str]) -> None:
        lam.create_function(
            FunctionName=name,
            Runtime=runtime,
            Role=role,
            Code=code,
            Handler="handler.handler",
            Environment={"Variables": variables},
            Tags={"app": name.split("-")[1]},
        )

    for i in range(ctx.copies):
        function(
            copy_name("acme-orders-worker", i),
            "python3.12",
            {"DB_SECRET_ARN": secret_arn, "LOG_LEVEL": "info"},
        )
        password = WORKSHOP_PASSWORD if ctx.bad else secret_arn
        function(
            copy_name("acme-payments-api", i),
            "python3.12",
            {"DB_HOST": "payments.cluster.acme.internal", "DB_PASSWORD": password},
        )
        if ctx.bad:
            function(
                copy_name("acme-legacy-report", i), "python3.8", {"REPORT_BUCKET": "acme-reports"}
            )


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    # Functions live in the home region only: the other regions have none (NOT_APPLICABLE).
    return {
        "IAM-04-C04": ({"PASS", "WARN"} if bad else {"PASS"}) | {"NOT_APPLICABLE"},
        "INF-01-C07": ({"PASS", "FAIL"} if bad else {"PASS"}) | {"NOT_APPLICABLE"},
    }
