"""Keeping every path a browser sends inside the Jupyter server's root directory.

The browser names files relative to `ServerApp.root_dir`. Anything that could reach outside it
(`..`, an absolute path, a symlink that points elsewhere) is refused before a file is touched.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

MAX_PATH_CHARS = 1024
MAX_NAME_BYTES = 255  # one folder or file name (NAME_MAX on Linux and macOS)


class ApiError(Exception):
    """A request the server refuses, with the HTTP status and a message for the person."""

    def __init__(self, status: int, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = problems or []

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.problems:
            body["problems"] = self.problems
        return body


def shown(value: Any, limit: int = 80) -> str:
    """Repr of a value for a message, cut short: a reply never echoes a huge request back."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 20]}...' ({len(text):,} characters)"


def check_length(value: str, what: str) -> None:
    """Refuse paths the file system would refuse (ENAMETOOLONG), before touching it."""
    if len(value) > MAX_PATH_CHARS:
        raise ApiError(400, f"{what} is too long ({len(value):,} characters; "
                            f"at most {MAX_PATH_CHARS})")
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES
           for part in value.split("/")):
        raise ApiError(400, f"{what} has a folder or file name that is too long "
                            f"(at most {MAX_NAME_BYTES} bytes each)")


def is_inside(root: Path, path: Path) -> bool:
    """Tell whether `path`, with every symlink followed, lies within `root`."""
    real_root = root.resolve()
    real = path.resolve()
    return real == real_root or real.is_relative_to(real_root)


def resolve_in_root(root: Path, relative: Any, *, what: str = "path") -> Path:
    """Map a root-relative API path to a file system path inside the root.

    Returns the path under the (resolved) root without following symlinks, so names stay the
    ones the person sees; containment is checked on the fully resolved path.
    """
    if not isinstance(relative, str) or not relative.strip():
        raise ApiError(400, f"{what} is required: a path relative to the Jupyter server root")
    check_length(relative, what)
    named = f"{what} {shown(relative)}"
    if "\x00" in relative or "\\" in relative:
        raise ApiError(400, f"{named} contains a character that is not allowed")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or relative.startswith("~"):
        raise ApiError(
            400, f"{named} is absolute; give a path relative to the Jupyter server root"
        )
    if ".." in pure.parts:
        raise ApiError(400, f"{named} contains '..'; paths must stay inside the root")
    real_root = root.resolve()
    candidate = real_root.joinpath(*pure.parts)
    if not is_inside(real_root, candidate):
        raise ApiError(
            403, f"{named} leads outside the Jupyter server root (through a symlink)"
        )
    return candidate


def nested_in_root(root: Path, base: Path, relative: str, *, what: str) -> Path:
    """Resolve a path written relative to a file inside the root (such as notebook metadata).

    `..` is allowed here because the result is normalised and then held to the root like any
    other path.
    """
    if not isinstance(relative, str) or not relative.strip() or "\x00" in relative:
        raise ApiError(400, f"{what} is not a usable path: {shown(relative)}")
    check_length(relative, what)
    named = f"{what} {shown(relative)}"
    if PurePosixPath(relative).is_absolute():
        raise ApiError(403, f"{named} is absolute; it must stay inside the root")
    real_root = root.resolve()
    candidate = Path(os.path.normpath(base / relative))
    if not (candidate == real_root or candidate.is_relative_to(real_root)):
        raise ApiError(403, f"{named} points outside the Jupyter server root")
    if not is_inside(real_root, candidate):
        raise ApiError(403, f"{named} leads outside the Jupyter server root (symlink)")
    return candidate


def to_api_path(root: Path, path: Path) -> str:
    """Name a path inside the root the way the browser does: root-relative, '/'-separated."""
    return path.relative_to(root.resolve()).as_posix()
