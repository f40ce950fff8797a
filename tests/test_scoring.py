"""Item status rules and coverage figures, on a small checklist and hand-made results/answers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from seccheck.checklist import load_checklist
from seccheck.results import CheckResult, Finding, Status
from seccheck.scoring import (
    NOT_IMPLEMENTED,
    NOT_RUN,
    Verdict,
    check_outcome,
    coverage_by_section,
    coverage_by_wa_best_practice,
    coverage_by_wa_question,
    has_unanswered,
    item_status,
    question_totals,
    totals,
)
from seccheck.state import Answer, Evidence

CHECKLIST_YAML = """
schema_version: 1
name: Scoring test
version: "1"
wa_framework_version: "2024-06-27"
wa_questions:
  - id: SEC01
    title: Operate
    area: Foundations
    best_practices:
      - {id: SEC01-BP01, title: Accounts}
      - {id: SEC01-BP02, title: Root}
  - id: SEC02
    title: Authenticate
    area: IAM
    best_practices:
      - {id: SEC02-BP01, title: Sign-in}
  - id: SEC03
    title: Unused question
    area: IAM
    best_practices:
      - {id: SEC03-BP01, title: Nobody maps here}
sections:
  - {id: IAM, title: Identity}
  - {id: DET, title: Detection}
items:
  - id: IAM-01
    section: IAM
    title: Mixed item
    guidance: g
    why: w
    wa: {questions: [SEC01], primary: SEC01-BP02, related: [SEC01-BP01]}
    manual_questions:
      - id: IAM-01-Q01
        prompt: Who holds root?
        evidence: {kinds: [file, url], required_for: ["yes", "partial"]}
        review_interval_days: 30
      - id: IAM-01-Q02
        prompt: Notes are evidence here
        evidence: {kinds: [note], required_for: ["yes"]}
    checks:
      - {id: IAM-01-C01, title: a, severity: critical, service: iam, scope: global, remediation: r}
      - {id: IAM-01-C02, title: b, severity: high, service: iam, scope: global, remediation: r}
      - {id: IAM-01-C03, title: c, severity: low, service: iam, scope: global, tier: extended,
         remediation: r}
  - id: IAM-02
    section: IAM
    title: Checks only
    guidance: g
    why: w
    wa: {questions: [SEC02], primary: SEC02-BP01}
    checks:
      - {id: IAM-02-C01, title: a, severity: medium, service: iam, scope: global, remediation: r}
  - id: DET-01
    section: DET
    title: Questions only
    guidance: g
    why: w
    wa: {questions: [SEC01, SEC02], primary: SEC01-BP01, related: [SEC02-BP01]}
    manual_questions:
      - {id: DET-01-Q01, prompt: One}
      - {id: DET-01-Q02, prompt: Two}
"""

TODAY = date(2026, 11, 28)
ALL = {"IAM-01-C01", "IAM-01-C02", "IAM-01-C03", "IAM-02-C01"}


@pytest.fixture(scope="module")
def cl(tmp_path_factory):
    path = tmp_path_factory.mktemp("cl") / "checklist.yaml"
    path.write_text(CHECKLIST_YAML)
    return load_checklist(path)


def res(check_id: str, status: Status, resource: str = "arn:x") -> CheckResult:
    item = check_id.rsplit("-", 1)[0]
    return CheckResult(
        check_id, item, "111122223333", "global", resource, status, "why", "high", "iam"
    )


def ans(qid: str, status: str, *, evidence=(), notes="", reason=None, review_by=None) -> Answer:
    at = datetime(2026, 11, 1, tzinfo=timezone.utc)
    return Answer(
        question_id=qid,
        item_id=qid.rsplit("-", 1)[0],
        status=status,
        reason=reason,
        notes=notes,
        evidence=list(evidence),
        answered_by="tester",
        answered_at=at,
        review_by=review_by or (TODAY + timedelta(days=30)),
    )


URL = Evidence(kind="url", value="https://wiki.example/root")


def status_of(cl, item_id, results=(), answers=None, implemented=ALL):
    return item_status(
        cl.item(item_id), list(results), answers or {}, implemented=implemented, today=TODAY
    )


def test_check_outcome_precedence():
    assert check_outcome([]) == NOT_RUN
    assert check_outcome([res("IAM-01-C01", Status.PASS), res("IAM-01-C01", Status.FAIL)]) == "FAIL"
    assert (
        check_outcome([res("IAM-01-C01", Status.PASS), res("IAM-01-C01", Status.NOT_ASSESSABLE)])
        == "NOT_ASSESSABLE"
    )
    assert check_outcome([res("IAM-01-C01", Status.PASS), res("IAM-01-C01", Status.WARN)]) == "WARN"
    assert check_outcome([res("IAM-01-C01", Status.NOT_APPLICABLE)]) == "NOT_APPLICABLE"


def test_nothing_known_is_not_yet_verified_or_answered(cl):
    assert status_of(cl, "IAM-01").status is Verdict.NOT_VERIFIED
    assert status_of(cl, "IAM-02").status is Verdict.NOT_VERIFIED
    assert status_of(cl, "DET-01").status is Verdict.NOT_ANSWERED


def test_core_checks_that_only_fail_make_the_item_not_met_whatever_the_answers(cl):
    results = [res("IAM-01-C01", Status.FAIL), res("IAM-01-C02", Status.FAIL)]
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    s = status_of(cl, "IAM-01", results, answers)
    assert s.status is Verdict.NOT_MET
    assert "IAM-01-C01 FAIL" in s.reasons


def test_core_checks_that_partly_pass_make_the_item_partially_met(cl):
    results = [res("IAM-01-C01", Status.FAIL), res("IAM-01-C02", Status.PASS)]
    s = status_of(cl, "IAM-01", results)
    assert s.status is Verdict.PARTIAL
    assert "IAM-01-C01 FAIL" in s.reasons and "IAM-01-C02 PASS" in s.reasons
    said_no = {"IAM-01-Q01": ans("IAM-01-Q01", "no")}
    assert status_of(cl, "IAM-01", results, said_no).status is Verdict.NOT_MET


def test_unanswered_questions_are_counted_as_questions_not_items(cl):
    statuses = [status_of(cl, i.id) for i in cl.items]
    total = sum(len(i.manual_questions) for i in cl.items)
    assert question_totals(statuses) == {"total": total, "answered": 0, "unanswered": total}
    answered = status_of(cl, "IAM-01", (), {"IAM-01-Q01": ans("IAM-01-Q01", "yes", notes="n")})
    statuses = [answered if s.item_id == "IAM-01" else s for s in statuses]
    assert question_totals(statuses)["unanswered"] == total - 1
    assert has_unanswered(answered)  # two of its three questions are still open


def test_an_extended_fail_does_not_decide(cl):
    results = [
        res("IAM-01-C01", Status.PASS),
        res("IAM-01-C02", Status.PASS),
        res("IAM-01-C03", Status.FAIL),
    ]
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="kept in the vault"),
    }
    s = status_of(cl, "IAM-01", results, answers)
    assert s.status is Verdict.MET
    assert s.checks["IAM-01-C03"] == "FAIL"


def test_answer_no_makes_the_item_not_met(cl):
    s = status_of(cl, "DET-01", answers={"DET-01-Q01": ans("DET-01-Q01", "no")})
    assert s.status is Verdict.NOT_MET


def test_all_questions_na_is_na_with_the_reasons(cl):
    answers = {
        "DET-01-Q01": ans("DET-01-Q01", "not_applicable", reason="Not in scope"),
        "DET-01-Q02": ans("DET-01-Q02", "not_applicable", reason="Business priorities"),
    }
    s = status_of(cl, "DET-01", answers=answers)
    assert s.status is Verdict.NOT_APPLICABLE
    assert s.label == "N/A (Business priorities, Not in scope)"


def test_checks_only_item_with_nothing_in_scope_is_na(cl):
    s = status_of(cl, "IAM-02", [res("IAM-02-C01", Status.NOT_APPLICABLE)])
    assert s.status is Verdict.NOT_APPLICABLE and s.na_reasons == ["Not in scope"]


def test_checks_passed_but_questions_open_is_not_yet_answered(cl):
    results = [res("IAM-01-C01", Status.PASS), res("IAM-01-C02", Status.PASS)]
    s = status_of(cl, "IAM-01", results, {"IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL])})
    assert s.status is Verdict.NOT_ANSWERED
    assert "IAM-01-Q02 not answered" in s.reasons
    assert s.answered == 1


def test_answers_given_but_a_check_not_run_is_not_yet_verified(cl):
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    s = status_of(cl, "IAM-01", [res("IAM-01-C01", Status.PASS)], answers)
    assert s.status is Verdict.NOT_VERIFIED
    assert "IAM-01-C02 not run yet" in s.reasons


def test_unseen_checks_with_nothing_positive_are_not_assessable(cl):
    s = status_of(cl, "IAM-02", [res("IAM-02-C01", Status.NOT_ASSESSABLE)])
    assert s.status is Verdict.NOT_ASSESSABLE


def test_unseen_check_next_to_positive_signals_is_partial(cl):
    results = [res("IAM-01-C01", Status.PASS), res("IAM-01-C02", Status.ERROR)]
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    s = status_of(cl, "IAM-01", results, answers)
    assert s.status is Verdict.PARTIAL
    assert "IAM-01-C02 could not see the data" in s.reasons


def test_met_needs_required_evidence(cl):
    results = [res("IAM-01-C01", Status.PASS), res("IAM-01-C02", Status.NOT_APPLICABLE)]
    without = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", notes="trust me"),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="noted"),
    }
    s = status_of(cl, "IAM-01", results, without)
    assert s.status is Verdict.PARTIAL  # Q01 accepts only files and URLs, not a note
    assert "IAM-01-Q01 needs evidence" in s.reasons
    with_url = {**without, "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL])}
    assert status_of(cl, "IAM-01", results, with_url).status is Verdict.MET


def test_a_partial_answer_or_warn_is_partially_met(cl):
    results = [res("IAM-01-C01", Status.PASS), res("IAM-01-C02", Status.PASS)]
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "partial", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    assert status_of(cl, "IAM-01", results, answers).status is Verdict.PARTIAL
    warn = [res("IAM-02-C01", Status.WARN)]
    assert status_of(cl, "IAM-02", warn).status is Verdict.PARTIAL


def test_overdue_review_reopens_a_yes_but_not_a_no(cl):
    old = TODAY - timedelta(days=1)
    answers = {
        "DET-01-Q01": ans("DET-01-Q01", "yes", notes="n", review_by=old),
        "DET-01-Q02": ans("DET-01-Q02", "yes", notes="n"),
    }
    s = status_of(cl, "DET-01", answers=answers)
    assert s.status is Verdict.NOT_ANSWERED
    assert "DET-01-Q01 re-review due" in s.reasons
    answers["DET-01-Q01"] = ans("DET-01-Q01", "no", review_by=old)
    assert status_of(cl, "DET-01", answers=answers).status is Verdict.NOT_MET


def test_unimplemented_core_checks_are_left_out_and_reported(cl):
    results = [res("IAM-01-C01", Status.PASS)]
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    s = status_of(cl, "IAM-01", results, answers, implemented={"IAM-01-C01"})
    assert s.checks["IAM-01-C02"] == NOT_IMPLEMENTED
    assert s.status is Verdict.MET
    assert any("IAM-01-C02" in r for r in s.reasons)
    # Strict mode (every check counts as runnable): the same picture is not yet verified.
    strict = item_status(cl.item("IAM-01"), results, answers, implemented=None, today=TODAY)
    assert strict.status is Verdict.NOT_VERIFIED


def test_coverage_groups_count_items_by_verdict(cl):
    statuses = {
        "IAM-01": status_of(cl, "IAM-01", [res("IAM-01-C01", Status.FAIL)]),
        "IAM-02": status_of(cl, "IAM-02", [res("IAM-02-C01", Status.NOT_APPLICABLE)]),
        "DET-01": status_of(cl, "DET-01"),
    }
    sections = {g.id: g for g in coverage_by_section(cl, statuses)}
    assert sections["IAM"].counts[Verdict.NOT_MET] == 1
    assert sections["IAM"].counts[Verdict.NOT_APPLICABLE] == 1
    assert sections["IAM"].decided == 2 and sections["IAM"].assessed_pct == 100.0
    assert sections["DET"].counts[Verdict.NOT_ANSWERED] == 1 and sections["DET"].decided == 0

    wa = {g.id: g for g in coverage_by_wa_question(cl, statuses)}
    assert list(wa) == ["SEC01", "SEC02", "SEC03"]  # SEC03 listed with no items
    assert wa["SEC03"].total == 0 and sum(wa["SEC03"].counts.values()) == 0
    assert wa["SEC01"].items == ["IAM-01", "DET-01"]
    assert wa["SEC02"].items == ["IAM-02", "DET-01"]

    bps = {g.id: g for g in coverage_by_wa_best_practice(cl, statuses)}
    assert bps["SEC01-BP01"].items == ["IAM-01", "DET-01"]
    assert bps["SEC03-BP01"].total == 0
    assert totals(statuses.values())["not_met"] == 1


def _not_judged(check_id: str) -> CheckResult:
    finding = Finding.not_judged("arn:x", "GuardDuty has no detector in us-east-1")
    return CheckResult(
        check_id=check_id,
        item_id=check_id.rsplit("-", 1)[0],
        account="111122223333",
        region="us-east-1",
        resource=finding.resource,
        status=finding.status,
        reason=finding.reason,
        severity="high",
        service="x",
        details=finding.details,
    )


def test_core_na_counts_as_met_only_when_nothing_of_that_kind_exists(cl):
    """Issue 10 item 4: an N/A the check could not judge never turns an item green or N/A."""
    answers = {
        "IAM-01-Q01": ans("IAM-01-Q01", "yes", evidence=[URL]),
        "IAM-01-Q02": ans("IAM-01-Q02", "yes", notes="n"),
    }
    nothing = [res("IAM-01-C01", Status.PASS), res("IAM-01-C02", Status.NOT_APPLICABLE)]
    assert status_of(cl, "IAM-01", nothing, answers).status is Verdict.MET
    unjudged = [res("IAM-01-C01", Status.PASS), _not_judged("IAM-01-C02")]
    s = status_of(cl, "IAM-01", unjudged, answers)
    assert s.status is Verdict.PARTIAL
    assert "IAM-01-C02 could not judge: GuardDuty has no detector in us-east-1" in s.reasons
    only = status_of(cl, "IAM-02", [_not_judged("IAM-02-C01")])
    assert only.status is Verdict.NOT_ASSESSABLE
    assert s.checks["IAM-01-C02"] == Status.NOT_APPLICABLE.value  # counted as N/A in tables
