"""Starting and stopping a sandbox server from the parent side."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import boto3

from .seeding import TEST_KEY

READY_TIMEOUT_S = 300


class SandboxError(RuntimeError):
    """The sandbox could not start; the message carries the server's own last words."""


class Sandbox:
    """A seeded moto server on 127.0.0.1 in a child process.

    Use as a context manager, or call `start()` and `stop()`. The child dies with its parent,
    and `stop()` waits for it, so nothing is left behind.
    """

    def __init__(self, scenario: str = "workshop", *, n: int = 1, port: int = 0) -> None:
        self.scenario = scenario
        self.n = n
        self.port = port
        self.info: dict[str, Any] = {}
        self._proc: subprocess.Popen[str] | None = None
        self._log: Any = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self, timeout: float = READY_TIMEOUT_S) -> Sandbox:
        if self._proc is not None:
            return self
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
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True, env=env
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
        return self._proc is not None and self._proc.poll() is None

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
