"""The wizard and its item cards, driven through their methods and widgets (no browser)."""

from __future__ import annotations

import pytest

from seccheck import Assessment
from seccheck.checks.registry import load_all
from seccheck.scoring import Verdict
from seccheck.widgets.item_card import ItemCard
from seccheck.widgets.progress import RunProgress
from seccheck.widgets.wizard import Wizard


def use_sandbox(monkeypatch, sandbox) -> None:
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def a(tmp_path):
    return Assessment.open(tmp_path / "wiz.seccheck.json")


def test_walks_items_in_checklist_order_with_bounds(a):
    wiz = Wizard(a)
    order = [i.id for i in a.checklist.items]
    assert wiz.value == order[0] and wiz.previous_button.disabled
    seen = [wiz.value]
    while not wiz.next_button.disabled:
        wiz.next_button.click()  # the button's handler, as a browser click would call it
        seen.append(wiz.value)
    assert seen == order
    assert wiz.next_item() == order[-1]  # stays on the last one
    assert wiz.previous_item() == order[-2]
    assert f"{len(order) - 1} / {len(order)}" in wiz.position.value
    assert "jp-Seccheck-wizard" in wiz.widget._dom_classes
    assert {"jp-Seccheck-next", "jp-Seccheck-previous"} <= {
        *wiz.next_button._dom_classes,
        *wiz.previous_button._dom_classes,
    }
    assert wiz.next_button.tooltip and wiz.previous_button.tooltip


def test_jump_by_section_and_filter_by_status(a):
    wiz = Wizard(a)
    wiz.jump_to_section("DP")
    assert wiz.items() == [i.id for i in a.checklist.items_in("DP")]
    assert wiz.value == "DP-01"
    a.answer("DP-02-Q01", "no")
    wiz.jump_to_section(None)
    wiz.filter_status(Verdict.NOT_MET.value)
    assert wiz.items() == ["DP-02"] and wiz.value == "DP-02"
    wiz.filter_status(Verdict.MET.value)
    assert wiz.items() == [] and wiz.value is None
    assert "No item matches" in wiz.card_box.children[0].value
    wiz.go_to("IR-02")  # clears filters that would hide it
    assert wiz.value == "IR-02" and wiz.status_filter.value == ""
    assert wiz.status_filter.label == "Any status" and wiz.section.label == "All sections"
    assert wiz.card_box.children == (wiz.card("IR-02").widget,)


def test_cards_are_kept_so_typing_survives_navigation(a):
    wiz = Wizard(a, start="IAM-02")
    wiz.card().form.questions[0].notes.value = "draft, not saved yet"
    wiz.next_item()
    wiz.previous_item()
    assert wiz.value == "IAM-02"
    assert wiz.card().form.questions[0].notes.value == "draft, not saved yet"


def test_overview_follows_saved_answers(a):
    wiz = Wizard(a, start="IR-03")
    q = wiz.card().form.questions[0]
    q.status.value = "no"
    assert q.save()
    assert "❌ 1 not met" in wiz.overview.value
    assert wiz.card().value == Verdict.NOT_MET.value


def test_run_button_verifies_the_item_and_shows_results(tmp_path, workshop, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "card.seccheck.json", sandbox="workshop")
    card = ItemCard(a, "IAM-01")
    implemented = {c.id for c in a.checklist.item("IAM-01").checks} & set(load_all())
    assert not card.run_button.disabled and f"({len(implemented)})" in card.run_button.description
    card.run_button.click()  # runs in a background thread, as in the notebook
    card.wait(120)
    assert not card.thread.is_alive()
    (run,) = Assessment.load(a.path).runs
    assert {r.check_id for r in run.results} == implemented
    assert card.progress.bar.bar_style == "success" and card.progress.cancel_button.disabled
    assert "jp-Seccheck-results" in card.results.value and "IAM-01-C01" in card.results.value
    # The workshop root has no MFA, while other core checks of the item pass: partially met.
    assert "partially met" in card.header.value and "IAM-01-C01 FAIL" in card.header.value
    # Reopened later, the card shows the saved results without running again.
    again = ItemCard(Assessment.open(a.path), "IAM-01")
    assert "Latest saved results" in again.results.value and "IAM-01-C01" in again.results.value


def test_cancel_stops_the_run_and_keeps_it_marked(tmp_path, workshop, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "cancel.seccheck.json", sandbox="workshop")
    card = ItemCard(a, "DP-01")
    original = card.progress.update

    def cancel_on_first_progress(p):
        original(p)
        card.progress.cancel()  # what clicking Cancel does

    card.progress.update = cancel_on_first_progress
    card.run(background=False)
    (run,) = Assessment.load(a.path).runs
    assert run.status == "cancelled"
    assert "cancelled" in card.progress.label.value and card.progress.bar.bar_style == "success"


def test_run_button_is_disabled_when_nothing_is_automated(a, monkeypatch):
    monkeypatch.setattr(a, "_implemented", set())
    card = ItemCard(a, "IR-03")
    assert card.run_button.disabled and "No automated check" in card.run_button.tooltip


def test_progress_widget_logic():
    p = RunProgress()

    class FakeVerification:
        cancelled = False

        def cancel(self):
            self.cancelled = True

    class P:
        done, total, results, label = 3, 7, 12, "123 eu-west-1 ec2"

    v = FakeVerification()
    p.attach(v)
    assert p.widget.layout.display is None and not p.cancel_button.disabled
    p.update(P())
    assert p.value == (3, 7) and "12 result(s)" in p.label.value
    p.cancel_button.click()
    assert v.cancelled and p.cancel_button.disabled
    assert "jp-Seccheck-cancel" in p.cancel_button._dom_classes


def test_bottom_buttons_save_and_move_on_and_questions_are_counted(a):
    wiz = Wizard(a, start="IAM-01")
    assert wiz.bottom in wiz.widget.children and wiz.widget.children.index(
        wiz.bottom
    ) > wiz.widget.children.index(wiz.card_box)
    total = sum(len(i.manual_questions) for i in a.checklist.items)
    assert f"0/{total} questions answered" in wiz.overview.value
    assert f"{total} of {total} questions not yet answered" in wiz.overview.value
    first, second = wiz.card().form.questions[:2]
    first.status.value = "yes"
    first.notes.value = "kept in the vault"
    second.status.value = "not_applicable"  # no reason: refused, and the wizard stays
    assert wiz.save_and_next() == "IAM-01"
    assert "IAM-01-Q02" in wiz.save_message.value
    second.status.value = None
    assert wiz.save_and_next() != "IAM-01"
    assert a.answers["IAM-01-Q01"].notes == "kept in the vault"
    assert "IAM-01-Q02" not in a.answers
    assert f"1/{total} questions answered" in wiz.overview.value
    wiz.previous_bottom.click()
    assert wiz.value == "IAM-01"


def test_filter_by_unanswered_questions(a):
    wiz = Wizard(a)
    wiz.filter_status("unanswered_questions")
    with_questions = [i.id for i in a.checklist.items if i.manual_questions]
    assert wiz.items() == with_questions
    for q in a.checklist.item("IR-03").manual_questions:
        a.answer(q.id, "no")
    assert "IR-03" not in wiz.items()
