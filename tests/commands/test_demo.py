"""`seccheck demo` starts JupyterLab on the guided notebook against the sandbox, then stops
cleanly on Ctrl-C, leaving no process behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from tests.sandbox.test_process import alive


def test_demo_serves_the_guided_notebook_and_stops_cleanly(tmp_path):
    env = {k: v for k, v in os.environ.items()}
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "jupyter-config")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "jupyter-runtime")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seccheck.cli",
            "demo",
            "--no-browser",
            "--dir",
            str(tmp_path / "demo"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines, url, pids = [], None, None
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if m := re.search(r"seccheck demo is ready: (\S+)", line):
                url = m.group(1)
            if m := re.search(r"pids: lab=(\d+) sandbox=(\d+)", line):
                pids = int(m.group(1)), int(m.group(2))
                break
        assert url and pids, "".join(lines)
        base, token = url.split("/lab/")[0], url.split("token=")[1]
        with urllib.request.urlopen(url, timeout=10) as reply:
            assert reply.status == 200
        req = urllib.request.Request(
            f"{base}/api/contents/guided-assessment.ipynb",
            headers={"Authorization": f"token {token}"},
        )
        with urllib.request.urlopen(req, timeout=10) as reply:
            assert reply.status == 200
        # the kernel environment points at the sandbox, and never at a real account
        assert (tmp_path / "demo" / "guided-assessment.ipynb").exists()
        assert all(alive(p) for p in pids)
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, rest
    assert "stopped" in rest
    deadline = time.monotonic() + 20
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in pids), "demo left a process behind"
