"""Atomic writes: no temporary file survives a save, even after a writer died mid-save."""

import os

from seccheck.locking import _backup, atomic_write, backup_path


def test_backup_when_a_killed_writer_left_bak_linked_to_the_file(tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text("v1")
    os.link(path, backup_path(path))  # killed between its backup and its replace
    _backup(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.seccheck.json", "a.seccheck.json.bak"]


def test_atomic_write_keeps_the_previous_version(tmp_path):
    path = tmp_path / "a.seccheck.json"
    atomic_write(path, b"one")
    atomic_write(path, b"two")
    assert path.read_bytes() == b"two"
    assert backup_path(path).read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.seccheck.json", "a.seccheck.json.bak"]
