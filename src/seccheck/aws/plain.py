"""Plain JSON from boto3 responses: datetimes as ISO-8601 UTC, bytes as text, streams named.

Stdlib-only on purpose: evidence notebooks embed this source in their replay cells, so a replay
converts a fresh response exactly as the engine converted the one it recorded.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any


def iso(ts: datetime) -> str:
    """UTC, milliseconds, with a Z: the one timestamp format of records and results."""
    return ts.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_default(obj: Any) -> Any:
    """`json.dumps(default=...)` for what boto3 returns besides JSON types."""
    if hasattr(obj, "isoformat"):
        return iso(obj) if getattr(obj, "tzinfo", None) else obj.isoformat()
    if isinstance(obj, (bytes, bytearray)):
        try:  # e.g. the IAM credential report: CSV text, no secrets in it
            return bytes(obj).decode("utf-8") if len(obj) < 1_000_000 else f"<{len(obj)} bytes>"
        except UnicodeDecodeError:
            return f"<{len(obj)} bytes>"
    if hasattr(obj, "read"):
        return "<stream>"
    return str(obj)


def jsonable(value: Any) -> Any:
    """A plain-JSON copy of a response (None stays None)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=json_default))
