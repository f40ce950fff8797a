"""Safe writes for one file that several processes share: an exclusive lock and atomic replace.

A save writes a temporary file beside the target, fsyncs it, hard-links (or copies) the current
file to `.<file>.bak`, then renames the temporary file over the target and fsyncs the directory.
At every instant the target is either the old or the new complete document, so a writer killed
at any point (SIGKILL included) never leaves a torn file behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_TIMEOUT_S = 60.0
_TMP_PREFIX = ".seccheck-tmp-"

_thread_locks: dict[str, threading.RLock] = {}
_thread_locks_guard = threading.Lock()


class LockTimeout(RuntimeError):
    """Another process held the file's lock for too long."""


def lock_path(path: Path) -> Path:
    """The lock file: a hidden name, so file browsers (JupyterLab's included) do not list it."""
    return path.with_name(f".{path.name}.lock")


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: hidden, like the lock."""
    return path.with_name(f".{path.name}.bak")


def existing_backup(path: Path) -> Path:
    """The backup to restore from: the hidden one, else one left visible by older versions."""
    hidden = backup_path(path)
    legacy = path.with_name(path.name + ".bak")
    return legacy if not hidden.exists() and legacy.exists() else hidden


@contextlib.contextmanager
def exclusive(path: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the file's lock against other processes and other threads of this one."""
    key = str(path.resolve())
    with _thread_locks_guard:
        rlock = _thread_locks.setdefault(key, threading.RLock())
    with rlock:
        lock = FileLock(str(lock_path(path)), timeout=timeout)
        try:
            with lock:
                yield
        except Timeout as exc:
            raise LockTimeout(
                f"{path} is locked by another process (waited {timeout:.0f} s for "
                f"{lock_path(path).name}); try again, or close the other notebook."
            ) from exc


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Identify a version of the file: every save replaces it with a new inode."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, data: bytes, *, keep_backup: bool = True, shared: bool = True) -> None:
    """Replace `path` with `data` so that readers and crashes only ever see a whole file.

    For a `shared` file call it while holding `exclusive(path)`: temporary files left by killed
    writers are removed here, which is only safe when no other writer can be mid-save.
    """
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    if shared:
        _remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=_TMP_PREFIX + path.name + ".", dir=directory)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_backup and path.exists():
            _backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(directory)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 & ~umask.

    A symlink counts as new: its target's mode is none of this file's business.
    """
    try:
        st = path.lstat()
    except FileNotFoundError:
        return 0o666 & ~_umask()
    return st.st_mode & 0o777 if stat.S_ISREG(st.st_mode) else 0o666 & ~_umask()


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _backup(path: Path) -> None:
    bak = backup_path(path)
    fd, staging_name = tempfile.mkstemp(prefix=_TMP_PREFIX + bak.name + ".", dir=path.parent)
    os.close(fd)
    staging = Path(staging_name)
    try:
        staging.unlink()
        try:
            os.link(path, staging)  # cheap: the old version's bytes are never rewritten
        except OSError:
            shutil.copy2(path, staging)
        os.replace(staging, bak)
        # rename(2) does nothing when both names already link to the same file (a writer killed
        # between its backup and its replace leaves bak == path): drop the staging name then.
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        raise


def _remove_stale_temporaries(path: Path) -> None:
    for stale in path.parent.glob(_TMP_PREFIX + path.name + ".*"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
