"""Risk acceptance: FAIL -> ACCEPTED while in force, FAIL again after expiry, never PASS."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from seccheck.acceptance import Acceptance, acceptances_as_of, apply_acceptances
from seccheck.accepting import AcceptanceError
from seccheck.notebook import Assessment
from seccheck.results import CheckResult, Status
from seccheck.scoring import Verdict
from seccheck.state import Answer, Evidence, parse_state
from tests.recorded_runs import record_run

ACCOUNT = "111122223333"
TODAY = date(2026, 12, 3)


def _r(resource: str, status: Status, check: str = "DP-01-C02") -> CheckResult:
    item = check[:5]
    return CheckResult(check, item, ACCOUNT, "eu-west-1", resource, status, "why", "medium", "ec2")


def _acc(**kw) -> Acceptance:
    base = dict(
        check_id="DP-01-C02",
        resource="vol-1",
        reason="legacy volume, migrating",
        owner="storage team",
        expires=date(2026, 12, 31),
        accepted_by="alice",
    )
    return Acceptance(**{**base, **kw})


def test_fail_in_force_is_accepted_and_carries_who_why_until():
    (out,) = apply_acceptances([_r("vol-1", Status.FAIL)], [_acc()], TODAY)
    assert out.status is Status.ACCEPTED and out.status is not Status.PASS
    shown = out.details["acceptance"]
    assert shown["state"] == "active" and shown["owner"] == "storage team"
    assert shown["reason"] == "legacy volume, migrating" and shown["expires"] == "2026-12-31"
    assert shown["accepted_by"] == "alice"


def test_last_day_still_applies_and_the_day_after_is_fail_marked_expired():
    fail = _r("vol-1", Status.FAIL)
    assert apply_acceptances([fail], [_acc()], date(2026, 12, 31))[0].status is Status.ACCEPTED
    (after,) = apply_acceptances([fail], [_acc()], date(2027, 1, 1))
    assert after.status is Status.FAIL and after.details["acceptance"]["state"] == "expired"


def test_never_touches_anything_but_a_fail_and_other_resources():
    results = [_r("vol-1", Status.PASS), _r("vol-2", Status.FAIL), _r("vol-1", Status.ERROR)]
    assert apply_acceptances(results, [_acc()], TODAY) == results


def test_revoked_does_not_apply_and_whole_check_covers_every_resource():
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    revoked = _acc(revoked_at=now, revoked_by="bob")
    assert apply_acceptances([_r("vol-1", Status.FAIL)], [revoked], TODAY)[0].status is Status.FAIL
    whole = _acc(resource=None)
    out = apply_acceptances([_r("vol-1", Status.FAIL), _r("vol-7", Status.FAIL)], [whole], TODAY)
    assert [r.status for r in out] == [Status.ACCEPTED, Status.ACCEPTED]


def test_as_of_a_moment_undoes_later_revocations_and_drops_later_acceptances():
    t = datetime(2026, 12, 1, tzinfo=timezone.utc)
    early = _acc(accepted_at=t, revoked_at=datetime(2026, 12, 2, tzinfo=timezone.utc))
    late = _acc(id="late", accepted_at=datetime(2026, 12, 5, tzinfo=timezone.utc))
    (seen,) = acceptances_as_of([early, late], datetime(2026, 12, 1, 12, tzinfo=timezone.utc))
    assert seen.id == early.id and seen.revoked_at is None


# --- on an assessment file ---------------------------------------------------------------------


def _file(tmp_path, *runs: list[CheckResult]) -> Assessment:
    a = Assessment.open(tmp_path / "a.seccheck.json")
    a.clock = lambda: TODAY
    for n, results in enumerate(runs):
        at = datetime(2026, 12, 1, 10, n, tzinfo=timezone.utc)
        record_run(a, results, run_id=f"run{n}", at=at)
    return a


def test_accept_saves_and_every_reader_sees_accepted_until_expiry(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL), _r("vol-2", Status.PASS)])
    assert a.item_status("DP-01").status is Verdict.NOT_MET
    made = a.accept(
        "DP-01-C02", resource="vol-1", reason="legacy", owner="ops", expires="2026-12-31", by="al"
    )
    assert made.account == ACCOUNT and made.region == "eu-west-1"  # taken from the finding
    doc = json.loads(a.path.read_text())
    assert doc["schema_version"] == 2 and doc["acceptances"][made.id]["owner"] == "ops"
    again = Assessment.load(a.path)
    again.clock = lambda: TODAY
    by_resource = {r.resource: r.status for r in again.latest_results("DP-01")}
    assert by_resource == {"vol-1": Status.ACCEPTED, "vol-2": Status.PASS}
    assert again.item_statuses()["DP-01"].checks["DP-01-C02"] == "ACCEPTED"
    assert again.item_status("DP-01").status is not Verdict.MET
    again.clock = lambda: date(2027, 1, 1)
    (expired,) = [r for r in again.latest_results("DP-01") if r.resource == "vol-1"]
    assert expired.status is Status.FAIL and expired.details["acceptance"]["state"] == "expired"
    assert again.item_statuses()["DP-01"].checks["DP-01-C02"] == "FAIL"
    assert [e.kind for e in again.history].count("acceptance") == 1


def test_a_later_pass_with_a_new_fail_is_still_covered(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL)])
    a.accept("DP-01-C02", resource="vol-1", reason="r", owner="o", expires="2026-12-31")
    later = datetime(2026, 12, 2, tzinfo=timezone.utc)
    record_run(a, [_r("vol-1", Status.FAIL, "DP-01-C02")], run_id="later", at=later)
    (r,) = a.latest_results("DP-01")
    assert r.status is Status.ACCEPTED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resource": "vol-2"}, "is PASS: only a FAIL can be accepted"),
        ({"resource": "vol-404"}, "no such finding"),
        ({"resource": "vol-1", "expires": "2026-12-02"}, "in the past"),
        ({"resource": "vol-1", "expires": "soon"}, "not a date"),
        ({"resource": "vol-1", "owner": " "}, "needs an owner"),
        ({"resource": "vol-1", "reason": ""}, "needs a reason"),
    ],
)
def test_anything_but_a_fail_is_refused_and_nothing_is_saved(tmp_path, kwargs, message):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL), _r("vol-2", Status.PASS)])
    before = a.path.read_bytes()
    args = {"reason": "r", "owner": "o", "expires": "2026-12-31", **kwargs}
    with pytest.raises(AcceptanceError, match=message):
        a.accept("DP-01-C02", **args)
    assert a.path.read_bytes() == before


def test_unknown_check_is_refused(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL)])
    with pytest.raises(AcceptanceError, match="no check 'XX-01-C01'"):
        a.accept("XX-01-C01", reason="r", owner="o", expires="2026-12-31")


def test_revoke_makes_it_fail_again_and_keeps_the_record(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL)])
    made = a.accept("DP-01-C02", resource="vol-1", reason="r", owner="o", expires="2026-12-31")
    a.revoke_acceptance("DP-01-C02", resource="vol-1", reason="fixed soon")
    (r,) = a.latest_results("DP-01")
    assert r.status is Status.FAIL and "acceptance" not in r.details
    assert a.acceptances[made.id].revoke_reason == "fixed soon"
    assert a.accepted_risks() == []
    assert [x["state"] for x in a.accepted_risks(include_revoked=True)] == ["revoked"]
    with pytest.raises(AcceptanceError, match="already revoked"):
        a.revoke_acceptance(made.id)


def test_item_whose_only_failures_are_accepted_is_met_with_accepted_risk(checklist):
    from seccheck.scoring import Coverage, coverage_by_section, item_status

    item = checklist.item("DP-01")
    core = [c.id for c in item.checks if c.tier == "core"]
    results = [_r("x", Status.PASS, c) for c in core[1:]] + [_r("vol-1", Status.ACCEPTED, core[0])]
    at = datetime(2026, 12, 1, tzinfo=timezone.utc)
    url = Evidence(kind="url", value="https://wiki.example/proof")
    answers = {
        q.id: Answer(
            question_id=q.id,
            item_id=item.id,
            status="yes",
            evidence=[url],
            notes="see wiki",
            answered_by="alice",
            answered_at=at,
            review_by=date(2027, 6, 1),
        )
        for q in item.manual_questions
    }
    st = item_status(item, results, answers, implemented=set(core), today=TODAY)
    assert st.status is Verdict.MET_ACCEPTED_RISK and st.status is not Verdict.MET
    assert f"{core[0]} ACCEPTED (risk accepted)" in st.reasons
    cov: Coverage = next(
        c
        for c in coverage_by_section(checklist, {i.id: st for i in checklist.items})
        if "DP-01" in c.items
    )
    assert cov.counts[Verdict.MET] == 0 and cov.counts[Verdict.MET_ACCEPTED_RISK] >= 1
    assert cov.met_pct == 0.0 and cov.decided == cov.total
    failing = [_r("vol-1", Status.FAIL, core[0]), *results[:-1]]
    expired = item_status(item, failing, answers, implemented=set(core), today=TODAY)
    assert expired.status in (Verdict.PARTIAL, Verdict.NOT_MET)


def test_old_files_without_acceptances_still_load_and_stay_version_1(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL)])
    doc = json.loads(a.path.read_text())
    assert doc["schema_version"] == 1 and "acceptances" not in doc
    state = parse_state(a.path.read_bytes(), a.path)
    assert state.acceptances == {}


def test_two_writers_keep_each_others_acceptances_and_revocations(tmp_path):
    a = _file(tmp_path, [_r("vol-1", Status.FAIL), _r("vol-2", Status.FAIL)])
    other = Assessment.open(a.path)  # another kernel, opened before the acceptance
    other.clock = lambda: TODAY
    made = a.accept("DP-01-C02", resource="vol-1", reason="r", owner="o", expires="2026-12-31")
    other.answer("DP-01-Q01", "no")  # saves its stale copy: merged, not overwritten
    assert made.id in Assessment.load(a.path).acceptances
    other.accept("DP-01-C02", resource="vol-2", reason="r2", owner="o2", expires="2026-12-31")
    a.revoke_acceptance(made.id)
    final = Assessment.load(a.path)
    final.clock = lambda: TODAY
    assert {x.resource: x.state(TODAY) for x in final.acceptances.values()} == {
        "vol-1": "revoked",
        "vol-2": "active",
    }
    assert [e.data["action"] for e in final.history if e.kind == "acceptance"] == [
        "accepted",
        "accepted",
        "revoked",
    ]
