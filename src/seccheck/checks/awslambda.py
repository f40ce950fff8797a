"""Lambda checks: plaintext-looking secrets in environment variables, deprecated runtimes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ..results import Finding
from .registry import Context, check

SECRET_NAME = re.compile(r"(?i)(pass(word)?|secret|token|api_?key)")
# Runtime identifier -> the date Lambda deprecates it (AWS Lambda runtimes page, "Supported
# runtimes" and "Deprecated runtimes" tables; read 2026-12-03). checklist.yaml carries the same
# table as the check's `deprecated_runtimes` param; dates in the future are judged when reached.
DEPRECATION_DATES = {
    "nodejs": "2016-10-31",
    "nodejs4.3": "2020-03-05",
    "nodejs4.3-edge": "2020-03-05",
    "nodejs6.10": "2019-08-12",
    "nodejs8.10": "2020-03-06",
    "nodejs10.x": "2021-07-30",
    "nodejs12.x": "2023-03-31",
    "nodejs14.x": "2023-12-04",
    "nodejs16.x": "2024-06-12",
    "nodejs18.x": "2025-09-01",
    "nodejs20.x": "2026-04-30",
    "nodejs22.x": "2027-04-30",
    "python2.7": "2021-07-15",
    "python3.6": "2022-07-18",
    "python3.7": "2023-12-04",
    "python3.8": "2024-10-14",
    "python3.9": "2025-12-15",
    "python3.10": "2026-06-30",
    "python3.11": "2026-06-30",
    "python3.12": "2028-10-31",
    "python3.13": "2029-06-30",
    "java8": "2024-01-08",
    "java8.al2": "2026-06-30",
    "java11": "2026-06-30",
    "java17": "2026-06-30",
    "java21": "2029-06-30",
    "dotnetcore1.0": "2019-07-27",
    "dotnetcore2.0": "2019-05-30",
    "dotnetcore2.1": "2022-01-05",
    "dotnetcore3.1": "2023-04-03",
    "dotnet5.0": "2022-05-10",
    "dotnet6": "2024-11-12",
    "dotnet7": "2024-05-14",
    "dotnet8": "2026-11-10",
    "ruby2.5": "2021-07-30",
    "ruby2.7": "2023-11-27",
    "ruby3.2": "2026-03-31",
    "ruby3.3": "2027-03-31",
    "go1.x": "2024-01-08",
    "provided": "2024-01-08",
    "provided.al2": "2026-06-30",
    "provided.al2023": "2029-06-30",
}


def deprecation_dates(param: Any) -> dict[str, date | None]:
    """Runtime -> deprecation date from the param: a mapping (dated) or a list (already)."""
    if isinstance(param, dict):
        return {str(k): _as_date(v) for k, v in param.items()}
    return {str(name): None for name in param or ()}


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)) if value else None


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
    schedule = deprecation_dates(ctx.param("deprecated_runtimes", DEPRECATION_DATES))
    today = ctx.now.date()
    for fn in functions:
        runtime = fn.get("Runtime")
        when = schedule.get(runtime or "", date.max)
        if not runtime:
            yield Finding.not_applicable(
                fn["FunctionArn"],
                f"{fn['FunctionName']} is a container image; its runtime is patched in the image",
            )
        elif when is None or when <= today:
            since = f" (deprecated {when.isoformat()})" if when else ""
            yield Finding.failed(
                fn["FunctionArn"],
                f"{fn['FunctionName']} uses deprecated runtime {runtime}{since}",
                deprecated_on=when.isoformat() if when else None,
            )
        else:
            planned = f"; deprecation scheduled {when.isoformat()}" if when != date.max else ""
            yield Finding.passed(
                fn["FunctionArn"],
                f"{fn['FunctionName']} uses supported runtime {runtime}{planned}",
            )
