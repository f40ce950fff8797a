"""Lambda facts (regional): functions, with environment variable names but no values.

A variable's value is classified here (a reference to Secrets Manager or Parameter Store, empty,
or a literal) and then dropped, so no secret value ever reaches a check, a reason or a detail.
The raw response is kept only in the call record, where the recorder redacts it.
"""

from __future__ import annotations

import re
from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "lambda": ("ListFunctions",),
}

# Values that point at a secret store instead of holding the secret.
_REFERENCE = re.compile(
    r"^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):"
    r"|\{\{resolve:(secretsmanager|ssm|ssm-secure):"
    r"|/aws/reference/secretsmanager/"
    r"|(ssm|secretsmanager)://?)",
    re.IGNORECASE,
)


def value_kind(value: str) -> str:
    """Classify a value as 'reference', 'empty' or 'literal' (the value itself is dropped)."""
    text = (value or "").strip()
    if not text:
        return "empty"
    return "reference" if _REFERENCE.match(text) else "literal"


@fact("lambda.functions", scope="regional")
def functions(api: Api) -> list[dict[str, Any]]:
    out = []
    for fn in api.paginate("lambda", "list_functions", "Functions") or []:
        variables = ((fn.get("Environment") or {}).get("Variables")) or {}
        out.append(
            {
                "FunctionName": fn.get("FunctionName", ""),
                "FunctionArn": fn.get("FunctionArn", ""),
                "Runtime": fn.get("Runtime"),
                "PackageType": fn.get("PackageType", "Zip"),
                "LastModified": fn.get("LastModified"),
                "environment": {name: value_kind(str(v)) for name, v in variables.items()},
            }
        )
    return out
