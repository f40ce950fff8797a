"""Which checklists a new assessment can use: the shipped one and valid YAML files in the root.

A file counts as a checklist when its top level has `schema_version` (so ordinary YAML files
are left alone); each is validated with the same loader the engine uses, and broken ones are
listed with their problems so a person can fix them from the dialog.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from ..checklist import builtin_checklist_path, load_checklist
from ..yamlsource import InputError, Problem, load_yaml_with_lines
from .paths import ApiError, is_inside, resolve_in_root, shown, to_api_path

BUILTIN = "builtin"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_CHECKLIST_BYTES = 2_000_000
SKIPPED_DIRS = {"node_modules", "__pycache__", "site-packages", "venv", "env"}
_SCHEMA_LINE = re.compile(rb"^schema_version\s*:", re.MULTILINE)
_MAX_EXTENDS_DEPTH = 16


def list_checklists(root: Path, *, max_depth: int = 3, max_files: int = 200) -> dict[str, Any]:
    """Describe the shipped checklist, then every checklist file found under the root."""
    builtin = builtin_checklist_path()
    entries = [_describe(root, builtin, BUILTIN, builtin=True)]
    found, truncated = find_checklist_files(root, max_depth=max_depth, max_files=max_files)
    for path in found:
        if path.resolve() == builtin.resolve():
            continue  # a server started in a checkout would list the shipped file twice
        entries.append(_describe(root, path, to_api_path(root, path), builtin=False))
    return {"checklists": entries, "truncated": truncated}


def find_checklist_files(
    root: Path, *, max_depth: int, max_files: int
) -> tuple[list[Path], bool]:
    """YAML files with a top-level `schema_version`, at most `max_depth` folders down.

    Hidden folders, virtual environments and node_modules are skipped, and symlinks are never
    followed out of the root, so a large or hostile tree cannot make the listing slow or leaky.
    """
    real_root = root.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(real_root, followlinks=False):
        here = Path(dirpath)
        depth = len(here.relative_to(real_root).parts)
        dirnames[:] = sorted(
            d for d in dirnames
            if depth < max_depth and not d.startswith(".") and d not in SKIPPED_DIRS
        )
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            path = here / name
            if not is_inside(real_root, path) or not _looks_like_checklist(path):
                continue
            found.append(path)
            if len(found) >= max_files:
                return found, True
    return found, False


def resolve_checklist(root: Path, value: Any) -> Path | None:
    """Map a request's checklist to a file in the root (None means the shipped one)."""
    if value is None or value == "" or value == BUILTIN:
        return None
    path = resolve_in_root(root, value, what="checklist")
    if path.suffix not in YAML_SUFFIXES or not path.is_file():
        raise ApiError(400, f"checklist {shown(value)} is not a .yaml file under the server root")
    escape = extends_escape(root, path)
    if escape:
        raise ApiError(403, escape)
    return path


def _looks_like_checklist(path: Path) -> bool:
    try:
        if path.stat().st_size > MAX_CHECKLIST_BYTES:
            return False
        return bool(_SCHEMA_LINE.search(path.read_bytes()))
    except OSError:
        return False


def _describe(root: Path, path: Path, api_path: str, *, builtin: bool) -> dict[str, Any]:
    stat = path.stat()
    return dict(_validated(str(root.resolve()), str(path), api_path, builtin,
                           stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=128)
def _validated(
    root: str, path: str, api_path: str, builtin: bool, mtime_ns: int, size: int
) -> tuple[tuple[str, Any], ...]:
    """Validate one file version; cached, since the shipped checklist takes ~0.1 s."""
    entry: dict[str, Any] = {
        "path": api_path, "builtin": builtin, "name": Path(path).stem, "version": "",
        "items": 0, "checks": 0, "valid": False, "errors": [],
    }
    errors: list[str] = []
    escape = None if builtin else extends_escape(Path(root), Path(path))
    if escape:
        errors.append(escape)
    else:
        try:
            checklist = load_checklist(path)
            entry.update(name=checklist.name, version=checklist.version,
                         items=len(checklist.items), checks=len(checklist.checks))
        except InputError as exc:
            errors = [_problem_text(Path(root), p) for p in exc.problems]
        except (OSError, ValueError) as exc:
            errors = [f"{api_path}: {exc}"]
    if errors:
        entry.update(_raw_name_and_version(Path(path)))
    entry.update(valid=not errors, errors=errors)
    return tuple(entry.items())


def extends_escape(root: Path, path: Path) -> str | None:
    """Why an overlay's `extends` chain would read a file outside the root, if it would."""
    current = path
    for _ in range(_MAX_EXTENDS_DEPTH):
        data = _bounded_yaml(current)
        if data is None:
            return None  # the loader reports unreadable files with their line numbers
        target = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(target, str) or target == BUILTIN:
            return None
        nxt = current.parent / target
        if not is_inside(root, nxt):
            return (f"{to_api_path(root, path)}: extends {shown(target)}, which is outside the "
                    "Jupyter server root; copy the base checklist into the root")
        current = nxt
    return None


def _raw_name_and_version(path: Path) -> dict[str, str]:
    data = _bounded_yaml(path)
    if not isinstance(data, dict):
        return {}
    keys = ("name", "version")
    return {k: str(data[k]) for k in keys if isinstance(data.get(k), (str, int, float))}


def _bounded_yaml(path: Path) -> Any:
    """The file's data through the checklist loader's bounds (size, depth, aliases), or None."""
    try:
        return load_yaml_with_lines(path)[0]
    except InputError:
        return None


def _problem_text(root: Path, problem: Problem) -> str:
    """Render a loader problem with the file named relative to the root, as the browser sees it."""
    file = Path(problem.file)
    try:
        if file.is_absolute() and is_inside(root, file):
            file_text = to_api_path(root, file.resolve())
        else:
            file_text = file.name if file.is_absolute() else problem.file
    except (OSError, ValueError):
        file_text = file.name
    shown = Problem(file_text, problem.line, problem.field, problem.message)
    return str(shown)
