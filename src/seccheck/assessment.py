"""An assessment: scope, verification runs, manual answers, notes and their history, on disk.

One JSON file per assessment (`<notebook stem>.seccheck.json` beside its notebook), with evidence
files in `<stem>.seccheck.evidence/`. Every change is saved at once: under an exclusive lock the
file is re-read, merged with this process's copy (so two kernels lose nothing), and replaced
atomically with the previous version kept as `.bak`. A file that cannot be read (corrupt, or
from a newer seccheck) raises `AssessmentFileError` and is never overwritten or moved.

This is the stored model only: it imports no widget, chart or display module. The notebook
facade users call (`seccheck.Assessment`, with `verify()`, `wizard()`, `charts()` ...) is
`seccheck.notebook.Assessment`, a subclass that adds the views on top.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import attachments
from .acceptance import Acceptance, apply_acceptances
from .answering import new_answer
from .checklist import Checklist, resolve_checklist
from .locking import atomic_write, exclusive, file_signature, read_bytes
from .results import CheckResult
from .state import ANY_REVISION as ANY
from .state import (
    NA_REASONS,
    Answer,
    AssessmentFileError,
    AssessmentState,
    ChecklistRef,
    Event,
    ItemNote,
    RunRecord,
    ScopeSettings,
    StaleSaveError,
    author_of,
    current_user,
    event_data,
    interrupt_dead_runs,
    latest_of,
    merge,
    parse_state,
    require_writable_file,
    scope_from,
    scope_key,
    secret_free_json,
    time_of,
    utcnow,
)

if TYPE_CHECKING:
    from .aws.recorder import CallRecord
    from .scoring import ItemStatus
    from .summary import AssessmentSummary

__all__ = [
    "NA_REASONS",
    "AssessmentFile",
    "AssessmentFileError",
    "ReadOnlyError",
    "latest_of",
    "state_path_for",
]

STATE_SUFFIX = ".seccheck.json"


class ReadOnlyError(RuntimeError):
    """The assessment was opened with `Assessment.load` (read-only)."""


def state_path_for(notebook_path: str | Path) -> Path:
    """Where a notebook's assessment lives: `audit.ipynb` -> `audit.seccheck.json` beside it."""
    nb = Path(notebook_path)
    return nb.with_name(nb.stem + STATE_SUFFIX)


_A = TypeVar("_A", bound="AssessmentFile")


class AssessmentFile:
    """Use `open(path, ...)` (read-write) or `load(path)` (read-only) on this class or a subclass.

    The run log (`begin_run`, `save_run`, `end_run`) is public so that whoever runs checks
    (`seccheck.verification`) records them through the same locked, merged save as answers.
    """

    def __init__(
        self, path: Path, state: AssessmentState, checklist: Checklist, *, read_only: bool = False
    ) -> None:
        self.path = path
        self.checklist = checklist
        self.read_only = read_only
        self._state = state
        self._lock = threading.RLock()
        self._revision = 0
        self._cache: dict[str, Any] = {}
        self._implemented: set[str] | None = None
        self._written: tuple[int, int, int] | None = None  # file signature after our last save
        self.clock: Callable[[], date] = date.today  # "today" for expiry; tests set their own

    # -- opening --------------------------------------------------------------------------------

    @classmethod
    def open(
        cls: type[_A],
        path: str | Path,
        *,
        checklist: Checklist | str | Path | None = None,
        create: bool = True,
        sandbox: str | None = None,
        profile: str | None = None,
        regions: Iterable[str] | str | None = None,
        endpoint_url: str | None = None,
        title: str | None = None,
    ) -> _A:
        """Open (or create) the assessment at `path`.

        Scope arguments given here replace the saved scope; without any, the saved one is used.
        `sandbox="workshop"` verifies against the sandbox the environment points at (as
        `seccheck demo` sets up), or else starts that sandbox for the life of this process.
        """
        if sandbox and (profile or endpoint_url):
            raise ValueError("choose either sandbox=... or profile/endpoint_url, not both")
        path = Path(path).expanduser().absolute()
        raw = read_bytes(path)
        if raw is None and not create:
            raise FileNotFoundError(f"no assessment file at {path}")
        if raw is not None:
            state = parse_state(raw, path)
            cl, cl_path = resolve_checklist(checklist, state.checklist.path, path)
        else:
            cl, cl_path = resolve_checklist(checklist, None, path)
            state = AssessmentState(
                title=title or _default_title(path),
                checklist=ChecklistRef(
                    name=cl.name, version=cl.version, hash=cl.hash, path=cl_path
                ),
            )
            state.history.append(Event(kind="created", by=current_user(), subject=str(path.name)))
        a = cls(path, state, cl)
        changed = raw is None or a._mark_interrupted_runs()
        if state.checklist.hash != cl.hash:
            a._record(
                "checklist",
                "",
                {"from": state.checklist.hash, "to": cl.hash, "version": cl.version},
            )
            state.checklist = ChecklistRef(
                name=cl.name, version=cl.version, hash=cl.hash, path=cl_path
            )
            changed = True
        wanted = scope_from(sandbox, profile, regions, endpoint_url)
        if wanted is not None and scope_key(wanted) != scope_key(state.scope):
            state.scope = wanted
            a._record("scope", "", wanted.model_dump(mode="json", exclude={"set_at"}))
            changed = True
        if changed:
            a.save()
        return a

    @classmethod
    def load(
        cls: type[_A], path: str | Path, *, checklist: Checklist | str | Path | None = None
    ) -> _A:
        """Open read-only (for exporters and the server extension); the file must exist."""
        path = Path(path).expanduser().absolute()
        raw = read_bytes(path)
        if raw is None:
            raise FileNotFoundError(f"no assessment file at {path}")
        state = parse_state(raw, path)
        cl, _ = resolve_checklist(checklist, state.checklist.path, path)
        return cls(path, state, cl, read_only=True)

    # -- reading --------------------------------------------------------------------------------

    @property
    def state(self) -> AssessmentState:
        return self._state

    @property
    def scope_settings(self) -> ScopeSettings:
        return self._state.scope

    @property
    def runs(self) -> list[RunRecord]:
        """Verification runs, oldest first."""
        return list(self._state.runs)

    @property
    def answers(self) -> dict[str, Answer]:
        return dict(self._state.answers)

    @property
    def item_notes(self) -> dict[str, ItemNote]:
        return dict(self._state.item_notes)

    @property
    def acceptances(self) -> dict[str, Acceptance]:
        """Accepted risks by id, revoked and expired ones included (see `seccheck.acceptance`)."""
        return dict(self._state.acceptances)

    @property
    def history(self) -> list[Any]:
        return list(self._state.history)

    @property
    def evidence_dir(self) -> Path:
        return attachments.evidence_dir(self.path)

    def implemented_checks(self) -> set[str]:
        """Return the checks of this checklist that have code (the registry grows as they land)."""
        if self._implemented is None:
            from .checks.registry import load_all

            self._implemented = set(load_all()) & {c.id for c in self.checklist.checks}
        return self._implemented

    def latest_results(
        self, item_id: str | None = None, *, today: date | None = None
    ) -> list[CheckResult]:
        """Return the current picture: per check × account × region, the latest run covering it.

        A completed run replaces everything earlier for the (check, account, region) it covered,
        so a resource that has since been deleted drops out; a cancelled or failed run only
        replaces the resources it actually reported. A FAIL covered by an accepted risk in force
        on `today` (default: `clock()`) is ACCEPTED; see `with_acceptances`.
        """
        day = today or self.clock()
        known = {c.id for c in self.checklist.checks}
        with self._lock:
            raw = self._cached("latest", lambda: latest_of(self._state.runs, known))
            latest = self._cached(f"latest:{day}", lambda: self.with_acceptances(raw, day))
        return [r for r in latest if item_id is None or r.item_id == item_id]

    def with_acceptances(
        self, results: Iterable[CheckResult], today: date | None = None
    ) -> list[CheckResult]:
        """`results` with this assessment's accepted risks applied (FAIL -> ACCEPTED in force)."""
        return apply_acceptances(results, self._state.acceptances.values(), today or self.clock())

    def calls(self, ids: Iterable[str]) -> list[CallRecord]:
        """Call records by (run-qualified) id, in the order asked; unknown ids are skipped."""
        with self._lock:
            index = self._cached(
                "calls",
                lambda: {cid: call for run in self._state.runs for cid, call in run.calls.items()},
            )
        return [index[i] for i in ids if i in index]

    def item_status(self, item_id: str) -> ItemStatus:
        self.checklist.item(item_id)
        return self.item_statuses()[item_id]

    def item_statuses(self, today: date | None = None) -> dict[str, ItemStatus]:
        from .scoring import item_status

        def compute() -> dict[str, ItemStatus]:
            results = self.latest_results(today=today)
            answers = self._state.answers
            implemented = self.implemented_checks()
            return {
                i.id: item_status(i, results, answers, implemented=implemented, today=today)
                for i in self.checklist.items
            }

        if today is not None:
            return compute()
        with self._lock:
            return dict(self._cached(f"statuses:{self.clock()}", compute))

    def summary(self) -> AssessmentSummary:
        """Return a JSON-able overview (the side panel's REST payload; see `seccheck.summary`)."""
        from .summary import summarise

        return summarise(self._state, self.path, self.checklist, self.item_statuses())

    # -- changing -------------------------------------------------------------------------------

    def answer(
        self,
        question_id: str,
        status: str,
        *,
        reason: str | None = None,
        notes: str = "",
        evidence: Iterable[Any] = (),
        by: str | None = None,
        review_by: date | datetime | str | None = None,
        expected: str | None | object = ANY,
    ) -> Answer:
        """Record the answer to a manual question (the whole answer: evidence is replaced).

        `status`: yes, partial, no or not_applicable. N/A needs `reason` from `NA_REASONS`
        ("Other" also needs `notes`). `evidence`: URLs, file paths or (name, bytes); files are
        copied into the evidence folder with their sha256. Keep earlier evidence by passing
        `a.answers[qid].evidence` along. `expected`: the revision of the answer the caller
        showed (None: no answer yet); a different saved answer raises `StaleSaveError`.
        """
        self.require_writable()
        answer = new_answer(
            self.checklist, self.path, question_id, status, reason, notes, evidence, by, review_by
        )
        self._replace_checked("answer", question_id, answer, expected)
        return answer

    def note(
        self, item_id: str, text: str, *, by: str | None = None, expected: str | None | object = ANY
    ) -> ItemNote:
        """Set the free-text note on an item (earlier notes stay in the history).

        `expected`: the revision of the note the caller showed; see `answer`.
        """
        self.require_writable()
        self.checklist.item(item_id)
        who = (by or "").strip() or current_user()
        note = ItemNote(item_id=item_id, text=text, by=who, at=utcnow())
        self._replace_checked("note", item_id, note, expected)
        return note

    def reload(self: _A) -> _A:
        """Re-read the file (to see what other kernels saved)."""
        raw = read_bytes(self.path)
        if raw is None:
            raise FileNotFoundError(f"no assessment file at {self.path}")
        with self._lock:
            self._state = parse_state(raw, self.path)
            self._changed()
        return self

    def refresh(self) -> bool:
        """Merge in what other writers saved since; True if the file had changed.

        Cheap when nothing changed (one stat), so views can call it every few seconds.
        """
        if self.read_only or file_signature(self.path) == self._written:
            return False
        with self._lock, exclusive(self.path):
            self._absorb_disk()
            self._written = file_signature(self.path)
        return True

    def save(self) -> None:
        """Merge with the file as it is now and write atomically, under the lock."""
        self.require_writable()
        with self._lock, exclusive(self.path):
            self._absorb_disk()
            self._write()

    def _absorb_disk(self) -> None:
        """Merge in what other writers saved since our last save (hold the file's lock)."""
        if file_signature(self.path) != self._written:
            raw = read_bytes(self.path)
            if raw is not None:
                self._state = merge(parse_state(raw, self.path), self._state)
                self._changed()

    def _write(self) -> None:
        require_writable_file(self.path)
        self._state.revision += 1
        self._state.updated_at = utcnow()
        text = secret_free_json(self._state, self.path.name)  # else nothing is written
        atomic_write(self.path, text.encode("utf-8"))
        self._written = file_signature(self.path)
        self._changed()

    def change(
        self,
        kind: str,
        subject: str,
        data: dict[str, Any],
        apply: Callable[[AssessmentState], None],
    ) -> None:
        """Apply `apply(state)` to the state merged with the file now, record it and save."""
        self.require_writable()
        with self._lock, exclusive(self.path):
            self._absorb_disk()
            apply(self._state)
            self._record(kind, subject, data)
            self._write()

    def _replace_checked(
        self, kind: str, key: str, new: Answer | ItemNote, expected: str | None | object
    ) -> None:
        """Store `new` unless what is saved now is not the revision the caller last saw."""
        with self._lock, exclusive(self.path):
            self._absorb_disk()
            table: dict[str, Any] = (
                self._state.answers if kind == "answer" else self._state.item_notes
            )
            current = table.get(key)
            if expected is not ANY and (current.revision if current else None) != expected:
                raise StaleSaveError.about(kind, key, current)
            table[key] = new
            self._record(kind, key, event_data(new), by=author_of(new), at=time_of(new))
            self._write()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        counts = f"{len(self.runs)} run(s), {len(self.answers)} answer(s)"
        return f"<Assessment {self.path} ({mode}): {counts}>"

    # -- the run log (written by seccheck.verification) -----------------------------------------

    def begin_run(self, record: RunRecord) -> None:
        """Add a new run (status "running") and save, so a crash still leaves its trace."""
        self.require_writable()
        with self._lock:
            self._state.add_run(record)
            data = {"items": record.items, "checks": record.check_ids, "pass": record.pass_id}
            self._record("run_started", record.id, data, by=record.by, at=record.started_at)
            self.save()

    def save_run(self, record: RunRecord) -> None:
        """Save the results so far of a run already begun."""
        with self._lock:
            self._upsert_run(record)
            self.save()

    def end_run(self, record: RunRecord) -> None:
        """Save a run's final state and record how it finished in the history."""
        with self._lock:
            self._upsert_run(record)
            counts: dict[str, int] = {}
            for r in record.results:
                counts[r.status.value] = counts.get(r.status.value, 0) + 1
            data = {"status": record.status, "counts": counts, "error": record.error}
            self._record("run_finished", record.id, data, by=record.by)
            self.save()

    def _mark_interrupted_runs(self) -> bool:
        """Mark runs left "running" by a process that has since died; True if any were."""
        now = utcnow()
        dead = interrupt_dead_runs(self._state.runs, now)
        for run in dead:
            data: dict[str, Any] = {"status": run.status, "counts": {}, "error": run.error}
            self._record("run_finished", run.id, data, by=run.by, at=now)
        if dead:
            self._changed()
        return bool(dead)

    def _upsert_run(self, record: RunRecord) -> None:
        runs = [r for r in self._state.runs if r.id != record.id]
        self._state.runs = [*runs, record]
        self._changed()

    def _record(
        self,
        kind: str,
        subject: str,
        data: dict[str, Any],
        *,
        by: str | None = None,
        at: datetime | None = None,
    ) -> None:
        self._state.history.append(
            Event(
                kind=kind,  # type: ignore[arg-type]
                subject=subject,
                data=data,
                by=by or current_user(),
                at=at or utcnow(),
            )
        )

    def require_writable(self) -> None:
        """Raise ReadOnlyError unless opened with `open`."""
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path} was opened read-only (Assessment.load); "
                "use Assessment.open to change it"
            )

    def _cached(self, key: str, compute: Any) -> Any:
        hit = self._cache.get(key)
        if hit is None or hit[0] != self._revision:
            hit = (self._revision, compute())
            self._cache[key] = hit
        return hit[1]

    def _changed(self) -> None:
        self._revision += 1


def _default_title(path: Path) -> str:
    stem = path.name[: -len(STATE_SUFFIX)] if path.name.endswith(STATE_SUFFIX) else path.stem
    return f"Security assessment: {stem}"


def __getattr__(name: str) -> Any:
    """`seccheck.assessment.Assessment` (old notebooks): the facade above, resolved by name."""
    if name == "Assessment":
        import importlib

        return importlib.import_module("seccheck.notebook").Assessment
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
