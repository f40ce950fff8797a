"""What the readable cells show: escaping of anything from AWS or people, and bounded tables."""

from __future__ import annotations

from seccheck.checklist import Checklist
from seccheck.evidence.content import ROWS_PER_CHECK, answers_block, results_block
from seccheck.evidence.source import Answer
from seccheck.results import CheckResult, Status


def _result(check: str, i: int, status: str, reason: str = "fine") -> CheckResult:
    return CheckResult(
        check,
        check[:6],
        "111122223333",
        "us-east-1",
        f"arn:aws:s3:::bucket-{i:05d}",
        Status(status),
        reason,
        "high",
        "s3",
        (f"c{i:06d}",),
    )


def test_markup_from_aws_and_people_is_escaped(checklist: Checklist) -> None:
    item = checklist.item("IAM-01")
    check = item.checks[0].id
    block = results_block(
        item,
        [_result(check, 1, "FAIL", "<img src=x onerror=alert(1)> costs $5")],
        multi_account=False,
    )
    assert "<img" not in block and "&lt;img src=x onerror=alert(1)&gt;" in block
    assert "$" not in block.split("</th>", 1)[1] and "&#36;5" in block
    q = item.manual_questions[0]
    text = answers_block(
        item,
        {
            q.id: Answer(
                q.id,
                "yes",
                notes="<script>x</script>\nline 2",
                urls=['javascript:alert(1)" onclick="x'],
            )
        },
    )
    assert "<script>" not in text and "&lt;script&gt;" in text and "line 2" in text
    assert 'onclick="x' not in text


def test_long_checks_show_findings_first_and_count_the_rest(checklist: Checklist) -> None:
    item = checklist.item("DP-01")
    check = item.checks[0].id
    results = [_result(check, i, "PASS") for i in range(ROWS_PER_CHECK + 50)]
    results += [_result(check, 10_000 + i, "FAIL", "public") for i in range(30)]
    block = results_block(item, results, multi_account=False)
    rows = [line for line in block.splitlines() if line.startswith("<tr><td>")]
    rest = [line for line in block.splitlines() if line.startswith("<tr><td colspan")]
    assert len(rows) == ROWS_PER_CHECK and len(rest) == 1
    assert all("FAIL" in row for row in rows[:30]) and "FAIL" not in rows[30]
    assert (
        f"and {len(results) - ROWS_PER_CHECK} more ({len(results) - ROWS_PER_CHECK} PASS)"
        in rest[0]
    )
    assert f"{ROWS_PER_CHECK + 50} PASS" in block and "30 FAIL" in block


def test_attestation_without_required_evidence_is_flagged(checklist: Checklist) -> None:
    from seccheck.evidence.content import MISSING_EVIDENCE, evidence_missing

    item, q = next(
        (i, q)
        for i in checklist.items
        for q in i.manual_questions
        if "yes" in q.evidence.required_for
    )
    bare = Answer(q.id, "yes", answered_by="a@example.com")
    backed = Answer(q.id, "yes", urls=["https://wiki.example.com/p"], answered_by="a@example.com")
    assert evidence_missing(q, bare) and not evidence_missing(q, backed)
    assert MISSING_EVIDENCE in answers_block(item, {q.id: bare})
    assert MISSING_EVIDENCE not in answers_block(item, {q.id: backed})
    if "no" not in q.evidence.required_for:
        assert not evidence_missing(q, Answer(q.id, "no", answered_by="a@example.com"))
