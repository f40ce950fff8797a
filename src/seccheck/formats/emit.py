"""The one door every results writer goes through: the secret audit, then an atomic write."""

from __future__ import annotations

import os
import sys
import tempfile
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
    # An exclusively created temporary in the target folder, then a rename: a planted file or
    # symlink at a predictable temporary name is never written through.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
