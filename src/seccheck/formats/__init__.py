"""Standard outputs for results: CSV, OCSF (Compliance Finding) and JUnit XML.

Each writer is `fn(report, checklist, path)` (path None = standard output) and is registered in
`seccheck.outputs.WRITERS`, so `seccheck run --format/--output` and `seccheck export` use the
same code. Every writer scans its text for secret material before writing anything.
"""

from __future__ import annotations

import sys
from pathlib import Path


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
