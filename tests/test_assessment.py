"""Assessment state: persistence, answers, evidence, merging, crash safety, verification."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from seccheck import Assessment, verification
from seccheck.assessment import ReadOnlyError, state_path_for
from seccheck.attachments import verify_file
from seccheck.checks.registry import load_all
from seccheck.results import CheckResult, Status
from seccheck.state import AssessmentFileError, ChecklistRef, RunRecord, current_user, latest_of

SRC = str(Path(__file__).resolve().parents[1] / "src")


def use_sandbox(monkeypatch: pytest.MonkeyPatch, sandbox) -> None:
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)


def questions(a: Assessment) -> list[str]:
    return [q.id for i in a.checklist.items for q in i.manual_questions]


def implemented_in(a: Assessment, item_id: str | None = None) -> set[str]:
    ids = {c.id for i in a.checklist.items if item_id in (None, i.id) for c in i.checks}
    return ids & set(load_all())


# --- files ------------------------------------------------------------------------------------


def test_state_path_sits_beside_the_notebook(tmp_path):
    assert state_path_for(tmp_path / "audit 2026.ipynb") == tmp_path / "audit 2026.seccheck.json"
    assert state_path_for("x/guided.ipynb") == Path("x/guided.seccheck.json")


def test_new_file_is_schema_versioned_and_reopen_restores_everything(tmp_path):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path, profile="audit", regions="eu-west-1, us-east-1", title="Q4 audit")
    doc = json.loads(path.read_text())
    assert doc["schema_version"] == 1
    assert doc["scope"]["profile"] == "audit" and doc["scope"]["regions"] == [
        "eu-west-1",
        "us-east-1",
    ]

    proof = tmp_path / "custody.pdf"
    proof.write_bytes(b"%PDF-1.4 custody procedure")
    a.answer(
        "IAM-01-Q01",
        "yes",
        notes="two custodians",
        evidence=["https://wiki.example/root", proof],
        by="alice",
    )
    a.answer("IAM-01-Q02", "N/A", reason="Covered by another control", notes="central root mgmt")
    a.answer(
        "IAM-01-Q03",
        "partial",
        evidence=[("contacts.png", b"\x89PNG...")],
        review_by=date(2027, 1, 31),
    )
    a.note("IAM-01", "follow up with the platform team")

    b = Assessment.open(path)
    assert b.state == a.state
    assert b.scope_settings.profile == "audit"
    assert b.answers["IAM-01-Q01"].answered_by == "alice"
    assert b.answers["IAM-01-Q02"].reason == "Covered by another control"
    assert b.answers["IAM-01-Q03"].review_by == date(2027, 1, 31)
    assert b.item_notes["IAM-01"].text == "follow up with the platform team"
    kinds = [e.kind for e in b.history]
    assert kinds[0] == "created" and kinds.count("answer") == 3 and "note" in kinds
    assert Assessment.load(path).state == a.state


def test_answer_records_who_when_and_default_review_date(tmp_path):
    a = Assessment.open(tmp_path / "a.seccheck.json")
    before = datetime.now(timezone.utc)
    answer = a.answer("IR-01-Q01", "yes", notes="plan v3", evidence=["https://wiki.example/ir"])
    q = next(q for i in a.checklist.items for q in i.manual_questions if q.id == "IR-01-Q01")
    assert answer.answered_by == current_user()
    assert before <= answer.answered_at <= datetime.now(timezone.utc)
    assert answer.answered_at.tzinfo is not None and answer.answered_at.utcoffset() == timedelta(0)
    assert answer.review_by == answer.answered_at.date() + timedelta(days=q.review_interval_days)
    assert answer.checklist_hash == a.checklist.hash


def test_evidence_files_are_copied_with_their_sha256(tmp_path):
    import hashlib

    a = Assessment.open(tmp_path / "g.seccheck.json")
    src = tmp_path / "plan.md"
    src.write_text("# IR plan\n")
    answer = a.answer("IR-01-Q01", "yes", evidence=[src, ("minutes.txt", b"review held")])
    files = [e for e in answer.evidence if e.kind == "file"]
    assert [f.value for f in files] == ["plan.md", "minutes.txt"]
    for f, data in zip(files, [b"# IR plan\n", b"review held"], strict=True):
        stored = tmp_path / f.stored_at
        assert stored.parent.parent == tmp_path / "g.seccheck.evidence"
        assert stored.read_bytes() == data
        assert f.sha256 == hashlib.sha256(data).hexdigest() and f.size == len(data)
        assert verify_file(a.path, f)
    src.write_text("edited later")  # the copy is what counts
    assert verify_file(a.path, files[0])
    (tmp_path / files[0].stored_at).write_text("tampered")
    assert not verify_file(a.path, files[0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "not_applicable"}, "N/A needs a reason"),
        ({"status": "n/a", "reason": "Because"}, "N/A needs a reason"),
        ({"status": "not_applicable", "reason": "Other"}, "needs an explanation"),
        ({"status": "maybe"}, "not one of"),
        ({"status": "yes", "reason": "Not in scope"}, "only goes with not_applicable"),
        ({"status": "yes", "evidence": ["javascript:alert(1)"]}, "not an http(s) address"),
        ({"status": "yes", "evidence": ["/no/such/file.pdf"]}, "does not exist"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_saved(tmp_path, kwargs, message):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=re.escape(message)):
        a.answer("IAM-01-Q01", **kwargs)
    assert path.read_bytes() == before
    assert "IAM-01-Q01" not in Assessment.load(path).answers


def test_unknown_question_is_a_key_error(tmp_path):
    a = Assessment.open(tmp_path / "a.seccheck.json")
    with pytest.raises(KeyError, match="IAM-99-Q01"):
        a.answer("IAM-99-Q01", "yes")


def test_previous_version_is_kept_as_bak(tmp_path):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path)
    a.answer("IAM-01-Q01", "no")
    first = path.read_bytes()
    a.answer("IAM-01-Q02", "no")
    bak = path.with_name(f".{path.name}.bak")  # hidden from file browsers
    assert bak.read_bytes() == first
    assert "IAM-01-Q02" not in json.loads(bak.read_text())["answers"]
    assert "IAM-01-Q02" in json.loads(path.read_text())["answers"]


def test_load_is_read_only_and_needs_the_file(tmp_path):
    path = tmp_path / "a.seccheck.json"
    with pytest.raises(FileNotFoundError, match="a.seccheck.json"):
        Assessment.load(path)
    with pytest.raises(FileNotFoundError):
        Assessment.open(path, create=False)
    assert not path.exists()
    Assessment.open(path)
    ro = Assessment.load(path)
    before = path.read_bytes()
    with pytest.raises(ReadOnlyError):
        ro.answer("IAM-01-Q01", "yes")
    with pytest.raises(ReadOnlyError):
        ro.note("IAM-01", "x")
    assert path.read_bytes() == before


# --- unreadable files are never touched -------------------------------------------------------

CORRUPT = [
    (b'{"schema_version": 1, "answers": {', "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[1, 2, 3]", "JSON object"),
    (b'{"schema_version": 3, "future": true}', "newer seccheck"),
    (b'{"answers": {}}', "schema_version"),
    (b'{"schema_version": 1, "checklist": 42}', "does not match the schema"),
]


@pytest.mark.parametrize(("content", "problem"), CORRUPT)
def test_unreadable_file_raises_and_stays_byte_identical(tmp_path, content, problem):
    path = tmp_path / "a.seccheck.json"
    path.write_bytes(content)
    stat = path.stat()
    for attempt in (
        lambda: Assessment.open(path),
        lambda: Assessment.open(path, create=True),
        lambda: Assessment.load(path),
        lambda: Assessment.open(path, sandbox="workshop"),
    ):
        with pytest.raises(AssessmentFileError) as info:
            attempt()
        assert str(path) in str(info.value) and problem in str(info.value)
        assert "was not changed" in str(info.value)
    assert path.read_bytes() == content
    assert path.stat().st_ino == stat.st_ino and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [path.name]


def test_file_corrupted_while_open_is_not_overwritten_on_save(tmp_path):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path)
    a.answer("IAM-01-Q01", "no")
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    with pytest.raises(AssessmentFileError, match="not valid JSON"):
        a.answer("IAM-01-Q02", "yes", notes="n", evidence=["https://x.example/doc"])
    assert path.read_bytes() == damaged


# --- two writers -------------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from seccheck import Assessment
    path, start, stop, who = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    a = Assessment.open(path)
    qids = [q.id for i in a.checklist.items for q in i.manual_questions][start:stop]
    print("ready", flush=True)
    sys.stdin.readline()
    for qid in qids:
        a.answer(qid, "partial", notes=f"{who} on {qid}", by=who)
        a.note(qid.rsplit("-", 1)[0], f"{who} was here")
    print("done", flush=True)
""")


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": SRC}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
    )


def test_two_processes_answering_concurrently_lose_nothing(tmp_path):
    path = tmp_path / "shared.seccheck.json"
    a = Assessment.open(path)
    n = len(questions(a)) // 2
    procs = [
        _python(WRITER, str(path), "0", str(n), "kernel-a"),
        _python(WRITER, str(path), str(n), str(2 * n), "kernel-b"),
    ]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:  # release both at once so their saves interleave
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            out, err = p.communicate(timeout=240)
            assert p.returncode == 0 and "done" in out, err
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    final = Assessment.load(path)
    expected = {
        q: ("kernel-a" if k < n else "kernel-b") for k, q in enumerate(questions(a)[: 2 * n])
    }
    assert {q: ans.answered_by for q, ans in final.answers.items()} == expected
    answer_events = [e for e in final.history if e.kind == "answer"]
    assert sorted(e.subject for e in answer_events) == sorted(expected)
    note_events = [e for e in final.history if e.kind == "note"]
    assert len(note_events) == 2 * n
    # Our own stale copy (it saw none of that) merges rather than overwrites.
    a.answer(questions(a)[0], "no")
    after = Assessment.load(path)
    assert len(after.answers) == 2 * n and after.answers[questions(a)[0]].status == "no"
    assert after.answers[questions(a)[1]].answered_by == "kernel-a"


KILLED_WRITER = textwrap.dedent("""
    import sys
    from seccheck import Assessment
    from seccheck.results import CheckResult, Status
    from seccheck.state import RunRecord, utcnow
    path, offset = sys.argv[1], int(sys.argv[2])
    a = Assessment.open(path)
    # A big run makes each save slow enough to be killed in the middle of it.
    results = [CheckResult("IAM-01-C01", "IAM-01", "111122223333", "global", f"arn:r{i}",
                           Status.PASS, "x" * 200, "critical", "iam") for i in range(6000)]
    a.begin_run(RunRecord(id=f"run-big-{offset}", started_at=utcnow(),
                           checklist=a.state.checklist, results=results))
    qids = [q.id for i in a.checklist.items for q in i.manual_questions][offset:]
    for qid in qids:
        print("begin", qid, flush=True)
        answer = a.answer(qid, "yes", notes="saved " + qid, evidence=["https://e.example/" + qid])
        print("saved", qid, answer.revision, flush=True)
""")


def test_sigkill_in_the_middle_of_saves_never_corrupts(tmp_path):
    path = tmp_path / "crash.seccheck.json"
    Assessment.open(path)
    saved: dict[str, str] = {}
    rng = random.Random(7)
    offset = 0
    for _round in range(3):
        proc = _python(KILLED_WRITER, str(path), str(offset))
        begins = 0
        try:
            while True:
                line = proc.stdout.readline()
                assert line, proc.stderr.read()
                word, qid, *rest = line.split()
                if word == "saved":
                    saved[qid] = rest[0]
                elif word == "begin":
                    begins += 1
                    if begins >= rng.randint(2, 4):
                        time.sleep(rng.uniform(0.0, 0.05))  # somewhere inside this save
                        os.kill(proc.pid, signal.SIGKILL)
                        break
        finally:
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        survivor = Assessment.load(path)  # parses: never torn
        for qid, revision in saved.items():
            assert survivor.answers[qid].revision == revision
            assert survivor.answers[qid].notes == "saved " + qid
        offset = len(saved) + 1
    assert len(saved) >= 3
    # The next writer cleans up what the killed ones left and carries on.
    a = Assessment.open(path)
    a.answer("IR-03-Q01", "no")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".seccheck-tmp-")]
    assert leftovers == []
    assert set(saved) <= set(Assessment.load(path).answers)


# --- results across runs -----------------------------------------------------------------------


def _run(run_id: str, status: str, results: list[CheckResult], minute: int) -> RunRecord:
    at = datetime(2026, 11, 28, 10, minute, tzinfo=timezone.utc)
    return RunRecord(
        id=run_id,
        started_at=at,
        ended_at=at,
        status=status,
        checklist=ChecklistRef(name="c", version="1", hash="h"),
        results=results,
    )


def _r(resource: str, status: Status, region: str = "eu-west-1") -> CheckResult:
    return CheckResult(
        "DP-01-C02", "DP-01", "111122223333", region, resource, status, "r", "medium", "ec2"
    )


def test_latest_results_supersede_per_check_account_region():
    runs = [
        _run(
            "r1",
            "completed",
            [
                _r("vol-1", Status.FAIL),
                _r("vol-2", Status.FAIL),
                _r("vol-9", Status.PASS, "us-east-1"),
            ],
            1,
        ),
        _run("r2", "completed", [_r("vol-1", Status.PASS)], 2),  # vol-2 deleted since
        _run("r3", "cancelled", [_r("vol-3", Status.FAIL)], 3),  # partial: adds, drops nothing
    ]
    latest = {(r.region, r.resource): r.status for r in latest_of(runs)}
    assert latest == {
        ("eu-west-1", "vol-1"): Status.PASS,
        ("eu-west-1", "vol-3"): Status.FAIL,
        ("us-east-1", "vol-9"): Status.PASS,
    }
    assert latest_of(runs, known={"IAM-01-C01"}) == []


# --- verification ------------------------------------------------------------------------------


def test_verify_without_credentials_says_so_and_never_uses_a_sandbox(tmp_path):
    a = Assessment.open(tmp_path / "real.seccheck.json")
    out = a.verify("IAM-01")
    assert out.status == "error"
    assert "No AWS credentials were found" in out.error
    assert "never falls back to the sandbox" in out.error
    assert "Cannot verify" in out._repr_html_() and "No AWS credentials" in out._repr_html_()
    assert a.runs == [] and Assessment.load(a.path).runs == []
    assert verification._SANDBOXES == {}


def test_verify_reuses_the_sandbox_the_environment_points_at(tmp_path, workshop, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "w.seccheck.json", sandbox="workshop")
    out = a.verify("IAM-01")
    assert verification._SANDBOXES == {}
    (run,) = Assessment.load(a.path).runs
    assert run.status == "completed" and run.scope["endpoint_url"] == workshop.endpoint
    assert {r.check_id for r in run.results} == implemented_in(a, "IAM-01")
    assert out.run_id == run.id and len(out.results) == len(run.results)
    for r in run.results:
        assert r.call_ids and all(cid.startswith(run.id + ":") for cid in r.call_ids)
        assert [c.id for c in a.calls(r.call_ids)] == list(r.call_ids)
    html = out._repr_html_()
    assert "<details" in html and "get_account_summary" in html
    for r in run.results:
        assert r.check_id in html and r.resource in html and r.status.icon in html
    assert "IAM-01-C01" in out._repr_markdown_() and "IAM-01-C01" in str(out)


def test_verify_starts_its_own_sandbox_when_none_is_around(tmp_path, workshop, monkeypatch):
    """No sandbox in the environment: one is started for the process and reused after."""
    import seccheck.sandbox

    started: list[str] = []

    class Recording:  # stands in for a fresh sandbox (seeding one takes most of a minute)
        def __init__(self, scenario: str) -> None:
            self.scenario = scenario
            self.running = False

        def start(self):
            started.append(self.scenario)
            self.running = True
            return self

        def stop(self) -> None:
            self.running = False

        endpoint = property(lambda self: workshop.endpoint)
        regions = property(lambda self: workshop.regions)
        session = staticmethod(workshop.session)

    monkeypatch.setattr(seccheck.sandbox, "Sandbox", Recording)
    assert "AWS_ENDPOINT_URL" not in os.environ
    a = Assessment.open(tmp_path / "own.seccheck.json", sandbox="workshop")
    try:
        a.verify("IAM-01", check_ids=["IAM-01-C01"])
        a.verify("IAM-01", check_ids=["IAM-01-C02"])
        assert started == ["workshop"]  # once for the life of the process
        sandbox = verification._SANDBOXES["workshop"]
        assert sandbox.running
        first, second = a.runs
        assert first.scope["endpoint_url"] == workshop.endpoint and first.scope["sandbox"] is True
        assert [r.check_id for r in first.results] == ["IAM-01-C01"]
        assert [r.check_id for r in second.results] == ["IAM-01-C02"]
    finally:
        verification.stop_sandboxes()
    assert verification._SANDBOXES == {} and not sandbox.running


CRASHING_RUN = textwrap.dedent("""
    import sys, time
    from seccheck import verification
    from seccheck import Assessment
    verification.SAVE_INTERVAL_S = 0.0
    original = verification.Verification._on_result
    def slow(self, result):
        original(self, result)
        time.sleep(0.05)
    verification.Verification._on_result = slow
    Assessment.open(sys.argv[1], sandbox="workshop").verify()
    print("finished", flush=True)
""")


def test_results_saved_before_a_crash_survive_it(tmp_path, workshop):
    path = tmp_path / "run.seccheck.json"
    Assessment.open(path)
    proc = _python(CRASHING_RUN, str(path), env=workshop.env())
    seen = 0
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            runs = json.loads(path.read_text())["runs"]
            if runs and runs[0]["status"] == "running" and len(runs[0]["results"]) >= 3:
                seen = len(runs[0]["results"])
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        if proc.poll() is None and seen == 0:
            proc.kill()
        proc.wait()
    assert seen >= 3, proc.stderr.read()
    after = Assessment.load(path)
    (run,) = after.runs
    assert run.status == "running" and run.ended_at is None
    assert len(run.results) >= seen
    assert {(r.check_id, r.resource) for r in run.results} <= {
        (r.check_id, r.resource) for r in after.latest_results()
    }
    assert all(after.calls(r.call_ids) for r in run.results if r.call_ids)


def test_summary_is_json_and_matches_the_item_statuses(tmp_path, workshop, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "s.seccheck.json", sandbox="workshop")
    a.verify("IAM-01")
    a.answer("IR-01-Q01", "no")
    summary = json.loads(json.dumps(a.summary()))
    assert set(summary) >= {
        "title",
        "path",
        "checklist",
        "scope",
        "updated_at",
        "totals",
        "sections",
    }
    assert summary["checklist"] == {
        "name": a.checklist.name,
        "version": a.checklist.version,
        "hash": a.checklist.hash,
    }
    assert summary["scope"]["sandbox"] == "workshop"
    assert sum(summary["totals"].values()) == len(a.checklist.items)
    assert [s["id"] for s in summary["sections"]] == [s.id for s in a.checklist.sections]
    items = {i["id"]: i for s in summary["sections"] for i in s["items"]}
    assert list(items) == [i.id for i in a.checklist.items]
    for item_id, entry in items.items():
        status = a.item_status(item_id)
        assert entry["status"] == status.status.value
        assert entry["manual"]["total"] == len(a.checklist.item(item_id).manual_questions)
    assert items["IR-01"]["status"] == "not_met" and items["IR-01"]["manual"]["answered"] == 1
    iam = items["IAM-01"]["checks"]
    counted = {}
    for r in a.latest_results("IAM-01"):
        counted.setdefault(r.check_id, set()).add(r.status.value)
    assert sum(v for k, v in iam.items() if k not in ("NOT_IMPLEMENTED", "NOT_RUN")) == len(counted)
    # The panel draws only what it is sent: a label and icon per item, and the whole vocabulary.
    assert items["IR-01"]["label"] == "not met" and items["IR-01"]["icon"] == "❌"
    legend = summary["legend"]
    assert list(legend["verdicts"]) == list(summary["totals"])
    assert set(iam) <= set(legend["statuses"])
    assert legend["verdicts"]["not_met"] == {"label": "not met", "icon": "❌", "colour": "#c62828"}


def test_scope_and_checklist_changes_are_recorded(tmp_path):
    path = tmp_path / "a.seccheck.json"
    Assessment.open(path, profile="one")
    a = Assessment.open(path, profile="two", regions=["eu-west-1"])
    assert a.scope_settings.profile == "two"
    scope_events = [e for e in a.history if e.kind == "scope"]
    assert [e.data["profile"] for e in scope_events] == ["one", "two"]
    with pytest.raises(ValueError, match="either sandbox"):
        Assessment.open(path, sandbox="workshop", profile="x")
    Assessment.open(path)  # no scope given: the saved one stays
    assert Assessment.load(path).scope_settings.profile == "two"
