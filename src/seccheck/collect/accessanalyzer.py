"""IAM Access Analyzer facts (regional)."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact


@fact("accessanalyzer.analyzers", scope="regional")
def analyzers(api: Api) -> list[dict[str, Any]]:
    return api.paginate("accessanalyzer", "list_analyzers", "analyzers") or []
