"""The checklist model: sections, items, manual questions, check descriptors, WA pillar.

`checklist.yaml` is the single source of truth for everything a person reads about an item and
for every check's metadata; code only adds the evaluation. Loading is strict: unknown fields,
wrong types, duplicate or dangling ids and items that cannot be assessed at all are reported
together, each with the file, line and field to fix.

A user checklist may stand alone, or start with ``extends: builtin`` (or a path) and then add
items and questions, drop items or checks, and override severities or check parameters.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from enum import Enum
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .yamlsource import InputError, PathKey, Problem, SourceMap, load_yaml_with_lines

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
    kinds: list[Literal["file", "url", "note"]] = Field(default_factory=lambda: ["note"])
    examples: list[str] = Field(default_factory=list)
    required_for: list[Literal["yes", "partial", "no", "not_applicable"]] = Field(
        default_factory=lambda: ["yes"]
    )

    @field_validator("required_for", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: Any) -> Any:
        # YAML 1.1 reads a bare yes/no as a boolean; people mean the answer.
        if isinstance(value, list):
            return ["yes" if v is True else "no" if v is False else v for v in value]
        return value


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


# --- overlays ----------------------------------------------------------------------------------


class QuestionAddition(_Model):
    item: str = Field(pattern=ITEM_ID)
    questions: list[ManualQuestion] = Field(min_length=1)


class CheckOverride(_Model):
    severity: Severity | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class Overlay(_Model):
    """A user checklist that adjusts another one instead of restating it."""

    schema_version: Literal[1]
    extends: str = Field(min_length=1, description="'builtin' or a path relative to this file")
    name: str | None = None
    version: str | None = None
    sections: list[Section] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    add_questions: list[QuestionAddition] = Field(default_factory=list)
    remove_items: list[str] = Field(default_factory=list)
    remove_checks: list[str] = Field(default_factory=list)
    check_overrides: dict[str, CheckOverride] = Field(default_factory=dict)


# --- loading -----------------------------------------------------------------------------------


def builtin_checklist_path() -> Path:
    """The shipped checklist: the repo-root copy in a checkout, else the wheel's packaged copy."""
    root_copy = Path(__file__).resolve().parents[2] / "checklist.yaml"
    if root_copy.is_file():
        return root_copy
    packaged = resources.files("seccheck") / "data" / "checklist.yaml"
    return Path(str(packaged))


def load_checklist(
    path: str | Path | None = None, *, implemented: Iterable[str] | None = None
) -> Checklist:
    """Load and validate a checklist (the shipped one by default).

    `implemented`, when given, is the set of check ids that have code; any check in the YAML
    without one is an error. Raises InputError listing every problem found.
    """
    source = Path(path) if path is not None else builtin_checklist_path()
    checklist = _load(source, seen=())
    if implemented is not None:
        _require_implementations(checklist, set(implemented), source)
    return checklist


def _load(source: Path, seen: tuple[Path, ...]) -> Checklist:
    resolved = source.resolve()
    if resolved in seen:
        chain = " -> ".join(str(p) for p in (*seen, resolved))
        raise InputError([Problem(str(source), None, "extends", f"circular extends: {chain}")])
    data, smap = load_yaml_with_lines(source)
    if not isinstance(data, dict):
        raise InputError([Problem(str(source), 1, "", "expected a mapping at the top level")])
    if "extends" in data:
        overlay = _validate(Overlay, data, smap)
        base_path = (
            builtin_checklist_path()
            if overlay.extends == "builtin"
            else (source.parent / overlay.extends)
        )
        base = _load(base_path, seen=(*seen, resolved))
        return _apply_overlay(base, overlay, smap)
    checklist = _validate(Checklist, data, smap)
    _cross_check(checklist, smap)
    return checklist


def _validate(model: type[BaseModel], data: Any, smap: SourceMap) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc: PathKey = tuple(err["loc"])
            message = err["msg"]
            if err["type"] == "missing":
                message = "required field is missing"
            elif err["type"] == "extra_forbidden":
                message = "unknown field (check the spelling; see `seccheck schema`)"
            elif err["type"] == "literal_error" or err["type"] == "enum":
                message = f"{err['msg']} (got {err.get('input')!r})"
            problems.append(smap.problem(loc, message))
        raise InputError(problems) from exc


def _cross_check(checklist: Checklist, smap: SourceMap, *, first_new_item: int = 0) -> None:
    """Checks pydantic cannot do alone: uniqueness, references, assessability."""
    problems: list[Problem] = []
    _unique(
        problems,
        smap,
        [(("wa_questions", i, "id"), q.id) for i, q in enumerate(checklist.wa_questions)],
    )
    _unique(
        problems,
        smap,
        [
            (("wa_questions", i, "best_practices", j, "id"), bp.id)
            for i, q in enumerate(checklist.wa_questions)
            for j, bp in enumerate(q.best_practices)
        ],
    )
    _unique(
        problems, smap, [(("sections", i, "id"), s.id) for i, s in enumerate(checklist.sections)]
    )
    items = list(enumerate(checklist.items))
    _unique(problems, smap, [(("items", i, "id"), it.id) for i, it in items])
    _unique(
        problems,
        smap,
        [
            (("items", i, "checks", j, "id"), c.id)
            for i, it in items
            for j, c in enumerate(it.checks)
        ],
    )
    _unique(
        problems,
        smap,
        [
            (("items", i, "manual_questions", j, "id"), q.id)
            for i, it in items
            for j, q in enumerate(it.manual_questions)
        ],
    )
    for i, q in enumerate(checklist.wa_questions):
        for j, bp in enumerate(q.best_practices):
            if not bp.id.startswith(q.id + "-"):
                problems.append(
                    smap.problem(
                        ("wa_questions", i, "best_practices", j, "id"),
                        f"{bp.id} does not belong to question {q.id}",
                    )
                )
    problems.extend(_item_problems(checklist, smap, first_new_item))
    if problems:
        raise InputError(problems)


def _item_problems(checklist: Checklist, smap: SourceMap, start: int) -> list[Problem]:
    wa_q = {q.id for q in checklist.wa_questions}
    wa_bp = {bp.id for q in checklist.wa_questions for bp in q.best_practices}
    sections = {s.id for s in checklist.sections}
    problems = []
    for i, item in enumerate(checklist.items[start:], start=start):
        path: PathKey = ("items", i - start)
        if item.section not in sections:
            problems.append(smap.problem((*path, "section"), f"unknown section {item.section!r}"))
        for j, q in enumerate(item.wa.questions):
            if q not in wa_q:
                problems.append(
                    smap.problem((*path, "wa", "questions", j), f"unknown WA question {q}")
                )
        if item.wa.primary not in wa_bp:
            problems.append(
                smap.problem(
                    (*path, "wa", "primary"), f"unknown WA best practice {item.wa.primary}"
                )
            )
        for j, bp in enumerate(item.wa.related):
            if bp not in wa_bp:
                problems.append(
                    smap.problem((*path, "wa", "related", j), f"unknown WA best practice {bp}")
                )
        if item.section in sections and not item.id.startswith(item.section + "-"):
            problems.append(
                smap.problem(
                    (*path, "id"),
                    f"item {item.id} is in section {item.section} "
                    f"but its id does not start with {item.section}-",
                )
            )
        for j, bp in enumerate(item.wa.best_practices):
            if bp in wa_bp and bp.split("-")[0] not in item.wa.questions:
                where = (*path, "wa", "primary") if j == 0 else (*path, "wa", "related", j - 1)
                problems.append(
                    smap.problem(
                        where,
                        f"{bp} belongs to {bp.split('-')[0]}, which is "
                        "not among this item's wa.questions",
                    )
                )
        all_checks = {c.id for it in checklist.items for c in it.checks}
        for j, q in enumerate(item.manual_questions):
            for k, ref in enumerate(q.related_checks):
                if ref not in all_checks:
                    problems.append(
                        smap.problem(
                            (*path, "manual_questions", j, "related_checks", k),
                            f"unknown check {ref}",
                        )
                    )
        if not item.checks and not item.manual_questions:
            problems.append(
                smap.problem(
                    path,
                    f"item {item.id} has neither a check nor a manual question, "
                    "so it could never be assessed",
                )
            )
        for j, c in enumerate(item.checks):
            if not c.id.startswith(item.id + "-"):
                problems.append(
                    smap.problem(
                        (*path, "checks", j, "id"), f"check {c.id} is not under item {item.id}"
                    )
                )
        for j, q in enumerate(item.manual_questions):
            if not q.id.startswith(item.id + "-"):
                problems.append(
                    smap.problem(
                        (*path, "manual_questions", j, "id"),
                        f"question {q.id} is not under item {item.id}",
                    )
                )
    return problems


def _unique(problems: list[Problem], smap: SourceMap, entries: list[tuple[PathKey, str]]) -> None:
    first: dict[str, PathKey] = {}
    for path, value in entries:
        if value in first:
            line = smap.line_of(first[value])
            problems.append(
                smap.problem(path, f"duplicate id {value} (first defined on line {line})")
            )
        else:
            first[value] = path


def _apply_overlay(base: Checklist, overlay: Overlay, smap: SourceMap) -> Checklist:
    problems: list[Problem] = []
    known_items = {i.id for i in base.items}
    known_checks = {c.id for c in base.checks}
    for j, item_id in enumerate(overlay.remove_items):
        if item_id not in known_items:
            problems.append(smap.problem(("remove_items", j), f"no item {item_id} to remove"))
    for j, check_id in enumerate(overlay.remove_checks):
        if check_id not in known_checks:
            problems.append(smap.problem(("remove_checks", j), f"no check {check_id} to remove"))
    base_params = {c.id: c.params for c in base.checks}
    for check_id, override in overlay.check_overrides.items():
        if check_id not in known_checks:
            problems.append(
                smap.problem(("check_overrides", check_id), f"no check {check_id} to override")
            )
            continue
        for name, value in override.params.items():
            where = ("check_overrides", check_id, "params", name)
            if name not in base_params[check_id]:
                known = ", ".join(sorted(base_params[check_id])) or "none"
                problems.append(
                    smap.problem(where, f"{check_id} has no parameter {name!r} (known: {known})")
                )
            elif not _same_kind(base_params[check_id][name], value):
                problems.append(
                    smap.problem(
                        where,
                        f"expected {type(base_params[check_id][name]).__name__}, "
                        f"got {type(value).__name__}",
                    )
                )
    for j, addition in enumerate(overlay.add_questions):
        if addition.item not in known_items:
            problems.append(smap.problem(("add_questions", j, "item"), f"no item {addition.item}"))
    if problems:
        raise InputError(problems)

    extra_questions: dict[str, list[ManualQuestion]] = {}
    for addition in overlay.add_questions:
        extra_questions.setdefault(addition.item, []).extend(addition.questions)
    removed_items = set(overlay.remove_items)
    removed_checks = set(overlay.remove_checks)
    items = []
    for item in base.items:
        if item.id in removed_items:
            continue
        checks = []
        for check in item.checks:
            if check.id in removed_checks:
                continue
            override = overlay.check_overrides.get(check.id)
            if override:
                check = check.model_copy(
                    update={
                        "severity": override.severity or check.severity,
                        "params": {**check.params, **override.params},
                    }
                )
            checks.append(check)
        questions = [*item.manual_questions, *extra_questions.get(item.id, [])]
        items.append(item.model_copy(update={"checks": checks, "manual_questions": questions}))
    merged = base.model_copy(
        update={
            "name": overlay.name or base.name,
            "version": overlay.version or base.version,
            "sections": [*base.sections, *overlay.sections],
            "items": [*items, *overlay.items],
        }
    )
    # Re-validate the merged whole (ids stay unique, new items reference known sections/WA ids);
    # positions of new items are reported in the overlay file.
    merged = Checklist.model_validate(merged.model_dump())
    new_items_offset = len(items)
    _overlay_cross_check(merged, overlay, smap, new_items_offset)
    return merged


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _overlay_cross_check(merged: Checklist, overlay: Overlay, smap: SourceMap, offset: int) -> None:
    problems = _item_problems(merged, smap, offset)
    seen_items = {i.id for i in merged.items[:offset]}
    seen_checks = {c.id for i in merged.items[:offset] for c in i.checks}
    seen_sections = {s.id for s in merged.sections[: len(merged.sections) - len(overlay.sections)]}
    for j, section in enumerate(overlay.sections):
        if section.id in seen_sections:
            problems.append(
                smap.problem(
                    ("sections", j, "id"), f"duplicate id {section.id} (already in the base)"
                )
            )
        seen_sections.add(section.id)
    for j, item in enumerate(overlay.items):
        if item.id in seen_items:
            problems.append(
                smap.problem(("items", j, "id"), f"duplicate id {item.id} (already in the base)")
            )
        seen_items.add(item.id)
        for k, check in enumerate(item.checks):
            if check.id in seen_checks:
                problems.append(
                    smap.problem(("items", j, "checks", k, "id"), f"duplicate id {check.id}")
                )
            seen_checks.add(check.id)
    questions: set[str] = set()
    for item in merged.items:
        for q in item.manual_questions:
            if q.id in questions:
                where = _question_path(overlay, q.id)
                problems.append(smap.problem(where, f"duplicate id {q.id}"))
            questions.add(q.id)
    if problems:
        raise InputError(problems)


def _question_path(overlay: Overlay, question_id: str) -> PathKey:
    for j, addition in enumerate(overlay.add_questions):
        for k, q in enumerate(addition.questions):
            if q.id == question_id:
                return ("add_questions", j, "questions", k, "id")
    for j, item in enumerate(overlay.items):
        for k, q in enumerate(item.manual_questions):
            if q.id == question_id:
                return ("items", j, "manual_questions", k, "id")
    return ()


def _require_implementations(checklist: Checklist, implemented: set[str], source: Path) -> None:
    data, smap = load_yaml_with_lines(source)
    problems = []
    for check in checklist.checks:
        if check.id not in implemented:
            problems.append(
                Problem(
                    str(source),
                    _line_of_id(data, smap, check.id),
                    "checks.id",
                    f"check {check.id} has no implementation in seccheck.checks",
                )
            )
    if problems:
        raise InputError(problems)


def _line_of_id(data: Any, smap: SourceMap, wanted: str) -> int | None:
    """Find the line of a check id anywhere in a loaded file (base or overlay)."""
    for i, item in enumerate((data or {}).get("items", []) or []):
        for j, check in enumerate((item or {}).get("checks", []) or []):
            if isinstance(check, dict) and check.get("id") == wanted:
                return smap.line_of(("items", i, "checks", j, "id"))
    return None


def checklist_json_schema() -> dict[str, Any]:
    """JSON Schema for checklist files (standalone or overlay), for editors and CI."""
    standalone = Checklist.model_json_schema()
    overlay = Overlay.model_json_schema()
    defs = {**standalone.pop("$defs", {}), **overlay.pop("$defs", {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "seccheck checklist",
        "oneOf": [standalone, overlay],
        "$defs": defs,
    }
