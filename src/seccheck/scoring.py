"""Item status from automated checks and manual answers, and coverage figures over groups.

Inputs per item: the latest result of each check (per account × region × resource) and the
current answer to each manual question. Only `core` checks decide an item; `extended` checks are
counted and shown but never change the status. Checks without an implementation yet are left out
of the decision (and reported in `reasons`), so an item is judged on what can actually be run.

A check's outcome over all its resources: FAIL if any resource failed, else ERROR or
NOT_ASSESSABLE if any part could not be seen, else ACCEPTED if a failure was accepted as a risk
(seccheck.acceptance), else WARN, else PASS, else NOT_APPLICABLE; a check with no result is
"not run".

A question counts as answered unless its re-review date has passed (a "no" stays a no until it is
re-reviewed; an expired yes/partial/N/A needs answering again). A yes (or partial) whose question
requires evidence for that answer needs at least one URL or file, or a note when notes are an
accepted kind.

Rules, first match wins:

1. **not met**: a question is answered "no", or a core check FAILs and no core check passed
   (PASS or WARN); when some core checks fail and others pass, the item is **partially met**.
2. **N/A (reason)**: every question is answered N/A (the reasons are shown); or the item has no
   questions and every core check is NOT_APPLICABLE (nothing of that kind in scope).
3. **not yet verified**: nothing is known yet and the item has runnable core checks, or some
   runnable core check has not run. **not yet answered**: nothing is known and there are only
   questions, or all checks ran but a question is unanswered (or due for re-review).
4. **not assessable**: some core check could not see (NOT_ASSESSABLE / ERROR) and nothing is
   positive (no PASS/WARN check, no yes/partial answer) to decide otherwise.
5. **met**: every core check PASS or NOT_APPLICABLE, every question yes or N/A, and every
   required piece of evidence is attached. A core NOT_APPLICABLE counts only when nothing of
   that kind exists: one the check marks "not judged" (a missing prerequisite such as "GuardDuty
   has no detector", or a resource assessed in another account) is treated like a check that
   could not see (rule 4 / 6), and never makes an item N/A (rule 2).
6. **met with accepted risk**: what would be met, except that some core check's failures are
   all accepted risks (ACCEPTED). It is its own verdict, never "met": an accepted risk is a
   known gap someone owns until a date, so coverage counts it apart (`Coverage.met_pct` counts
   only met items) and it is shown in its own colour. When an acceptance expires the check is a
   FAIL again and rule 1 applies.
7. **partially met**: everything else that is fully assessed: a partial answer, a WARN, missing
   evidence, or some checks unseen next to positive signals (accepted risks are listed too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from . import palette
from .checklist import Checklist, Item, ManualQuestion
from .results import NOT_JUDGED, CheckResult, Status
from .state import Answer


class Verdict(str, Enum):
    """An item's status. The order is the display order in tables and charts."""

    MET = "met"
    MET_ACCEPTED_RISK = "met_accepted_risk"
    PARTIAL = "partially_met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"
    NOT_APPLICABLE = "not_applicable"
    NOT_ANSWERED = "not_answered"
    NOT_VERIFIED = "not_verified"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]

    @property
    def color(self) -> str:
        return VERDICT_COLORS[self]

    @property
    def decided(self) -> bool:
        """True once the item has an outcome (work on it is finished)."""
        return self not in (Verdict.NOT_ANSWERED, Verdict.NOT_VERIFIED)


# Words, colours and icons come from the one palette (also sent to the side panel).
VERDICT_LABELS = {v: palette.VERDICTS[v.value].label for v in Verdict}
VERDICT_COLORS = {v: palette.VERDICTS[v.value].colour for v in Verdict}
VERDICT_ICONS = {v: palette.VERDICTS[v.value].icon for v in Verdict}
NOT_RUN = "NOT_RUN"
NOT_IMPLEMENTED = "NOT_IMPLEMENTED"
CHECK_OUTCOMES = [s.value for s in Status] + [NOT_RUN, NOT_IMPLEMENTED]
_UNSEEN = {Status.NOT_ASSESSABLE.value, Status.ERROR.value}
_NOT_JUDGED = "NOT_JUDGED"
_ACCEPTED = Status.ACCEPTED.value


@dataclass(frozen=True)
class QuestionState:
    question_id: str
    answer: str | None  # yes / partial / no / not_applicable, None when unanswered
    reason: str | None = None
    evidence_missing: bool = False
    review_due: bool = False

    @property
    def pending(self) -> bool:
        return self.answer is None or (self.review_due and self.answer != "no")


@dataclass(frozen=True)
class ItemStatus:
    """An item's verdict with everything that led to it."""

    item_id: str
    status: Verdict
    reasons: list[str]
    checks: dict[str, str]  # check id -> outcome (a Status value, NOT_RUN or NOT_IMPLEMENTED)
    core: list[str]
    questions: list[QuestionState]
    na_reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.status is Verdict.NOT_APPLICABLE and self.na_reasons:
            return f"N/A ({', '.join(self.na_reasons)})"
        return self.status.label

    @property
    def icon(self) -> str:
        return VERDICT_ICONS[self.status]

    @property
    def check_counts(self) -> dict[str, int]:
        out = {k: 0 for k in CHECK_OUTCOMES}
        for outcome in self.checks.values():
            out[outcome] += 1
        return {k: v for k, v in out.items() if v}

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if not q.pending)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item_id,
            "status": self.status.value,
            "label": self.label,
            "reasons": list(self.reasons),
            "checks": self.check_counts,
            "manual": {"answered": self.answered, "total": len(self.questions)},
        }


def check_outcome(results: Iterable[CheckResult]) -> str:
    """One check's outcome over all the resources it looked at (see the module docstring)."""
    seen = {r.status for r in results}
    if not seen:
        return NOT_RUN
    for status in (
        Status.FAIL,
        Status.ERROR,
        Status.NOT_ASSESSABLE,
        Status.ACCEPTED,
        Status.WARN,
        Status.PASS,
    ):
        if status in seen:
            return status.value
    return Status.NOT_APPLICABLE.value


def question_state(question: ManualQuestion, answer: Answer | None, today: date) -> QuestionState:
    if answer is None:
        return QuestionState(question.id, None)
    missing = question.evidence.lacks_evidence(
        answer.status, answer.notes, (e.kind for e in answer.evidence)
    )
    return QuestionState(
        question.id, answer.status, answer.reason, missing, answer.review_by < today
    )


def item_status(
    item: Item,
    results: Iterable[CheckResult],
    answers: Mapping[str, Answer],
    *,
    implemented: set[str] | None = None,
    today: date | None = None,
) -> ItemStatus:
    """Apply the rules of the module docstring to one item."""
    today = today or date.today()
    by_check: dict[str, list[CheckResult]] = {}
    for r in results:
        if r.item_id == item.id:
            by_check.setdefault(r.check_id, []).append(r)
    checks: dict[str, str] = {}
    for spec in item.checks:
        if implemented is not None and spec.id not in implemented and spec.id not in by_check:
            checks[spec.id] = NOT_IMPLEMENTED
        else:
            checks[spec.id] = check_outcome(by_check.get(spec.id, ()))
    core = [c.id for c in item.checks if c.tier == "core" and checks[c.id] != NOT_IMPLEMENTED]
    questions = [question_state(q, answers.get(q.id), today) for q in item.manual_questions]
    unjudged = {
        c: next(r.reason for r in by_check[c] if r.details.get(NOT_JUDGED))
        for c in core
        if checks[c] == Status.NOT_APPLICABLE.value
        and any(r.details.get(NOT_JUDGED) for r in by_check.get(c, ()))
    }
    verdict, reasons, na = _decide(item, checks, core, questions, unjudged)
    skipped = [c.id for c in item.checks if c.tier == "core" and checks[c.id] == NOT_IMPLEMENTED]
    if skipped:
        reasons.append(f"not automated yet (left out): {', '.join(skipped)}")
    return ItemStatus(item.id, verdict, reasons, checks, core, questions, na)


def _decide(
    item: Item,
    checks: dict[str, str],
    core: list[str],
    questions: list[QuestionState],
    unjudged: Mapping[str, str] | None = None,
) -> tuple[Verdict, list[str], list[str]]:
    unjudged = unjudged or {}
    # A core N/A the check could not judge counts as unseen, never as "nothing to do".
    core_out = {c: _NOT_JUDGED if c in unjudged else checks[c] for c in core}
    failing = [c for c, o in core_out.items() if o == Status.FAIL.value]
    said_no = [q.question_id for q in questions if q.answer == "no"]
    if failing or said_no:
        reasons = [f"{c} FAIL" for c in failing] + [f"{q} answered no" for q in said_no]
        passing = [c for c, o in core_out.items() if o in (Status.PASS.value, Status.WARN.value)]
        if passing and not said_no:
            # The checks partly pass: some of the item is in place, some is not.
            return Verdict.PARTIAL, [*reasons, *(f"{c} {core_out[c]}" for c in passing)], []
        return Verdict.NOT_MET, reasons, []
    if questions and all(q.answer == "not_applicable" and not q.pending for q in questions):
        na = sorted({q.reason or "no reason given" for q in questions})
        return Verdict.NOT_APPLICABLE, ["every question answered N/A"], na
    if not questions and core and all(o == Status.NOT_APPLICABLE.value for o in core_out.values()):
        return Verdict.NOT_APPLICABLE, ["the checks found nothing of this kind"], ["Not in scope"]

    not_run = [c for c, o in core_out.items() if o == NOT_RUN]
    pending_q = [q for q in questions if q.pending]
    known = any(o != NOT_RUN for o in core_out.values()) or any(not q.pending for q in questions)
    reasons = [f"{c} not run yet" for c in not_run]
    reasons += [
        f"{q.question_id} re-review due" if q.answer else f"{q.question_id} not answered"
        for q in pending_q
    ]
    if not known:
        return (Verdict.NOT_VERIFIED if core else Verdict.NOT_ANSWERED), reasons, []
    if not_run:
        return Verdict.NOT_VERIFIED, reasons, []
    if pending_q:
        return Verdict.NOT_ANSWERED, reasons, []

    unseen = [c for c, o in core_out.items() if o in _UNSEEN or o == _NOT_JUDGED]
    positive = any(o in (Status.PASS.value, Status.WARN.value) for o in core_out.values()) or any(
        q.answer in ("yes", "partial") for q in questions
    )
    why = [
        f"{c} could not judge: {unjudged[c]}" if c in unjudged else f"{c} could not see the data"
        for c in unseen
    ]
    if unseen and not positive:
        return Verdict.NOT_ASSESSABLE, why, []
    problems = list(why)
    problems += [f"{c} WARN" for c, o in core_out.items() if o == Status.WARN.value]
    problems += [f"{q.question_id} answered partially" for q in questions if q.answer == "partial"]
    problems += [f"{q.question_id} needs evidence" for q in questions if q.evidence_missing]
    accepted = [f"{c} ACCEPTED (risk accepted)" for c, o in core_out.items() if o == _ACCEPTED]
    if not problems:
        return (Verdict.MET_ACCEPTED_RISK, accepted, []) if accepted else (Verdict.MET, [], [])
    return Verdict.PARTIAL, problems + accepted, []


# --- coverage ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Item verdict counts for one group (a section, a WA question or a WA best practice)."""

    id: str
    title: str
    items: list[str]
    counts: dict[Verdict, int]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def decided(self) -> int:
        return sum(n for v, n in self.counts.items() if v.decided)

    @property
    def assessed_pct(self) -> float:
        return 100.0 * self.decided / self.total if self.total else 0.0

    @property
    def met_pct(self) -> float:
        return 100.0 * self.counts[Verdict.MET] / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "items": list(self.items),
            "counts": {v.value: n for v, n in self.counts.items()},
            "total": self.total,
            "assessed_pct": round(self.assessed_pct, 1),
            "met_pct": round(self.met_pct, 1),
        }


def _coverage(
    gid: str, title: str, item_ids: list[str], statuses: Mapping[str, ItemStatus]
) -> Coverage:
    counts = {v: 0 for v in Verdict}
    for item_id in item_ids:
        counts[statuses[item_id].status] += 1
    return Coverage(gid, title, item_ids, counts)


def coverage_by_section(checklist: Checklist, statuses: Mapping[str, ItemStatus]) -> list[Coverage]:
    return [
        _coverage(s.id, s.title, [i.id for i in checklist.items_in(s.id)], statuses)
        for s in checklist.sections
    ]


def coverage_by_wa_question(
    checklist: Checklist, statuses: Mapping[str, ItemStatus]
) -> list[Coverage]:
    """Every WA question of the checklist (SEC01..SEC11), including those no item maps to."""
    return [
        _coverage(
            q.id, q.title, [i.id for i in checklist.items if q.id in i.wa.questions], statuses
        )
        for q in checklist.wa_questions
    ]


def coverage_by_wa_best_practice(
    checklist: Checklist, statuses: Mapping[str, ItemStatus]
) -> list[Coverage]:
    return [
        _coverage(
            bp.id,
            bp.title,
            [i.id for i in checklist.items if bp.id in i.wa.best_practices],
            statuses,
        )
        for q in checklist.wa_questions
        for bp in q.best_practices
    ]


UNANSWERED = "unanswered_questions"  # a filter beside the verdicts: items with questions left


def question_totals(statuses: Iterable[ItemStatus]) -> dict[str, int]:
    """Questions, not items: how many are answered and how many are left (or due again)."""
    questions = [q for s in statuses for q in s.questions]
    left = sum(1 for q in questions if q.pending)
    return {"total": len(questions), "answered": len(questions) - left, "unanswered": left}


def has_unanswered(status: ItemStatus) -> bool:
    return any(q.pending for q in status.questions)


def totals(statuses: Iterable[ItemStatus]) -> dict[str, int]:
    out = {v.value: 0 for v in Verdict}
    for s in statuses:
        out[s.status.value] += 1
    return out
