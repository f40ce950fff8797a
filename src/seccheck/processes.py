"""Which process is running a verification, so a run whose process died can be told apart.

A run saves `status: running` when it starts; a kernel killed mid-run never writes the end.
Each run therefore records its pid, host and process start time, and whoever opens the file
later on the same host can see that the process is gone (or that the pid now belongs to a
different, later process) and mark the run interrupted.
"""

from __future__ import annotations

import os
import socket
from typing import Any

import psutil

# Process start times are reported to ~10 ms; a reused pid starts well after the original.
_SAME_START_S = 1.0


def this_process() -> dict[str, Any]:
    """The RunRecord fields that identify the current process."""
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "process_started": _started(pid)}


def is_gone(pid: int | None, host: str, started: float | None) -> bool:
    """Tell whether a run's process has certainly ended (False when it cannot be known)."""
    if pid is None or not host or host != socket.gethostname():
        return False
    now = _started(pid)
    if now is None:
        return True
    return started is not None and abs(now - started) > _SAME_START_S


def _started(pid: int) -> float | None:
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return float(process.create_time())
    except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
        return None
