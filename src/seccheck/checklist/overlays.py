"""Overlays: a user checklist that adjusts another one instead of restating it.

It starts from another checklist (``extends: builtin`` or a path) and adds items and questions,
drops items or checks, and overrides severities or check parameters. Applying one checks
everything it names first, then re-validates the merged whole; positions of new items are
reported in the overlay file.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..yamlsource import InputError, PathKey, Problem, SourceMap
from .model import ITEM_ID, Checklist, Item, ManualQuestion, Section, Severity, _Model
from .rules import item_problems


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


def apply_overlay(base: Checklist, overlay: Overlay, smap: SourceMap) -> Checklist:
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
            change = overlay.check_overrides.get(check.id)
            if change:
                check = check.model_copy(
                    update={
                        "severity": change.severity or check.severity,
                        "params": {**check.params, **change.params},
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
    problems = item_problems(merged, smap, offset)
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
