"""The checklist model: sections, items, manual questions, check descriptors, WA pillar.

`checklist.yaml` is the single source of truth for everything a person reads about an item and
for every check's metadata; code only adds the evaluation. These are plain pydantic models; how
a file becomes one (line-aware errors, overlays) is in `loading`, `rules` and `overlays`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from enum import Enum
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1
ITEM_ID = r"^[A-Z][A-Z0-9]{1,5}-\d{2}$"
CHECK_ID = r"^[A-Z][A-Z0-9]{1,5}-\d{2}-C\d{2}$"
QUESTION_ID = r"^[A-Z][A-Z0-9]{1,5}-\d{2}-Q\d{2}$"
WA_QUESTION_ID = r"^SEC\d{2}$"
WA_BP_ID = r"^SEC\d{2}-BP\d{2}$"


class Severity(str, Enum):
    """How bad a failing check is; ordered so `--fail-on` can compare."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFORMATIONAL = "informational"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFORMATIONAL: 0,
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Reference(_Model):
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")


class BestPractice(_Model):
    id: str = Field(pattern=WA_BP_ID)
    title: str = Field(min_length=1)


class WAQuestion(_Model):
    id: str = Field(pattern=WA_QUESTION_ID)
    title: str = Field(min_length=1)
    area: str = Field(min_length=1, description="Pillar area used to group questions in views")
    best_practices: list[BestPractice] = Field(min_length=1)


class Section(_Model):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]{1,5}$")
    title: str = Field(min_length=1)
    description: str = ""


class EvidenceSpec(_Model):
    kinds: list[Literal["file", "url", "note"]] = Field(default_factory=lambda: ["note"])  # type: ignore[arg-type]
    examples: list[str] = Field(default_factory=list)
    required_for: list[Literal["yes", "partial", "no", "not_applicable"]] = Field(
        default_factory=lambda: ["yes"]  # type: ignore[arg-type]
    )
    on_missing: Literal["flag", "refuse"] = Field(
        default="flag",
        description=(
            "flag: an answer in required_for without evidence is saved and shown as an "
            "unsupported attestation; refuse: such an answer is not saved at all"
        ),
    )

    @field_validator("required_for", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: Any) -> Any:
        # YAML 1.1 reads a bare yes/no as a boolean; people mean the answer.
        if isinstance(value, list):
            return ["yes" if v is True else "no" if v is False else v for v in value]
        return value

    def lacks_evidence(self, status: str, notes: str, kinds: Iterable[str]) -> bool:
        """The one rule for an unsupported attestation, shared by scoring, views and saving.

        Evidence is a URL or a file, or the notes where this question accepts a note; `kinds`
        are the kinds of evidence attached ("url", "file").
        """
        has = any(k in ("url", "file") for k in kinds) or (
            "note" in self.kinds and bool(notes.strip())
        )
        return status in self.required_for and not has


class ManualQuestion(_Model):
    id: str = Field(pattern=QUESTION_ID)
    prompt: str = Field(min_length=1)
    help: str = ""
    related_checks: list[str] = Field(
        default_factory=list, description="Checks whose results to show beside the question"
    )
    evidence: EvidenceSpec = Field(default_factory=EvidenceSpec)
    review_interval_days: int = Field(default=365, ge=1, le=3650)


class CheckSpec(_Model):
    """What a check verifies and how to fix it; the evaluation lives in seccheck.checks."""

    id: str = Field(pattern=CHECK_ID)
    title: str = Field(min_length=1)
    severity: Severity
    service: str = Field(pattern=r"^[a-z0-9-]+$", description="AWS service the check reads")
    scope: Literal["global", "regional"]
    tier: Literal["core", "extended"] = "core"
    core_reason: str = Field(
        default="",
        description="Why the check decides its item (core) or is only shown (extended); "
        "starts with the tier",
    )
    rationale: str = ""
    remediation: str = Field(min_length=1)
    params: dict[str, Any] = Field(
        default_factory=dict, description="Thresholds a user may override (days, lengths, ...)"
    )
    references: list[Reference] = Field(default_factory=list)


class WAMapping(_Model):
    questions: list[str] = Field(min_length=1)
    primary: str = Field(pattern=WA_BP_ID)
    related: list[str] = Field(default_factory=list)

    @field_validator("questions")
    @classmethod
    def _question_ids(cls, value: list[str]) -> list[str]:
        bad = [q for q in value if not re.match(WA_QUESTION_ID, q)]
        if bad:
            raise ValueError(f"not a WA question id (SECnn): {', '.join(bad)}")
        return value

    @field_validator("related")
    @classmethod
    def _bp_ids(cls, value: list[str]) -> list[str]:
        bad = [bp for bp in value if not re.match(WA_BP_ID, bp)]
        if bad:
            raise ValueError(f"not a WA best-practice id (SECnn-BPnn): {', '.join(bad)}")
        return value

    @property
    def best_practices(self) -> list[str]:
        return [self.primary, *[bp for bp in self.related if bp != self.primary]]


class Item(_Model):
    id: str = Field(pattern=ITEM_ID)
    section: str
    title: str = Field(min_length=1)
    guidance: str = Field(min_length=1)
    why: str = Field(min_length=1, description="Why it matters, in one or two sentences")
    wa: WAMapping
    references: list[Reference] = Field(default_factory=list)
    manual_questions: list[ManualQuestion] = Field(default_factory=list)
    checks: list[CheckSpec] = Field(default_factory=list)


class Checklist(_Model):
    """A validated checklist. Build it with `load_checklist`, not directly."""

    schema_version: Literal[1]
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    wa_framework_version: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    wa_questions: list[WAQuestion] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _checks_by_id(self) -> dict[str, tuple[Item, CheckSpec]]:
        return {c.id: (i, c) for i in self.items for c in i.checks}

    def item(self, item_id: str) -> Item:
        try:
            return self._items_by_id[item_id]
        except KeyError:
            raise KeyError(f"no item {item_id!r} in checklist {self.name!r}") from None

    def check(self, check_id: str) -> CheckSpec:
        try:
            return self._checks_by_id[check_id][1]
        except KeyError:
            raise KeyError(f"no check {check_id!r} in checklist {self.name!r}") from None

    def question(self, question_id: str) -> tuple[Item, ManualQuestion]:
        """The manual question with this id and the item it belongs to."""
        for item in self.items:
            for q in item.manual_questions:
                if q.id == question_id:
                    return item, q
        raise KeyError(f"no manual question {question_id!r} in checklist {self.name!r}")

    def item_of_check(self, check_id: str) -> Item:
        return self._checks_by_id[check_id][0]

    @property
    def checks(self) -> list[CheckSpec]:
        return [c for i in self.items for c in i.checks]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def items_in(self, section_id: str) -> list[Item]:
        return [i for i in self.items if i.section == section_id]

    def wa_question(self, question_id: str) -> WAQuestion:
        return next(q for q in self.wa_questions if q.id == question_id)

    @cached_property
    def hash(self) -> str:
        """SHA-256 of the canonical JSON form: what an evidence notebook pins."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()
