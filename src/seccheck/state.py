"""The assessment file: pydantic models for what is persisted, and how two copies merge.

One assessment is one JSON document (`"schema_version": 1`). Everything in it is keyed by a
stable id and stamped with a UTC time, so two kernels that saved different things can be merged
without losing either: answers and item notes keep the latest revision per question / item, runs
keep the latest update per run id, and history is the union of all events (append-only).

Layout (times are UTC ISO 8601, dates ISO):

    {"schema_version": 1, "id", "title", "created_at", "updated_at", "revision" (saves so far),
     "checklist": {"name", "version", "hash", "path", "set_at"},
     "scope": {"profile", "regions", "endpoint_url", "sandbox", "set_at"},
     "runs": [{"id", "started_at", "ended_at", "updated_at", "status", "by", "scope" (resolved),
               "checklist", "items", "check_ids", "results": [CheckResult.to_dict()],
               "calls": {"<run id>:<call id>": CallRecord.to_dict()}, "error", "tool_version"}],
     "answers": {"<question id>": {"question_id", "item_id", "status", "reason", "notes",
                 "evidence": [{"kind": "url"|"file", "value", "sha256", "stored_at", "size",
                               "added_at", "added_by"}],
                 "answered_by", "answered_at", "review_by", "revision", "checklist_hash"}},
     "item_notes": {"<item id>": {"item_id", "text", "by", "at", "revision"}},
     "acceptances": {"<id>": Acceptance (seccheck.acceptance); only in schema_version 2},
     "history": [{"id", "at", "by", "kind", "subject", "data"}]}

A file is written as schema_version 1 while it holds no accepted risk, so an older seccheck
still opens it; the first acceptance makes it 2, which an older seccheck refuses plainly ("written
by a newer seccheck") instead of mistaking it for a corrupt file.
"""

from __future__ import annotations

import getpass
import json
import os
import stat
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import jsonload, palette
from .acceptance import Acceptance, merge_acceptances
from .aws.recorder import CallRecord
from .locking import existing_backup
from .passes import pass_for
from .passes import passes_of as passes_of  # where charts and tests have found it
from .processes import is_gone
from .results import CheckResult

SCHEMA_VERSION: Literal[2] = 2

AnswerStatus = Literal["yes", "partial", "no", "not_applicable"]
ANSWER_STATUSES: tuple[str, ...] = ("yes", "partial", "no", "not_applicable")
ANSWER_LABELS = {k: s.label for k, s in palette.ANSWERS.items()}
# The Well-Architected Tool's reasons for "question does not apply", plus two of our own.
NA_REASONS: tuple[str, ...] = (
    "Business priorities",
    "Architecture constraints",
    "Not in scope",
    "Covered by another control",
    "Other",
)
RunStatus = Literal["running", "completed", "cancelled", "failed", "interrupted"]
EventKind = Literal[
    "created",
    "answer",
    "note",
    "run_started",
    "run_finished",
    "scope",
    "checklist",
    "title",
    "acceptance",
]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def current_user() -> str:
    """Who is answering or running: the login name, else $USER, else "unknown"."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return os.environ.get("USER") or "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChecklistRef(_Model):
    name: str
    version: str
    hash: str
    path: str | None = Field(
        None, description="checklist file given at open; None = the shipped one"
    )
    set_at: datetime = Field(default_factory=utcnow)


class ScopeSettings(_Model):
    """What the user asked to assess; each run also records the scope it actually resolved."""

    profile: str | None = None
    regions: list[str] | None = None
    endpoint_url: str | None = None
    sandbox: str | None = None
    set_at: datetime = Field(default_factory=utcnow)


class Evidence(_Model):
    """A URL, or a file copied into the evidence folder (path relative to the JSON file)."""

    kind: Literal["url", "file"]
    value: str = Field(description="the URL, or the file's original name")
    sha256: str | None = None
    stored_at: str | None = None
    size: int | None = None
    added_at: datetime = Field(default_factory=utcnow)
    added_by: str = ""


class Answer(_Model):
    question_id: str
    item_id: str
    status: AnswerStatus
    reason: str | None = Field(None, description="one of NA_REASONS; only for not_applicable")
    notes: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    answered_by: str
    answered_at: datetime
    review_by: date
    revision: str = Field(default_factory=new_id)
    checklist_hash: str = ""

    @property
    def label(self) -> str:
        text = ANSWER_LABELS[self.status]
        return f"{text} ({self.reason})" if self.reason else text


class ItemNote(_Model):
    item_id: str
    text: str
    by: str
    at: datetime
    revision: str = Field(default_factory=new_id)


class RunRecord(_Model):
    """One verification run: what was asked, the scope it reached, its results and calls.

    Result `call_ids` and the keys of `calls` are qualified with the run id (`<run>:<call>`), so
    they are unique across the whole assessment.
    """

    id: str
    started_at: datetime
    ended_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    status: RunStatus = "running"
    by: str = ""
    scope: dict[str, Any] = Field(default_factory=dict)
    checklist: ChecklistRef
    items: list[str] | None = None
    check_ids: list[str] = Field(default_factory=list)
    results: list[CheckResult] = Field(default_factory=list)
    calls: dict[str, CallRecord] = Field(default_factory=dict)
    error: str | None = None
    tool_version: str = ""
    pid: int | None = Field(None, description="process that ran it (to tell a dead run)")
    host: str = ""
    process_started: float | None = Field(None, description="that process's start, epoch s")
    pass_id: str | None = Field(None, description="the assessment pass it belongs to (pass_for)")

    @property
    def complete(self) -> bool:
        return self.status == "completed"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class Event(_Model):
    id: str = Field(default_factory=new_id)
    at: datetime = Field(default_factory=utcnow)
    by: str = ""
    kind: EventKind
    subject: str = ""
    data: dict[str, Any] = Field(default_factory=dict)


class AssessmentState(_Model):
    schema_version: Literal[1, 2] = 1
    id: str = Field(default_factory=new_id)
    title: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=0, ge=0, description="number of saves, over every writer")
    checklist: ChecklistRef
    scope: ScopeSettings = Field(default_factory=ScopeSettings)
    runs: list[RunRecord] = Field(default_factory=list)
    answers: dict[str, Answer] = Field(default_factory=dict)
    item_notes: dict[str, ItemNote] = Field(default_factory=dict)
    acceptances: dict[str, Acceptance] = Field(default_factory=dict)
    history: list[Event] = Field(default_factory=list)

    def to_json(self) -> str:
        """The file's text: version 1 (no `acceptances` key) until a risk is accepted."""
        self.schema_version = SCHEMA_VERSION if self.acceptances else 1
        exclude = None if self.acceptances else {"acceptances"}
        return self.model_dump_json(indent=1, exclude=exclude) + "\n"

    def add_run(self, record: RunRecord) -> None:
        """Append a new run, placing it in its assessment pass (see `pass_for`)."""
        record.pass_id = record.pass_id or pass_for(self.runs, record)
        self.runs.append(record)


ANY_REVISION: Any = object()  # `expected=ANY_REVISION`: save over whatever is stored now


class StaleSaveError(RuntimeError):
    """A view tried to save over an answer or note that changed since the view showed it."""

    @classmethod
    def about(cls, kind: str, key: str, current: Answer | ItemNote | None) -> StaleSaveError:
        """The error for a stale save of `kind` (answer/note) `key`, naming who saved since."""
        what = "answer to" if kind == "answer" else "note on"
        if current is None:
            return cls(f"The {what} {key} was removed elsewhere; reload to see the saved state.")
        who = current.answered_by if isinstance(current, Answer) else current.by
        when = (current.answered_at if isinstance(current, Answer) else current.at).strftime(
            "%Y-%m-%d %H:%M:%S UTC"
        )
        return cls(
            f"Not saved: the {what} {key} was changed elsewhere (by {who}, {when}) after this view "
            "showed it. Your edits are still here; press Reload to see the saved version, then "
            "apply your change again."
        )


class AssessmentFileError(Exception):
    """The assessment file cannot be used; the file itself was left exactly as it was."""

    def __init__(self, path: Path, problem: str, advice: str = "") -> None:
        self.path = path
        self.problem = problem
        if not advice:
            backup = existing_backup(path)
            advice = (
                f"Restore it from {backup.name} (a hidden file beside it) if that is "
                "good, or move it aside to start afresh."
                if backup.is_file()
                else "Move it aside to start afresh, or give the right file."
            )
        super().__init__(
            f"cannot use assessment file {path}: {problem}\nThe file was not changed. {advice}"
        )


def parse_state(raw: bytes, path: Path) -> AssessmentState:
    """Validate a file's bytes; every failure names the file and what is wrong with it."""
    try:
        data = jsonload.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise AssessmentFileError(
            path, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except jsonload.JSONNestingError as exc:
        raise AssessmentFileError(path, f"not an assessment: {exc}") from None
    except json.JSONDecodeError as exc:
        raise AssessmentFileError(
            path, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    if not isinstance(data, dict):
        raise AssessmentFileError(path, "expected a JSON object at the top level")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise AssessmentFileError(path, f"no integer schema_version (got {version!r})")
    if version > SCHEMA_VERSION:
        raise AssessmentFileError(
            path,
            f"it was written by a newer seccheck (schema_version {version}; this version "
            f"reads {SCHEMA_VERSION})",
            "Upgrade seccheck (pip install -U seccheck) to open it.",
        )
    if version < 1:
        raise AssessmentFileError(path, f"unknown schema_version {version}")
    try:
        return AssessmentState.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}"
            for err in exc.errors()[:8]
        )
        more = f" (and {exc.error_count() - 8} more)" if exc.error_count() > 8 else ""
        raise AssessmentFileError(path, f"does not match the schema: {problems}{more}") from exc


def merge(disk: AssessmentState, mine: AssessmentState) -> AssessmentState:
    """Combine the file as it is now with this process's copy; nothing either holds is lost.

    Ties on time are broken by revision id, so every process computes the same merge.
    """
    answers = dict(disk.answers)
    for qid, answer in mine.answers.items():
        other = answers.get(qid)
        if other is None or (answer.answered_at, answer.revision) > (
            other.answered_at,
            other.revision,
        ):
            answers[qid] = answer
    notes = dict(disk.item_notes)
    for item_id, note in mine.item_notes.items():
        other_note = notes.get(item_id)
        if other_note is None or (note.at, note.revision) > (other_note.at, other_note.revision):
            notes[item_id] = note
    runs = {r.id: r for r in disk.runs}
    for run in mine.runs:
        other_run = runs.get(run.id)
        if other_run is None or _run_rank(run) > _run_rank(other_run):
            runs[run.id] = run
    history = {e.id: e for e in disk.history}
    for event in mine.history:
        history.setdefault(event.id, event)
    return AssessmentState(
        id=disk.id,
        title=disk.title or mine.title,
        created_at=min(disk.created_at, mine.created_at),
        updated_at=max(disk.updated_at, mine.updated_at),
        revision=max(disk.revision, mine.revision),
        checklist=max(disk.checklist, mine.checklist, key=lambda c: c.set_at),
        scope=max(disk.scope, mine.scope, key=lambda s: s.set_at),
        runs=sorted(runs.values(), key=lambda r: (r.started_at, r.id)),
        answers=dict(sorted(answers.items())),
        item_notes=dict(sorted(notes.items())),
        acceptances=merge_acceptances(disk.acceptances, mine.acceptances),
        history=sorted(history.values(), key=lambda e: (e.at, e.id)),
    )


def _run_rank(run: RunRecord) -> tuple[datetime, int, bool]:
    return (run.updated_at, len(run.results), run.ended_at is not None)


def latest_of(runs: Iterable[RunRecord], known: set[str] | None = None) -> list[CheckResult]:
    """The latest picture over `runs` (oldest first); see `AssessmentFile.latest_results`."""
    picture: dict[tuple[str, str, str], dict[str, CheckResult]] = {}
    for run in runs:
        grouped: dict[tuple[str, str, str], dict[str, CheckResult]] = {}
        for r in run.results:
            grouped.setdefault((r.check_id, r.account, r.region), {})[r.resource] = r
        for triple, by_resource in grouped.items():
            if run.complete:
                picture[triple] = dict(by_resource)
            else:
                picture.setdefault(triple, {}).update(by_resource)
    out = [
        r
        for group in picture.values()
        for r in group.values()
        if known is None or r.check_id in known
    ]
    return sorted(out, key=lambda r: (r.check_id, r.account, r.region, r.resource))


_ANSWER_ALIASES = {
    "n/a": "not_applicable",
    "na": "not_applicable",
    "not applicable": "not_applicable",
    "partially": "partial",
}


def answer_status(value: str) -> str:
    """A person's spelling of an answer ("N/A", "Partially", "yes") as the stored value."""
    key = str(value).strip().lower()
    key = _ANSWER_ALIASES.get(key, key)
    if key not in ANSWER_STATUSES:
        raise ValueError(f"answer status {value!r} is not one of: {', '.join(ANSWER_STATUSES)}")
    return key


def as_date(value: date | datetime | str) -> date:
    """A date given as a date, a datetime or an ISO string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def scope_from(
    sandbox: str | None,
    profile: str | None,
    regions: Iterable[str] | str | None,
    endpoint_url: str | None,
) -> ScopeSettings | None:
    """The scope `Assessment.open` was asked for (regions may be "a,b"); None if nothing was."""
    if isinstance(regions, str):
        regions = [r.strip() for r in regions.split(",") if r.strip()]
    region_list = list(regions) if regions else None
    if not (sandbox or profile or region_list or endpoint_url):
        return None
    return ScopeSettings(
        profile=profile, regions=region_list, endpoint_url=endpoint_url, sandbox=sandbox
    )


def scope_key(s: ScopeSettings) -> tuple[Any, ...]:
    """What makes two scopes the same (ignoring when each was set)."""
    return (s.profile, tuple(s.regions or ()), s.endpoint_url, s.sandbox)


def event_data(new: Answer | ItemNote) -> dict[str, Any]:
    return new.model_dump(mode="json") if isinstance(new, Answer) else {"text": new.text}


def author_of(new: Answer | ItemNote) -> str:
    return new.answered_by if isinstance(new, Answer) else new.by


def time_of(new: Answer | ItemNote) -> datetime:
    return new.answered_at if isinstance(new, Answer) else new.at


def require_writable_file(path: Path) -> None:
    """Refuse to replace a file its owner made read-only (a rename would silently do it)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        path, os.W_OK
    ):
        raise AssessmentFileError(
            path,
            "the file is read-only, so this change was not saved",
            "Make it writable (chmod u+w) to keep working on it, or open it with "
            "Assessment.load to read it without changes.",
        )


def interrupt_dead_runs(runs: Iterable[RunRecord], now: datetime) -> list[RunRecord]:
    """Mark runs left "running" by a process that has since died as interrupted; return them."""
    dead = []
    for run in runs:
        if run.status == "running" and is_gone(run.pid, run.host, run.process_started):
            run.status = "interrupted"
            run.ended_at = run.updated_at = now
            run.error = (
                f"interrupted: its process (pid {run.pid} on {run.host}) ended before the "
                "run finished; the results saved until then are kept"
            )
            dead.append(run)
    return dead


def secret_free_json(state: AssessmentState, name: str) -> str:
    """The state as JSON after the final secret audit every output passes.

    Raises SecretLeakError, so nothing is written (the file and its .bak stay as they were), if
    a secret value got past the redaction at record time.
    """
    from .aws.redact import Leak, SecretLeakError, unredacted

    text = state.to_json()
    leaks = unredacted(json.loads(text))
    if leaks:
        raise SecretLeakError([Leak(f"{name}{where}", kind) for where, kind in leaks])
    return text
