"""The card's "Accept a failing finding as a risk" control: the model's rules, shown in place."""

from __future__ import annotations

from datetime import date

from seccheck import Assessment
from seccheck.results import CheckResult, Status
from seccheck.widgets.acceptance_form import AcceptanceForm
from seccheck.widgets.item_card import ItemCard
from tests.recorded_runs import record_run

TODAY = date(2026, 12, 3)


def _file(tmp_path) -> Assessment:
    a = Assessment.open(tmp_path / "w.seccheck.json")
    a.clock = lambda: TODAY
    results = [
        CheckResult("DP-01-C02", "DP-01", "111122223333", "eu-west-1", res, st, "r", "high", "ec2")
        for res, st in (("vol-1", Status.FAIL), ("vol-2", Status.PASS))
    ]
    record_run(a, results)
    return a


def test_only_failing_findings_are_offered_and_accepting_updates_the_card(tmp_path):
    a = _file(tmp_path)
    card = ItemCard(a, "DP-01")
    form = card.acceptances
    assert [f[1][3] for f in form.failing()] == ["vol-1"]  # the PASS is not offered
    assert form.expires.value == date(2027, 3, 3)  # an acceptance always ends
    form.reason.value = "legacy volume"
    assert form.accept() is False and "needs an owner" in form.message.value
    form.owner.value = "storage team"
    assert form.accept() is True and "Accepted DP-01-C02 on vol-1" in form.message.value
    assert "ACCEPTED" in card.results.value and "storage team" in card.results.value
    assert "accepted by" in card.results.value and "legacy volume" in card.results.value
    (row,) = form.value
    assert (row["state"], row["owner"]) == ("active", "storage team")
    assert form.in_force.value == row["id"]
    assert form.revoke() is True and "counts as FAIL again" in form.message.value
    assert [r.status for r in a.latest_results("DP-01") if r.resource == "vol-1"] == [Status.FAIL]


def test_past_expiry_is_refused_in_place_and_read_only_disables(tmp_path):
    a = _file(tmp_path)
    form = AcceptanceForm(a, "DP-01")
    form.reason.value, form.owner.value = "r", "o"
    form.expires.value = date(2026, 12, 1)
    before = a.path.read_bytes()
    assert form.accept() is False and "in the past" in form.message.value
    assert a.path.read_bytes() == before
    ro = AcceptanceForm(Assessment.load(a.path), "DP-01")
    assert ro.accept_button.disabled and ro.revoke_button.disabled
