"""`seccheck sandbox` prints its endpoint and environment, serves, and stops on Ctrl-C."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3

from tests.sandbox.test_process import alive


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_sandbox_command_prints_endpoint_and_env_then_stops():
    proc = subprocess.Popen(
        [sys.executable, "-m", "seccheck.cli", "sandbox", "--scenario", "empty"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if "Press Ctrl-C" in line or not line:
                break
        text = "".join(lines)
        endpoint = re.search(r"is up at (http://127\.0\.0\.1:\d+)", text).group(1)
        assert f"export AWS_ENDPOINT_URL={endpoint}" in text
        assert "export AWS_ACCESS_KEY_ID=" in text and "export SECCHECK_REGIONS=" in text
        s3 = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        assert s3.list_buckets()["Buckets"] == []
        children = children_of(proc.pid)
        assert children, "the sandbox server runs as a child process"
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "sandbox stopped" in out
    time.sleep(0.5)
    assert not any(alive(p) for p in children)
