"""Standard outputs for results: JSON, CSV, OCSF (Compliance Finding) and JUnit XML.

Each writer is `fn(report, checklist, path)` (path None = standard output), listed by `writers()`,
so `seccheck run --format/--output` and `seccheck export` use the same code. Every writer goes
through `emit()`, which scans its text for secret material before writing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .emit import emit

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport

Writer = Callable[["RunReport", "Checklist", "Path | None"], None]


def writers() -> dict[str, Writer]:
    """Writers by format name."""
    from .csv import write_csv
    from .json import write_json
    from .junit import write_junit
    from .ocsf import write_ocsf

    return {"json": write_json, "csv": write_csv, "ocsf": write_ocsf, "junit": write_junit}


__all__ = ["Writer", "emit", "writers"]
