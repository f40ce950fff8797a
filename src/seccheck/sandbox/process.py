"""Starting and stopping a sandbox server from the parent side."""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import boto3

from .seeding import TEST_KEY

READY_TIMEOUT_S = 300


_T = TypeVar("_T")


class SandboxError(RuntimeError):
    """The sandbox could not start; the message carries the server's own last words."""


class _Launcher:
    """One long-lived thread that starts every child of this process not started on the main thread.

    The sandbox asks Linux to end it when its parent dies (PR_SET_PDEATHSIG), and Linux means the
    *thread* that forked it. A kernel starts sandboxes from short-lived worker threads (a
    verification thread, a widget callback), so the child must be forked by a thread that lives as
    long as the process: the main thread, or this one.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def call(self, fn: Callable[[], _T]) -> _T:
        if threading.current_thread() is threading.main_thread():
            return fn()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._serve, name="seccheck-sandbox-launcher", daemon=True
                )
                self._thread.start()
        done: Future[_T] = Future()
        self._jobs.put((fn, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            fn, done = self._jobs.get()
            try:
                done.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, which raises it
                done.set_exception(exc)


_LAUNCHER = _Launcher()


def _drain(stream: Any) -> None:
    """Read the server's stdout to its end after the ready line.

    moto prints a line for every request to a service it lacks; unread, 64 KiB of them fill the
    pipe and the server blocks mid-request for good (a 21-account run froze this way).
    """
    try:
        for _ in iter(stream.readline, ""):
            pass
    except (OSError, ValueError):  # closed by stop()
        pass


class Sandbox:
    """A seeded moto server on 127.0.0.1 in a child process.

    Use as a context manager, or call `start()` and `stop()`. The child dies with its parent,
    and `stop()` waits for it, so nothing is left behind.
    """

    def __init__(
        self, scenario: str = "workshop", *, n: int = 1, port: int = 0, latency_ms: float = 0.0
    ) -> None:
        self.scenario = scenario
        self.n = n
        self.port = port
        self.latency_ms = latency_ms
        self.info: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._log: Any = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = READY_TIMEOUT_S) -> Sandbox:
        if self._proc is not None:
            return self
        if importlib.util.find_spec("moto") is None:  # the server runs moto: seccheck[sandbox]
            raise ModuleNotFoundError("No module named 'moto'", name="moto")
        self._log = tempfile.NamedTemporaryFile(
            "w+", prefix="seccheck-sandbox-", suffix=".log", delete=False
        )
        cmd = [
            sys.executable,
            "-m",
            "seccheck.sandbox.serve",
            "--scenario",
            self.scenario,
            "--n",
            str(self.n),
            "--port",
            str(self.port),
            "--watch-stdin",
            "--latency-ms",
            str(self.latency_ms),
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            {
                "AWS_ACCESS_KEY_ID": TEST_KEY,
                "AWS_SECRET_ACCESS_KEY": TEST_KEY,
                "AWS_DEFAULT_REGION": "us-east-1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        log = self._log
        self._proc = _LAUNCHER.call(
            lambda: subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, env=env
            )
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + timeout
        assert self._proc.stdout is not None
        line = ""
        while time.monotonic() < deadline:
            line = self._proc.stdout.readline()
            if line.strip().startswith("{") or self._proc.poll() is not None:
                break
        if not line.strip():
            self.stop()
            raise SandboxError(f"sandbox {self.scenario!r} did not start:\n{self._tail()}")
        info = json.loads(line)
        if "error" in info:
            self.stop()
            raise SandboxError(f"{info['error']}\n{self._tail()}")
        self.info = info
        threading.Thread(
            target=_drain, args=(self._proc.stdout,), name="seccheck-sandbox-stdout", daemon=True
        ).start()
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        finally:
            if proc.stdout:
                proc.stdout.close()
            atexit.unregister(self.stop)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True only while the server process is alive and its port accepts connections."""
        proc = self._proc
        if proc is None or proc.poll() is not None or "port" not in self.info:
            return False
        try:
            with socket.create_connection(("127.0.0.1", int(self.info["port"])), timeout=2):
                return True
        except OSError:
            return False

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    # -- using it -------------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        return str(self.info["endpoint"])

    @property
    def regions(self) -> list[str]:
        return list(self.info.get("regions", ["us-east-1"]))

    @property
    def account(self) -> str:
        return str(self.info.get("account", ""))

    @property
    def members(self) -> dict[str, str]:
        return dict(self.info.get("members", {}))

    def env(self) -> dict[str, str]:
        """Environment variables that point boto3 (and seccheck) at this sandbox."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": TEST_KEY,
            "AWS_SECRET_ACCESS_KEY": TEST_KEY,
            "AWS_DEFAULT_REGION": self.regions[0],
            "AWS_REGION": self.regions[0],
            "SECCHECK_REGIONS": ",".join(self.regions),
            "SECCHECK_SANDBOX": self.scenario,
        }

    def session(self) -> boto3.Session:
        """A boto3 session with the sandbox's test credentials (pair with `endpoint`)."""
        return boto3.Session(
            aws_access_key_id=TEST_KEY, aws_secret_access_key=TEST_KEY, region_name=self.regions[0]
        )

    def _tail(self, lines: int = 30) -> str:
        if not self._log:
            return ""
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])
