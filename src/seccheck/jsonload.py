"""JSON from files and requests, with its nesting bounded.

Python's `json` recurses once per `[` or `{`, so a few hundred kilobytes of brackets end in a
RecursionError, and pydantic cannot write back what nests past ~250 levels. pydantic-core's
parser stops at a fixed depth instead; we use it, and fall back to `json` only to describe a
syntax error the way people know it.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic_core

MAX_DEPTH = 200  # pydantic-core's parser limit


class JSONNestingError(ValueError):
    """The document nests arrays/objects deeper than MAX_DEPTH."""

    def __init__(self, where: str = "") -> None:
        super().__init__(f"JSON nested more than {MAX_DEPTH} levels deep{where}")


def loads(data: str | bytes) -> Any:
    """Parse like `json.loads`; raise JSONNestingError past MAX_DEPTH, JSONDecodeError if broken."""
    try:
        return pydantic_core.from_json(data)
    except ValueError as exc:
        text = str(exc)
        if text.startswith("recursion limit exceeded"):
            raise JSONNestingError(text.removeprefix("recursion limit exceeded")) from None
    try:
        return json.loads(data)  # the standard library's message for what was wrong, and where
    except RecursionError:
        raise JSONNestingError() from None
