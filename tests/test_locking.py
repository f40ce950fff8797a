"""Atomic writes: no temporary file survives a save, even after a writer died mid-save."""

import os

from seccheck.locking import _backup, atomic_write, backup_path


def test_backup_when_a_killed_writer_left_bak_linked_to_the_file(tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text("v1")
    os.link(path, backup_path(path))  # killed between its backup and its replace
    _backup(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.seccheck.json.bak", "a.seccheck.json"]


def test_atomic_write_keeps_the_previous_version(tmp_path):
    path = tmp_path / "a.seccheck.json"
    atomic_write(path, b"one")
    atomic_write(path, b"two")
    assert path.read_bytes() == b"two"
    assert backup_path(path).read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.seccheck.json.bak", "a.seccheck.json"]


def test_lock_and_backup_are_hidden_and_an_old_visible_backup_is_still_named(tmp_path):
    from seccheck.locking import exclusive, existing_backup, lock_path

    path = tmp_path / "a.seccheck.json"
    assert lock_path(path).name.startswith(".") and backup_path(path).name.startswith(".")
    with exclusive(path):
        atomic_write(path, b"one")
    atomic_write(path, b"two")
    visible = [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert visible == ["a.seccheck.json"]
    assert existing_backup(path) == backup_path(path)
    backup_path(path).unlink()
    legacy = tmp_path / "a.seccheck.json.bak"  # written by an older seccheck
    legacy.write_bytes(b"old")
    assert existing_backup(path) == legacy
