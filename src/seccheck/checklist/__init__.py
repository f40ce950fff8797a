"""The checklist package: model, loading, rules beyond the schema, overlays.

`model` holds the pydantic models, `loading` turns a file into one with line-numbered errors,
`rules` checks what the schema cannot, and `overlays` adjusts another checklist. This face only
re-exports, so `from seccheck.checklist import Checklist, load_checklist` keeps working wherever
the pieces live.
"""

from __future__ import annotations

from .loading import (
    builtin_checklist_path,
    checklist_json_schema,
    load_checklist,
    resolve_checklist,
)
from .model import (
    CHECK_ID,
    ITEM_ID,
    QUESTION_ID,
    SCHEMA_VERSION,
    WA_BP_ID,
    WA_QUESTION_ID,
    BestPractice,
    Checklist,
    CheckSpec,
    EvidenceSpec,
    Item,
    ManualQuestion,
    Reference,
    Section,
    Severity,
    WAMapping,
    WAQuestion,
)
from .overlays import CheckOverride, Overlay, QuestionAddition

__all__ = [
    "CHECK_ID",
    "ITEM_ID",
    "QUESTION_ID",
    "SCHEMA_VERSION",
    "WA_BP_ID",
    "WA_QUESTION_ID",
    "BestPractice",
    "CheckOverride",
    "CheckSpec",
    "Checklist",
    "EvidenceSpec",
    "Item",
    "ManualQuestion",
    "Overlay",
    "QuestionAddition",
    "Reference",
    "Section",
    "Severity",
    "WAMapping",
    "WAQuestion",
    "builtin_checklist_path",
    "checklist_json_schema",
    "load_checklist",
    "resolve_checklist",
]
