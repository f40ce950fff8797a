"""Service models cut down to the operations the read-only guard lets through.

A run's clients hold botocore's parsed model of every service they use: about 30 MiB for the
~43 services seccheck reads (EC2's alone ~7 MiB), although seccheck sends ~150 of their
thousands of operations and the guard refuses every other one before it is sent. Keeping only
the shapes that the allowed operations reach leaves about 4 MiB.

Every operation stays in the model, so a refused call still reaches the guard and fails with
its reason (`ReadOnlyViolation`), not with a missing method. A removed operation's input and
output become empty structures: botocore reads the input shape (for streaming) before the
guard's `before-parameter-build` hook runs, and the guard refuses the call right after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def empty_structure() -> dict[str, Any]:
    """A fresh one each time: botocore merges its sdk-extras into the loaded model in place."""
    return {"type": "structure", "members": {}}


def by_service(allowed: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """(service, operation) pairs -> service -> its allowed operation names."""
    out: dict[str, set[str]] = {}
    for service, operation in allowed:
        out.setdefault(service, set()).add(operation)
    return {service: frozenset(ops) for service, ops in out.items()}


def covers(have: Mapping[str, frozenset[str]], want: Mapping[str, frozenset[str]]) -> bool:
    """Whether models pruned for `have` serve every operation in `want`."""
    return all(ops <= have.get(service, frozenset()) for service, ops in want.items())


def merged(
    one: Mapping[str, frozenset[str]], other: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    return {s: one.get(s, frozenset()) | other.get(s, frozenset()) for s in {*one, *other}}


def reachable(shapes: Mapping[str, Any], roots: Iterable[str]) -> set[str]:
    """Every shape name reachable from `roots` through members, list members and map keys."""
    seen: set[str] = set()
    stack = [name for name in roots if name in shapes]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = [shape.get(key) for key in ("member", "key", "value")]
        refs += list((shape.get("members") or {}).values())
        stack += [ref["shape"] for ref in refs if isinstance(ref, dict) and "shape" in ref]
    return seen


def prune(model: dict[str, Any], keep: frozenset[str]) -> dict[str, Any]:
    """A service-2 model with only the shapes the operations in `keep` need (a new dict)."""
    operations: dict[str, Any] = model.get("operations") or {}
    shapes: dict[str, Any] = model.get("shapes") or {}
    roots: list[str] = []
    for name in keep & operations.keys():
        operation = operations[name]
        roots += [operation[key]["shape"] for key in ("input", "output") if key in operation]
        roots += [error["shape"] for error in operation.get("errors") or []]
    needed = reachable(shapes, roots)
    kept = {name: shapes[name] for name in needed}
    for name, operation in operations.items():
        if name in keep:
            continue
        for key in ("input", "output"):
            ref = operation.get(key)
            if ref and ref["shape"] not in kept:
                kept[ref["shape"]] = empty_structure()
    return {**model, "shapes": kept}
