"""Live refresh: forms show what another kernel (or the panel's server) saved, within seconds.

One daemon thread per kernel looks at each open assessment's file every `INTERVAL_S` (one stat
when nothing changed). When another writer saved, it merges their copy in and asks every shared
form to show the saved answer; a form with unsaved edits keeps them and says that the answer
changed elsewhere (its Save is refused anyway until the user reloads, see `StaleSaveError`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

INTERVAL_S = 2.0
_watched: weakref.WeakKeyDictionary[Any, list[Callable[[], None]]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def follow(a: Any, on_change: Callable[[], None]) -> None:
    """Call `on_change` (from the watcher thread) whenever `a`'s file is changed by others."""
    global _thread
    with _lock:
        _watched.setdefault(a, []).append(on_change)
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_watch, name="seccheck-live", daemon=True)
            _thread.start()


def tick() -> int:
    """Check every watched assessment once; return how many had changed (tests call this)."""
    with _lock:
        pending = list(_watched.items())
    changed = 0
    for a, callbacks in pending:
        try:
            if not a.refresh():
                continue
        except Exception:  # noqa: BLE001 - a moved or broken file must not stop the others
            continue
        changed += 1
        for callback in list(callbacks):
            try:
                callback()
            except Exception:  # noqa: BLE001 - one closed view must not stop the others
                pass
    return changed


def _watch() -> None:
    stop = threading.Event()
    while not stop.wait(INTERVAL_S):
        tick()
