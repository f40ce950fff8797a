"""Validation rules beyond the schema.

Unique ids, references to sections and WA ids, and items that could never be assessed. Each
problem names the file, line and field to fix.
"""

from __future__ import annotations

from ..yamlsource import InputError, PathKey, Problem, SourceMap
from .model import Checklist


def cross_check(checklist: Checklist, smap: SourceMap, *, first_new_item: int = 0) -> None:
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
    problems.extend(item_problems(checklist, smap, first_new_item))
    if problems:
        raise InputError(problems)


def item_problems(checklist: Checklist, smap: SourceMap, start: int) -> list[Problem]:
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
