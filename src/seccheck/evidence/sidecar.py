"""The sidecar: every recorded response whole (and every result), kept by SHA-256.

A notebook for a large estate must still open (peers' reports of 645 MB to 2 GB did not), so
a response above `INLINE_LIMIT` characters is shown as a preview in the notebook, and every
response is stored whole in `<notebook>.sidecar.json`, with every result in full. Each entry
carries the SHA-256 of its canonical JSON; the notebook's manifest carries the SHA-256 of the
sidecar file's bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..results import CheckResult
from .digest import canonical_json, sha256_hex

SCHEMA = "seccheck.evidence.sidecar/v1"
INLINE_LIMIT = 3_000  # characters of indented JSON shown in full inside the notebook
PREVIEW_ITEMS = 3
PREVIEW_STRING = 160


def sidecar_path(notebook: Path) -> Path:
    """`evidence.ipynb` -> `evidence.sidecar.json`, beside it."""
    return notebook.with_name(notebook.stem + ".sidecar.json")


def response_hash(response: Any) -> str:
    return sha256_hex(canonical_json(response))


class Sidecar:
    """Collects whole responses by call id, then writes them in one file."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.results: dict[str, Any] | None = None  # every result, packed (see pack_results)

    def __len__(self) -> int:
        return len(self.entries)

    def put(self, call_id: str, response: Any) -> str:
        digest = response_hash(response)
        self.entries[call_id] = {"sha256": digest, "response": response}
        return digest

    def to_bytes(self, notebook_name: str) -> bytes:
        doc: dict[str, Any] = {"schema": SCHEMA, "notebook": notebook_name, "entries": self.entries}
        if self.results is not None:
            doc["results"] = self.results
        return canonical_json(doc) + b"\n"

    def write(self, path: Path, notebook_name: str) -> str:
        """Write atomically; return the SHA-256 of the bytes written."""
        data = self.to_bytes(notebook_name)
        from ..locking import atomic_write

        atomic_write(path, data, keep_backup=False, shared=False)  # never through a symlink
        return sha256_hex(data)


def load_entries(path: Path) -> dict[str, dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("schema") != SCHEMA:
        raise ValueError(
            f"{path} is not a seccheck evidence sidecar (schema {doc.get('schema')!r})"
        )
    return dict(doc.get("entries", {}))


def load_results(path: Path) -> list[Any]:
    """Every result an evidence notebook was built from (kept in its sidecar)."""
    if not path.is_file():
        raise ValueError(f"{path} is missing: an evidence notebook's results are kept in its "
                         "sidecar, which must stay beside it")
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("schema") != SCHEMA or "results" not in doc:
        raise ValueError(f"{path} is not a seccheck evidence sidecar with results")
    return unpack_results(doc["results"])


def changed_entries(data: bytes) -> list[str]:
    """Call ids whose stored response no longer matches its own SHA-256."""
    try:
        doc = json.loads(data)
        entries = doc["entries"]
    except (ValueError, KeyError, TypeError):
        return ["<the file is no longer valid sidecar JSON>"]
    return [
        cid for cid, e in entries.items() if response_hash(e.get("response")) != e.get("sha256")
    ]


def preview(response: Any) -> tuple[str, bool]:
    """Indented JSON of a response, or of a shortened copy when it is large.

    Returns (text, shortened). Lists keep their first few items and say how many more there
    are; long strings are cut. The sidecar keeps the whole response.
    """
    text = json.dumps(response, indent=1, ensure_ascii=False, default=str)
    if len(text) <= INLINE_LIMIT:
        return text, False
    short = json.dumps(_shorten(response), indent=1, ensure_ascii=False, default=str)
    if len(short) > INLINE_LIMIT:
        short = json.dumps(_outline(response), indent=1, ensure_ascii=False)
    return short, True


def _shorten(value: Any, depth: int = 0) -> Any:
    if isinstance(value, dict):
        return {k: _shorten(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        head = [_shorten(v, depth + 1) for v in value[:PREVIEW_ITEMS]]
        if len(value) > PREVIEW_ITEMS:
            head.append(f"... {len(value) - PREVIEW_ITEMS} more item(s) in the sidecar")
        return head
    if isinstance(value, str) and len(value) > PREVIEW_STRING:
        return value[:PREVIEW_STRING] + f"... ({len(value)} characters in the sidecar)"
    return value


def _outline(value: Any, depth: int = 0) -> Any:
    """Shape only: keys, list lengths and scalar types."""
    if depth > 3:
        return "..."
    if isinstance(value, dict):
        return {k: _outline(v, depth + 1) for k, v in list(value.items())[:40]}
    if isinstance(value, list):
        return f"<list of {len(value)} item(s)>"
    if isinstance(value, str):
        return f"<string of {len(value)} characters>"
    return value


RESULT_COLUMNS = [
    "check_id",
    "item_id",
    "account",
    "region",
    "resource",
    "status",
    "reason",
    "severity",
    "service",
    "call_ids",
    "details",
]


def pack_results(results: Iterable[CheckResult]) -> dict[str, Any]:
    """Results as columns + rows (`to_dict()` per result without repeating the keys)."""
    rows = []
    for r in results:
        d = r.to_dict()
        rows.append([d[c] for c in RESULT_COLUMNS])
    return {"columns": RESULT_COLUMNS, "rows": rows}


def unpack_results(packed: dict[str, Any] | list[dict[str, Any]]) -> list[CheckResult]:
    if isinstance(packed, list):
        return [CheckResult.from_dict(d) for d in packed]
    columns = packed["columns"]
    return [CheckResult.from_dict(dict(zip(columns, row, strict=True))) for row in packed["rows"]]
