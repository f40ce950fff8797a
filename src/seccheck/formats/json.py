"""Results as JSON, our documented schema (schemas/results.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .emit import emit

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport


def write_json(report: RunReport, checklist: Checklist, path: Path | None) -> None:
    """Write (or print) the run's results, after the final secret audit."""
    emit(json.dumps(report.to_dict(), indent=2, default=str) + "\n", path, kind="json")
