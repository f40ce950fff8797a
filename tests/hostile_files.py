"""Hostile input files shared by the tests that prove seccheck refuses them without harm."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

# A ceiling far below what an expanded alias bomb needs (>10 GB) and above what seccheck needs.
MEMORY_LIMIT = 1_500_000_000
TIME_LIMIT = 90


def alias_bomb() -> str:
    """The "billion laughs": ten levels of anchors, each listing the previous one ten times."""
    lines = ["schema_version: 1", "extends: builtin", 'a0: &a0 ["lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append("name: *a9")
    return "\n".join(lines) + "\n"


def deeply_nested_yaml(depth: int = 50_000) -> str:
    return "schema_version: 1\nextends: builtin\nname: " + "[" * depth + "]" * depth + "\n"


def deeply_nested_json(depth: int = 100_000) -> str:
    return '{"schema_version": 1, "title": ' + "[" * depth + "]" * depth + "}"


def not_utf8_checklist() -> bytes:
    return b"schema_version: 1\nextends: builtin\nname: caf\xe9 \xff\n"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def seccheck_bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the `seccheck` CLI in a child limited in memory and time (a bomb would hit both)."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "seccheck.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
    )
