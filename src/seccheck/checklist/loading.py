"""Loading a checklist file: the shipped one or a user's, standalone or an overlay.

Everything is checked before anything is returned, and every problem is reported with the file,
line and field to fix: pydantic's type errors, then what pydantic cannot see (`rules`,
`overlays`), then checks that have no code.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..yamlsource import InputError, PathKey, Problem, SourceMap, load_yaml_with_lines
from .model import Checklist
from .overlays import Overlay, apply_overlay
from .rules import cross_check


def builtin_checklist_path() -> Path:
    """The shipped checklist: the repo-root copy in a checkout, else the wheel's packaged copy."""
    root_copy = Path(__file__).resolve().parents[3] / "checklist.yaml"
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
        return apply_overlay(base, overlay, smap)
    checklist = _validate(Checklist, data, smap)
    cross_check(checklist, smap)
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


def resolve_checklist(
    given: Checklist | str | Path | None, saved: str | None, state_path: Path
) -> tuple[Checklist, str | None]:
    """The checklist an assessment uses, and the path to store for it (None: the shipped one).

    `given` (a Checklist or a path) wins over `saved` (as stored, relative to the state file).
    """
    if isinstance(given, Checklist):
        return given, saved
    if given is not None:
        source = Path(given).expanduser()
    elif saved is not None:
        source = Path(saved)
        if not source.is_absolute():
            source = state_path.parent / source
    else:
        return load_checklist(), None
    source = source.absolute()
    if source == builtin_checklist_path().absolute():
        return load_checklist(), None
    try:
        stored = source.relative_to(state_path.parent).as_posix()
    except ValueError:
        stored = str(source)
    return load_checklist(source), stored
