"""Stand-ins for the core functions, to drive the handlers' own logic in isolation.

They record what the server passed and write what the real ones are specified to write, so a
test can assert on both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat


def state_path_for(notebook: Path) -> Path:
    return Path(notebook).with_suffix(".seccheck.json")


class FakeCore:
    def __init__(self) -> None:
        self.created: list[tuple[Path, dict[str, Any]]] = []
        self.exported: list[tuple[Path, Path, bool]] = []

    def create_guided_notebook(self, path: Path, **options: Any) -> Path:
        self.created.append((Path(path), options))
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                     "language": "python"}
        nb.metadata["seccheck"] = {"assessment": state_path_for(Path(path)).name}
        nbformat.write(nb, str(path))
        return Path(path)

    def export_evidence(self, state: Path, out: Path, *, html: bool = True) -> Path:
        self.exported.append((Path(state), Path(out), html))
        Path(out).write_text("{}")
        return Path(out)

    def lookup(self, module: str, name: str) -> Any:
        if name == "AssessmentFile":
            return FakeAssessment
        if name == "state_path_for":
            return state_path_for
        return getattr(self, name)


class FakeAssessment:
    """Summarises a state file that simply holds the summary (enough for the endpoint)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @classmethod
    def load(cls, path: Path) -> FakeAssessment:
        return cls(json.loads(Path(path).read_text()))

    def summary(self) -> dict[str, Any]:
        return self.data


def summary_for(title: str) -> dict[str, Any]:
    return {
        "title": title,
        "path": "x",
        "checklist": {"name": "Mini checklist", "version": "1", "hash": "ab" * 32},
        "scope": {"sandbox": "workshop"},
        "updated_at": "2026-11-28T12:00:00Z",
        "totals": {"passed": 1, "unanswered": 1},
        "sections": [{"id": "IAM", "title": "Identity", "items": [
            {"id": "IAM-01", "title": "Secure your AWS account", "status": "passed",
             "checks": {"PASS": 2}, "manual": {"answered": 1, "total": 1}},
        ]}],
    }


def write_notebook(path: Path, metadata: dict[str, Any] | None) -> Path:
    nb = nbformat.v4.new_notebook()
    if metadata is not None:
        nb.metadata["seccheck"] = metadata
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
