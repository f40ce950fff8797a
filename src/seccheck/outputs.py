"""Writers for run results.

JSON is our documented schema (schemas/results.schema.json); CSV, OCSF and JUnit live in
`seccheck.formats` and register here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checklist import Checklist
    from .runner import RunReport

Writer = Callable[["RunReport", "Checklist", "Path | None"], None]


def write_json(report: RunReport, checklist: Checklist, path: Path | None) -> None:
    text = json.dumps(report.to_dict(), indent=2, default=str) + "\n"
    if path is None:
        sys.stdout.write(text)
    else:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


def _registered() -> dict[str, Writer]:
    from .formats.csv import write_csv
    from .formats.junit import write_junit
    from .formats.ocsf import write_ocsf

    return {"json": write_json, "csv": write_csv, "ocsf": write_ocsf, "junit": write_junit}


WRITERS: dict[str, Writer] = _registered()
