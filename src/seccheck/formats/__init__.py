"""Standard outputs for results: JSON, CSV, OCSF (Compliance Finding) and JUnit XML.

Each writer is `fn(report, checklist, path)` (path None = standard output), listed by `writers()`,
so `seccheck run --format/--output` and `seccheck export` use the same code. Every writer goes
through `emit()`, which scans its text for secret material before writing anything.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport

Writer = Callable[["RunReport", "Checklist", "Path | None"], None]


def emit(text: str, path: Path | None, *, kind: str) -> None:
    """Refuse if secrets remain; then write atomically (or print)."""
    from ..evidence.redaction_audit import audit

    name = path.name if path is not None else f"<stdout {kind}>"
    if kind in ("ocsf", "json") and not name.endswith(".json"):
        name += ".json"
    audit({name: text})
    if path is None:
        sys.stdout.write(text)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)


def writers() -> dict[str, Writer]:
    """Writers by format name."""
    from .csv import write_csv
    from .json import write_json
    from .junit import write_junit
    from .ocsf import write_ocsf

    return {"json": write_json, "csv": write_csv, "ocsf": write_ocsf, "junit": write_junit}
