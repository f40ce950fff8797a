"""GET /seccheck/checklists with hostile files in the root: listed as invalid, server unharmed."""

from __future__ import annotations

import asyncio
import resource
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile_files import alias_bomb, deeply_nested_yaml, not_utf8_checklist

HEADROOM = 1_000_000_000  # far below the >10 GB an expanded bomb needs


@pytest.fixture
def bounded_memory() -> Iterator[None]:
    """Cap this process's address space near what it uses now, for the test's duration."""
    used = int(Path("/proc/self/status").read_text().split("VmSize:")[1].split()[0]) * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (used + HEADROOM, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def by_path(reply: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in reply["checklists"]}


async def test_hostile_checklists_are_listed_as_invalid_and_the_server_stays_up(
    api, jp_root_dir, jp_fetch, bounded_memory
):
    (jp_root_dir / "bomb.yaml").write_text(alias_bomb())
    (jp_root_dir / "deep.yaml").write_text(deeply_nested_yaml())
    (jp_root_dir / "latin1.yaml").write_bytes(not_utf8_checklist())

    status, reply = await asyncio.wait_for(api("GET", "checklists"), timeout=60)

    assert status == 200, reply
    found = by_path(reply)
    assert found["builtin"]["valid"] is True
    bomb, deep, latin1 = found["bomb.yaml"], found["deep.yaml"], found["latin1.yaml"]
    assert not bomb["valid"] and bomb["errors"][0].startswith("bomb.yaml:13:")
    assert "alias *a9" in bomb["errors"][0] and len(bomb["errors"][0]) < 300
    assert not deep["valid"] and deep["errors"] == ["deep.yaml:3: nested deeper than 64 levels"]
    assert not latin1["valid"] and latin1["errors"][0].startswith("latin1.yaml:3: not UTF-8")
    # The server still answers.
    again = await jp_fetch("api", "status")
    assert again.code == 200


async def test_an_overlay_extending_a_bomb_is_refused_too(api, jp_root_dir, bounded_memory):
    (jp_root_dir / "base.yaml").write_text(alias_bomb().replace("extends: builtin\n", ""))
    (jp_root_dir / "overlay.yaml").write_text("schema_version: 1\nextends: base.yaml\n")

    status, reply = await asyncio.wait_for(api("GET", "checklists"), timeout=60)

    assert status == 200, reply
    entry = by_path(reply)["overlay.yaml"]
    assert not entry["valid"] and any("alias" in e for e in entry["errors"]), entry
