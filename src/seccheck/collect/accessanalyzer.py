"""IAM Access Analyzer facts (regional)."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "accessanalyzer": ("ListAnalyzers",),
}


@fact("accessanalyzer.analyzers", scope="regional")
def analyzers(api: Api) -> list[dict[str, Any]]:
    return api.paginate("accessanalyzer", "list_analyzers", "analyzers") or []
