"""Evidence for manual answers: URLs, and files copied into `<assessment>.evidence/` with sha256.

Files are stored by content (`<question>/<sha256 prefix>-<name>`), so saving the same file twice
stores it once, later edits of the original are detectable, and two kernels attaching files at
the same time cannot overwrite each other's copies.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .locking import atomic_write
from .state import Evidence, utcnow

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
EvidenceInput = Any  # str URL | path | (name, bytes) | {"kind": ..} | Evidence | FileUpload value


def evidence_dir(state_path: Path) -> Path:
    """`guided.seccheck.json` keeps its files in `guided.seccheck.evidence/`."""
    return state_path.with_suffix(".evidence")


def is_url(text: str) -> bool:
    parsed = urlparse(text.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def normalise(
    items: Iterable[EvidenceInput], state_path: Path, question_id: str, by: str
) -> list[Evidence]:
    """Turn what callers pass into stored Evidence, copying files as needed."""
    out: list[Evidence] = []
    for item in items:
        ev = _one(item, state_path, question_id, by)
        if not any(_same(ev, seen) for seen in out):
            out.append(ev)
    return out


def _same(a: Evidence, b: Evidence) -> bool:
    if a.kind != b.kind:
        return False
    return a.value == b.value if a.kind == "url" else a.sha256 == b.sha256


def _one(item: EvidenceInput, state_path: Path, question_id: str, by: str) -> Evidence:
    if isinstance(item, Evidence):
        return item
    if isinstance(item, dict) and "content" in item and "name" in item:  # ipywidgets FileUpload
        return store_bytes(state_path, question_id, str(item["name"]), bytes(item["content"]), by)
    if isinstance(item, dict):
        kind = item.get("kind")
        if kind == "url":
            return url_evidence(str(item.get("value", "")), by)
        if kind == "file":
            return store_file(state_path, question_id, Path(str(item.get("value", ""))), by)
        raise ValueError(f"evidence {item!r}: kind must be 'url' or 'file'")
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[1], (bytes, bytearray, memoryview))
    ):
        return store_bytes(state_path, question_id, str(item[0]), bytes(item[1]), by)
    if isinstance(item, os.PathLike):
        return store_file(state_path, question_id, Path(item), by)
    if isinstance(item, str):
        if "://" in item or (_SCHEME.match(item) and not Path(item).exists()):
            return url_evidence(item, by)
        return store_file(state_path, question_id, Path(item), by)
    raise ValueError(f"evidence {item!r}: give a URL, a file path or (name, bytes)")


def url_evidence(url: str, by: str) -> Evidence:
    url = url.strip()
    if not is_url(url):
        raise ValueError(f"evidence URL {url!r} is not an http(s) address")
    return Evidence(kind="url", value=url, added_by=by, added_at=utcnow())


def store_file(state_path: Path, question_id: str, source: Path, by: str) -> Evidence:
    if not source.is_file():
        raise ValueError(f"evidence file {source} does not exist (or is not a file)")
    return store_bytes(state_path, question_id, source.name, source.read_bytes(), by)


def store_bytes(state_path: Path, question_id: str, name: str, data: bytes, by: str) -> Evidence:
    digest = hashlib.sha256(data).hexdigest()
    safe = _safe_name(name)
    target = evidence_dir(state_path) / question_id / f"{digest[:12]}-{safe}"
    if not (target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest):
        atomic_write(target, data, keep_backup=False, shared=False)
    stored = target.relative_to(state_path.parent).as_posix()
    return Evidence(
        kind="file",
        value=name,
        sha256=digest,
        stored_at=stored,
        size=len(data),
        added_by=by,
        added_at=utcnow(),
    )


def verify_file(state_path: Path, evidence: Evidence) -> bool:
    """Tell whether the stored copy still has the hash recorded for it."""
    if evidence.kind != "file" or not evidence.stored_at:
        return True
    target = state_path.parent / evidence.stored_at
    return target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == evidence.sha256


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name or "file"
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "file"
    return cleaned[:80]
