"""Lambda checks: plaintext-looking secrets in environment variables, deprecated runtimes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check

SECRET_NAME = re.compile(r"(?i)(pass(word)?|secret|token|api_?key)")
DEPRECATED_RUNTIMES = (
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "java8",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "ruby2.5",
    "ruby2.7",
    "go1.x",
)


@check("IAM-04-C04", "lambda.functions")
def plaintext_env_secrets(ctx: Context, functions: list[dict[str, Any]]) -> Iterator[Finding]:
    """Flag secret-like variable names holding literals (a heuristic: WARN, never FAIL).

    Values are never seen here; the collector keeps only what kind of value each holds.
    """
    if not functions:
        yield Finding.not_applicable(ctx.account_arn, f"no Lambda functions in {ctx.region}")
        return
    for fn in functions:
        env = fn.get("environment", {})
        suspicious = sorted(
            n for n, kind in env.items() if kind == "literal" and SECRET_NAME.search(n)
        )
        if suspicious:
            yield Finding.warn(
                fn["FunctionArn"],
                f"{fn['FunctionName']}: variable(s) {', '.join(suspicious)} look like secrets and "
                "hold a literal value rather than a Secrets Manager or Parameter Store reference",
                variables=suspicious,
            )
        else:
            yield Finding.passed(
                fn["FunctionArn"],
                f"{fn['FunctionName']}: no secret-like variable holds a literal value",
            )


@check("INF-01-C07", "lambda.functions")
def deprecated_runtimes(ctx: Context, functions: list[dict[str, Any]]) -> Iterator[Finding]:
    if not functions:
        yield Finding.not_applicable(ctx.account_arn, f"no Lambda functions in {ctx.region}")
        return
    deprecated = set(ctx.param("deprecated_runtimes", DEPRECATED_RUNTIMES) or ())
    for fn in functions:
        runtime = fn.get("Runtime")
        if not runtime:
            yield Finding.not_applicable(
                fn["FunctionArn"],
                f"{fn['FunctionName']} is a container image; its runtime is patched in the image",
            )
        elif runtime in deprecated:
            yield Finding.failed(
                fn["FunctionArn"], f"{fn['FunctionName']} uses deprecated runtime {runtime}"
            )
        else:
            yield Finding.passed(
                fn["FunctionArn"], f"{fn['FunctionName']} uses supported runtime {runtime}"
            )
