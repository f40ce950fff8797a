"""GET /seccheck/checklists: the shipped checklist plus checklist files under the server root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seccheck.checklist import load_checklist

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def by_path(reply: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in reply["checklists"]}


async def test_shipped_checklist_comes_first_with_its_counts(api):
    status, reply = await api("GET", "checklists")
    shipped = load_checklist()
    assert status == 200
    first = reply["checklists"][0]
    assert first["builtin"] is True and first["path"] == "builtin" and first["valid"] is True
    assert (first["name"], first["version"]) == (shipped.name, shipped.version)
    assert (first["items"], first["checks"]) == (len(shipped.items), len(shipped.checks))
    assert first["errors"] == []


async def test_checklist_files_under_the_root_are_listed_and_validated(api, jp_root_dir):
    (jp_root_dir / "team").mkdir()
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "team" / "mini.yaml")
    (jp_root_dir / "broken.yaml").write_text("schema_version: 1\nname: Broken\nversion: '2'\n")
    (jp_root_dir / "other.yaml").write_text("just: some yaml\n")
    mini = load_checklist(FIXTURES / "mini_checklist.yaml")

    status, reply = await api("GET", "checklists")

    assert status == 200
    found = by_path(reply)
    assert set(found) == {"builtin", "team/mini.yaml", "broken.yaml"}
    good = found["team/mini.yaml"]
    assert good["valid"] and not good["builtin"]
    assert (good["items"], good["checks"]) == (len(mini.items), len(mini.checks))
    bad = found["broken.yaml"]
    assert bad["valid"] is False and (bad["name"], bad["version"]) == ("Broken", "2")
    assert any("wa_questions" in e and "required" in e for e in bad["errors"]), bad["errors"]
    # Problems name the file as the browser knows it, never the server's absolute path.
    assert all(e.startswith("broken.yaml") for e in bad["errors"]), bad["errors"]
    assert not any(str(jp_root_dir) in e for e in bad["errors"])


async def test_hidden_folders_and_symlinks_out_of_the_root_are_not_scanned(
    api, jp_root_dir, outside
):
    shutil.copy(FIXTURES / "mini_checklist.yaml", outside / "secret.yaml")
    (jp_root_dir / ".hidden").mkdir()
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / ".hidden" / "mini.yaml")
    (jp_root_dir / "linked.yaml").symlink_to(outside / "secret.yaml")
    (jp_root_dir / "linked-dir").symlink_to(outside, target_is_directory=True)

    status, reply = await api("GET", "checklists")

    assert status == 200
    assert set(by_path(reply)) == {"builtin"}


async def test_an_overlay_extending_a_file_outside_the_root_is_refused(api, jp_root_dir, outside):
    shutil.copy(FIXTURES / "mini_checklist.yaml", outside / "base.yaml")
    (jp_root_dir / "overlay.yaml").write_text(
        "schema_version: 1\nextends: ../outside/base.yaml\nname: Sneaky\n"
    )

    status, reply = await api("GET", "checklists")

    entry = by_path(reply)["overlay.yaml"]
    assert status == 200 and entry["valid"] is False
    assert "outside the Jupyter server root" in entry["errors"][0]
    assert entry["items"] == 0  # nothing was read from the outside file


async def test_an_overlay_extending_builtin_is_valid(api, jp_root_dir):
    (jp_root_dir / "ours.yaml").write_text(
        "schema_version: 1\nextends: builtin\nname: Ours\nversion: '7'\nremove_items: [IAM-01]\n"
    )
    shipped = load_checklist()

    status, reply = await api("GET", "checklists")

    entry = by_path(reply)["ours.yaml"]
    assert status == 200 and entry["valid"], entry["errors"]
    expected = ("Ours", "7", len(shipped.items) - 1)
    assert (entry["name"], entry["version"], entry["items"]) == expected


class TestConfiguredScanDepth:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        return {**jp_server_config, "SeccheckConfig": {"checklist_scan_depth": 1}}

    async def test_files_deeper_than_the_depth_are_not_listed(self, api, jp_root_dir):
        for folder in ("a", "a/b"):
            (jp_root_dir / folder).mkdir()
            shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / folder / "mini.yaml")

        status, reply = await api("GET", "checklists")

        assert status == 200
        assert set(by_path(reply)) == {"builtin", "a/mini.yaml"}


async def test_default_depth_reaches_three_folders_down(api, jp_root_dir):
    deep = jp_root_dir / "a" / "b" / "c"
    deep.mkdir(parents=True)
    shutil.copy(FIXTURES / "mini_checklist.yaml", deep / "mini.yaml")
    (deep / "d").mkdir()
    shutil.copy(FIXTURES / "mini_checklist.yaml", deep / "d" / "mini.yaml")

    status, reply = await api("GET", "checklists")

    assert status == 200
    assert set(by_path(reply)) == {"builtin", "a/b/c/mini.yaml"}
