"""Creating assessment notebooks, summarising them and exporting their evidence.

Plain functions over the server root and a request body; the tornado handlers only parse the
request and call these (in a worker thread, since they read and write files). The core work is
done by `seccheck.notebooks`, `seccheck.assessment` and `seccheck.evidence`.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from .. import jsonload
from ..yamlsource import InputError
from .checklists import extends_escape, resolve_checklist
from .paths import ApiError, is_inside, nested_in_root, resolve_in_root, shown, to_api_path

METADATA_KEY = "seccheck"
# Written into the notebook's code, so nothing that could close a string literal or a line.
PROFILE_NAME = re.compile(r"^[A-Za-z0-9_.@+=,:/-]{1,128}$")
REGION_NAME = re.compile(r"^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$")
MAX_TITLE = 200
CREATE_FIELDS = {"path", "checklist", "profile", "sandbox", "regions", "title"}


def create_assessment(root: Path, body: dict[str, Any]) -> dict[str, str]:
    """Create the guided notebook a `POST /seccheck/assessments` body asks for."""
    unknown = sorted(set(body) - CREATE_FIELDS)
    if unknown:
        raise ApiError(400, f"unknown field(s) {', '.join(unknown)}; "
                            f"expected {', '.join(sorted(CREATE_FIELDS))}")
    notebook = resolve_in_root(root, body.get("path"))
    if notebook.suffix != ".ipynb":
        raise ApiError(400, f"path {shown(body.get('path'))} must end with .ipynb")
    if any(part.startswith(".") for part in Path(to_api_path(root, notebook)).parts):
        raise ApiError(400, "hidden files and folders (starting with '.') cannot hold assessments")
    if notebook.exists():
        raise ApiError(409, f"{to_api_path(root, notebook)} already exists; choose another name")
    if not notebook.parent.is_dir():
        raise ApiError(400, f"folder {to_api_path(root, notebook.parent) or '.'} does not exist")
    state_path_for = core("seccheck.assessment", "state_path_for")
    state = Path(state_path_for(notebook))
    if state.exists():
        # An earlier assessment's file: its target and answers would carry over to the new one.
        raise ApiError(409, f"{to_api_path(root, state)} already exists (an earlier assessment "
                            "under this name, with its own target and answers); choose another "
                            "notebook name")
    options = {
        "checklist_path": resolve_checklist(root, body.get("checklist")),
        "profile": _profile(body.get("profile")),
        "sandbox": _sandbox(body.get("sandbox")),
        "regions": _regions(body.get("regions")),
        "title": _title(body.get("title")),
    }
    if options["profile"] and options["sandbox"]:
        raise ApiError(400, "choose either an AWS profile or the sandbox, not both")
    create = core("seccheck.notebooks", "create_guided_notebook")
    try:
        created = Path(create(notebook, **options))
    except InputError as exc:
        raise ApiError(400, "the checklist is not valid", [str(p) for p in exc.problems]) from exc
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    return {
        "path": to_api_path(root, created),
        "assessment": to_api_path(root, state),
    }


def assessment_summary(root: Path, notebook_path: Any) -> dict[str, Any]:
    """`Assessment.summary()` for a notebook, plus the root-relative notebook and state paths."""
    notebook = _existing_notebook(root, notebook_path)
    state = state_file_of(root, notebook)
    if not state.is_file():
        raise ApiError(404, f"{to_api_path(root, notebook)} has no saved assessment yet "
                            f"({to_api_path(root, state)}); run its first cells to start one")
    _require_checklist_inside(root, state)
    assessment = core("seccheck.assessment", "AssessmentFile")
    try:
        summary = dict(assessment.load(state).summary())
    except InputError as exc:
        raise ApiError(400, "the assessment's checklist is not valid",
                       [str(p) for p in exc.problems]) from exc
    except ValueError as exc:  # includes pydantic's ValidationError
        raise ApiError(400, f"{to_api_path(root, state)} cannot be read: {exc}") from exc
    except Exception as exc:
        if type(exc).__name__ == "AssessmentFileError":
            raise ApiError(409, str(exc)) from exc
        raise
    summary.update(notebook=to_api_path(root, notebook), assessment=to_api_path(root, state))
    return summary


def export_assessment(root: Path, body: dict[str, Any]) -> dict[str, str]:
    """Export the evidence of a notebook's assessment next to the notebook."""
    unknown = sorted(set(body) - {"path"})
    if unknown:
        raise ApiError(400, f"unknown field(s) {', '.join(unknown)}; expected path")
    notebook = _existing_notebook(root, body.get("path"))
    state = state_file_of(root, notebook)
    if not state.is_file():
        raise ApiError(404, f"{to_api_path(root, notebook)} has no saved assessment to export")
    _require_checklist_inside(root, state)
    export = core("seccheck.evidence", "export_evidence")
    out = notebook.with_name(f"{notebook.stem}-evidence.ipynb")
    try:
        written = Path(export(state, out, html=True))
    except ValueError as exc:
        raise ApiError(400, str(exc)) from exc
    except InputError as exc:
        raise ApiError(400, "the assessment's checklist is not valid",
                       [str(p) for p in exc.problems]) from exc
    except RuntimeError as exc:
        if type(exc).__name__ == "SecretLeakError":  # nothing was written; say what was found
            raise ApiError(422, str(exc)) from exc
        raise
    except Exception as exc:
        if type(exc).__name__ == "AssessmentFileError":
            raise ApiError(409, str(exc)) from exc
        raise
    return {"path": to_api_path(root, written)}


def state_file_of(root: Path, notebook: Path) -> Path:
    """Find the assessment state file a notebook names in its metadata (or the usual one)."""
    try:
        data = jsonload.loads(notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON, nested too deep
        name = to_api_path(root, notebook)
        raise ApiError(400, f"{name} is not a readable notebook: {exc}") from exc
    meta = data.get("metadata", {}).get(METADATA_KEY) if isinstance(data, dict) else None
    relative = meta.get("assessment") if isinstance(meta, dict) else None
    if relative is None:
        if meta is None:
            raise ApiError(404, f"{to_api_path(root, notebook)} is not a seccheck assessment "
                                "notebook (no 'seccheck' metadata)")
        state_path_for = core("seccheck.assessment", "state_path_for")
        return Path(state_path_for(notebook))
    return nested_in_root(root, notebook.parent, relative, what="the notebook's assessment path")


def _require_checklist_inside(root: Path, state: Path) -> None:
    """Refuse a state file whose saved checklist lies outside the root (the core would read it).

    The shipped checklist is the one exception. Unreadable state is left to the core, which
    reports it in detail.
    """
    try:
        saved = jsonload.loads(state.read_text(encoding="utf-8")).get("checklist", {}).get("path")
    except (OSError, ValueError, AttributeError):
        return
    if not isinstance(saved, str) or not saved:
        return
    from ..checklist import builtin_checklist_path

    target = Path(saved) if Path(saved).is_absolute() else state.parent / saved
    if target.resolve() == builtin_checklist_path().resolve():
        return
    if not is_inside(root, target):
        raise ApiError(403, f"{to_api_path(root, state)} uses a checklist outside the Jupyter "
                            "server root; copy the checklist into the root")
    escape = extends_escape(root, target)
    if escape:
        raise ApiError(403, escape)


def core(module: str, name: str) -> Any:
    """Import a function of the seccheck core; 501 when this installation lacks it."""
    try:
        return getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            raise ApiError(501, f"{module} is not part of this seccheck installation yet, so "
                                f"{name} is unavailable; upgrade seccheck") from exc
        raise
    except AttributeError as exc:
        raise ApiError(501, f"{module}.{name} is not available in this seccheck version") from exc


def _existing_notebook(root: Path, value: Any) -> Path:
    notebook = resolve_in_root(root, value)
    if notebook.suffix != ".ipynb":
        raise ApiError(400, f"path {shown(value)} is not a notebook (.ipynb)")
    if not notebook.is_file():
        raise ApiError(404, f"notebook {shown(value)} does not exist")
    return notebook


def _profile(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not PROFILE_NAME.match(value):
        raise ApiError(400, f"profile {shown(value)} is not an AWS profile name (letters, "
                            "digits and _.@+=,:/- only, at most 128 characters)")
    return value


def _sandbox(value: Any) -> str | None:
    if value in (None, ""):
        return None
    from ..sandbox.scenarios import SCENARIOS

    if not isinstance(value, str) or value not in SCENARIOS:
        raise ApiError(400, f"sandbox {shown(value)} is not a sandbox scenario; choose one of "
                            f"{', '.join(SCENARIOS)}")
    return value


def _regions(value: Any) -> list[str] | None:
    if value in (None, "", []):
        return None
    if isinstance(value, str):
        value = [r for r in re.split(r"[\s,]+", value) if r]
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise ApiError(400, "regions must be a list of region names such as ['us-east-1']")
    bad = [r for r in value if not REGION_NAME.match(r)]
    if bad:
        raise ApiError(400, f"not an AWS region name: {', '.join(shown(r) for r in bad[:5])}")
    from ..aws.region_names import region_problem

    problem = region_problem(value)
    if problem:
        raise ApiError(400, problem)
    return list(dict.fromkeys(value))


def _title(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > MAX_TITLE or any(ord(c) < 32 for c in value):
        raise ApiError(400, f"title must be one line of at most {MAX_TITLE} characters")
    return value
