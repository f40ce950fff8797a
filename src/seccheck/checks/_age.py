"""Reading timestamps the way AWS writes them, and telling how old they are."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

# Placeholders AWS (and the credential report) use for "no date".
_NO_DATE = {"", "n/a", "no_information", "not_supported", "none", "null"}


def parse_time(value: Any) -> datetime | None:
    """Return an aware datetime from a datetime, an ISO string or epoch (milli)seconds."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    text = str(value).strip()
    if text.lower() in _NO_DATE:
        return None
    text = text.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def days_since(now: datetime, value: Any) -> float | None:
    """Days from `value` to `now` (None when there is no date)."""
    when = parse_time(value)
    return None if when is None else (now - when).total_seconds() / 86400


def day(value: Any) -> str:
    """Format a date for a human reason (YYYY-MM-DD), or 'never'."""
    when = parse_time(value)
    return "never" if when is None else when.date().isoformat()
