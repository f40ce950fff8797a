"""The glibc arena cap: applied once per process, and never over a user's MALLOC_ARENA_MAX."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "from seccheck.allocator import limit_arenas; print(limit_arenas(), limit_arenas())"


def _probe(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux's")
def test_the_cap_is_applied_on_glibc_and_left_to_a_users_setting():
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    assert _probe(env) == "True True"
    assert _probe({**env, "MALLOC_ARENA_MAX": "8"}) == "False False"
