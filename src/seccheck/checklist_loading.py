"""Loading a checklist file: validation rules beyond the schema, and applying overlays.

Everything is checked before anything is returned, and every problem is reported with the file,
line and field to fix: pydantic's type errors, then what pydantic cannot see (unique ids,
references to sections and WA ids, items that could never be assessed, overlays that name what
does not exist), then checks that have no code.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checklist import Checklist, ManualQuestion, Overlay, builtin_checklist_path
from .yamlsource import InputError, PathKey, Problem, SourceMap, load_yaml_with_lines


def load(source: Path, implemented: Iterable[str] | None = None) -> Checklist:
    """See `seccheck.checklist.load_checklist`."""
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
        for j, question in enumerate(item.manual_questions):
            for k, ref in enumerate(question.related_checks):
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
        for j, question in enumerate(item.manual_questions):
            if not question.id.startswith(item.id + "-"):
                problems.append(
                    smap.problem(
                        (*path, "manual_questions", j, "id"),
                        f"question {question.id} is not under item {item.id}",
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


