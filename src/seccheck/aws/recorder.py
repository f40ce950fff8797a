"""Records of every API call a run makes: the evidence a result points back to."""

from __future__ import annotations

import itertools
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from .plain import iso
from .redact import redact

__all__ = ["CallRecord", "Recorder", "iso", "utcnow"]

# A response bigger than this (in JSON characters, roughly) is kept whole but flagged, so
# exports can summarise it in the notebook and move it to a sidecar file.
LARGE_RESPONSE_CHARS = 20_000


@dataclass
class CallRecord:
    """One boto3 call as sent and answered (responses and parameters redacted)."""

    id: str
    service: str
    operation: str
    params: dict[str, Any]
    account: str
    region: str
    caller_arn: str
    started_at: str
    duration_ms: float
    outcome: str  # "ok", "absent" (feature not enabled, a finding in itself), "error"
    error_code: str = ""
    error_message: str = ""
    resource: str | None = None
    response: Any = None
    pages: int = 1
    botocore_version: str = ""
    endpoint_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallRecord:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def boto3_snippet(self) -> str:
        """The call as a person would type it, for replay cells."""
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        method = _snake(self.operation)
        return f"session.client({self.service!r}, region_name={self.region!r}).{method}({args})"


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if (
            ch.isupper()
            and i
            and (not name[i - 1].isupper() or (i + 1 < len(name) and name[i + 1].islower()))
        ):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


class Recorder:
    """Thread-safe append-only store of call records for one run."""

    def __init__(self, prefix: str = "c") -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._prefix = prefix
        self.records: dict[str, CallRecord] = {}

    def new_id(self) -> str:
        with self._lock:
            return f"{self._prefix}{next(self._ids):06d}"

    def add(self, record: CallRecord) -> CallRecord:
        record.params = redact(record.params)
        record.response = redact(record.response)
        with self._lock:
            self.records[record.id] = record
        return record

    def __len__(self) -> int:
        return len(self.records)

    def sent(self) -> int:
        """How many HTTP requests were made (pages count separately)."""
        return sum(r.pages for r in self.records.values())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)
