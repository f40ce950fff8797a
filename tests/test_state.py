"""The assessment file's parsing: hostile and broken files are refused, naming the file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seccheck import processes
from seccheck.assessment import Assessment
from seccheck.state import AssessmentFileError, RunRecord, parse_state, utcnow
from tests.hostile_files import deeply_nested_json

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("opener", [Assessment.open, Assessment.load])
def test_deeply_nested_json_is_a_clear_error_and_the_file_is_kept(opener, tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text(deeply_nested_json())
    before = path.read_bytes()

    with pytest.raises(AssessmentFileError) as caught:
        opener(path)

    assert str(path) in str(caught.value) and "nested more than 200 levels" in str(caught.value)
    assert path.read_bytes() == before


# --- a read-only file --------------------------------------------------------------------------


def test_a_read_only_assessment_file_is_refused_on_save_and_kept(tmp_path):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path, checklist=FIXTURES / "mini_checklist.yaml")
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_ino)

    with pytest.raises(AssessmentFileError) as caught:
        a.answer("IAM-01-Q01", "yes")

    message = str(caught.value)
    assert str(path) in message and "read-only" in message
    assert (path.read_bytes(), path.stat().st_ino) == before
    assert path.stat().st_mode & 0o777 == 0o444


# --- runs whose process died -------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def start_run(path: Path, run_id: str, **process: object) -> None:
    a = Assessment.open(path, checklist=FIXTURES / "mini_checklist.yaml")
    a.begin_run(
        RunRecord(
            id=run_id, started_at=utcnow(), checklist=a.state.checklist.model_copy(), **process
        )
    )


def test_a_running_run_of_a_dead_process_is_marked_interrupted_on_open(tmp_path):
    path = tmp_path / "a.seccheck.json"
    start_run(path, "run-dead", pid=dead_pid(), host=socket.gethostname(), process_started=1.0)
    start_run(path, "run-alive", **processes.this_process())
    start_run(path, "run-elsewhere", pid=dead_pid(), host="another-host", process_started=1.0)

    runs = {r.id: r for r in Assessment.open(path).runs}

    assert runs["run-dead"].status == "interrupted" and runs["run-dead"].ended_at is not None
    assert "pid" in (runs["run-dead"].error or "")
    assert runs["run-alive"].status == "running"
    assert runs["run-elsewhere"].status == "running"  # another machine's process: cannot tell
    saved = {r.id: r for r in Assessment.load(path).runs}
    assert saved["run-dead"].status == "interrupted"
    finished = [e for e in Assessment.load(path).history if e.kind == "run_finished"]
    assert [e.subject for e in finished] == ["run-dead"]


def test_a_reused_pid_does_not_keep_a_run_alive(tmp_path):
    path = tmp_path / "a.seccheck.json"
    me = processes.this_process()
    start_run(path, "run-old", **{**me, "process_started": me["process_started"] - 3600})
    [run] = Assessment.open(path).runs
    assert run.status == "interrupted"


def test_a_new_run_records_its_process(tmp_path, monkeypatch):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path, checklist=FIXTURES / "mini_checklist.yaml")
    record = RunRecord(
        id="r",
        started_at=utcnow(),
        checklist=a.state.checklist.model_copy(),
        **processes.this_process(),
    )
    assert (record.pid, record.host) == (os.getpid(), socket.gethostname())


# --- any bytes (hypothesis) --------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=20,
)
state_like = st.fixed_dictionaries(
    {"schema_version": st.sampled_from([1, 0, 2, "1", None, True])},
    optional={
        k: json_values
        for k in (
            "id",
            "title",
            "checklist",
            "scope",
            "runs",
            "answers",
            "item_notes",
            "history",
            "acceptances",
        )
    },
)


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=200) | state_like.map(lambda d: json.dumps(d).encode()))
def test_any_bytes_parse_or_are_an_assessment_file_error(raw):
    path = Path("/nowhere/a.seccheck.json")
    try:
        parse_state(raw, path)
    except AssessmentFileError as exc:
        assert exc.path == path and str(path) in str(exc)
