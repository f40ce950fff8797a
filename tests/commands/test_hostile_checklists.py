"""Hostile checklist files through the CLI: refused in one line, in bounded memory and time."""

from __future__ import annotations

import pytest

from tests.hostile_files import (
    alias_bomb,
    deeply_nested_yaml,
    not_utf8_checklist,
    seccheck_bounded,
)

COMMANDS = {
    "validate": lambda f: ["validate", f],
    "run": lambda f: ["run", "--checklist", f, "--quiet"],
    "new": lambda f: ["new", "--checklist", f, "out.ipynb"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_alias_bomb_is_refused_without_expanding(command, tmp_path):
    (tmp_path / "bomb.yaml").write_text(alias_bomb())
    done = seccheck_bounded(*COMMANDS[command]("bomb.yaml"), cwd=tmp_path)
    assert done.returncode in (1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    problem = [line for line in done.stderr.splitlines() if "bomb.yaml:" in line]
    assert problem and "alias" in problem[-1], done.stderr[-2000:]
    assert not (tmp_path / "out.ipynb").exists()


def test_deep_nesting_names_file_and_line(tmp_path):
    (tmp_path / "deep.yaml").write_text(deeply_nested_yaml())
    done = seccheck_bounded("validate", "deep.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "deep.yaml:3:" in done.stderr and "nest" in done.stderr


def test_oversized_checklist_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("schema_version: 1\nextends: builtin\n# " + "x" * 3_000_000 + "\n")
    done = seccheck_bounded("validate", "big.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "big.yaml" in done.stderr and "MB" in done.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_non_utf8_checklist_names_the_file(command, tmp_path):
    (tmp_path / "latin1.yaml").write_bytes(not_utf8_checklist())
    done = seccheck_bounded(*COMMANDS[command]("latin1.yaml"), cwd=tmp_path)
    assert done.returncode in (1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "latin1.yaml:3" in done.stderr and "UTF-8" in done.stderr
