"""Unsupported attestations in the widgets: a Yes or Partially saved without required evidence."""

from __future__ import annotations

import pytest

from seccheck import Assessment
from seccheck.widgets.answer_form import AnswerForm, question_html
from seccheck.widgets.wizard import Wizard


@pytest.fixture
def a(tmp_path):
    return Assessment.open(tmp_path / "attest.seccheck.json")


def test_the_answer_form_flags_a_yes_saved_without_evidence_until_evidence_is_added(a):
    form = AnswerForm(a, "IAM-01")
    q = form.question("IAM-01-Q01")
    assert q.attestation.value == ""
    assert "unsupported" not in form.header.value

    q.status.value = "yes"
    assert q.save() is True
    assert "Unsupported attestation: answered Yes without the evidence" in q.attestation.value
    assert "(file, url, note)" in q.attestation.value
    # What the browser receives: the widget model's synced state, right under the answer buttons.
    assert q.attestation.get_state()["value"] == q.attestation.value
    assert "jp-Seccheck-unsupported" in q.attestation._dom_classes
    children = list(q.widget.children)
    assert children.index(q.attestation) == children.index(q.status) + 1
    assert "1 unsupported answer (IAM-01-Q01)" in form.header.value
    # The same flag in the static HTML of exported notebooks.
    assert "Unsupported attestation" in question_html(q.question, a.answers["IAM-01-Q01"])

    q.url.value = "https://wiki.example/break-glass"
    assert q.save() is True
    assert q.attestation.value == ""
    assert "unsupported" not in form.header.value


def test_no_and_not_applicable_need_no_evidence_here(a):
    form = AnswerForm(a, "IAM-01")
    q = form.question("IAM-01-Q03")  # evidence required for "yes" only
    q.status.value = "no"
    assert q.save() is True
    assert q.attestation.value == "" and "unsupported" not in form.header.value


def test_a_partial_answer_saved_elsewhere_is_flagged_in_the_shared_form(a):
    form = AnswerForm(a, "IAM-01")
    a.answer("IAM-01-Q02", "partial", by="bob")  # the wizard or another view saved it
    q = form.question("IAM-01-Q02")
    q.follow_saved()
    form.refresh()
    assert "answered Partially without the evidence" in q.attestation.value
    assert "IAM-01-Q02" in form.header.value


def test_the_wizard_counts_unsupported_answers_and_filters_their_items(a):
    wiz = Wizard(a, start="IAM-01")
    assert "without the required evidence</span>" not in wiz.overview.value
    wiz.filter_status("unsupported_answers")
    assert wiz.items() == []
    wiz.filter_status(None)
    wiz.go_to("IAM-01")

    card = wiz.card()
    first, second = card.form.questions[:2]
    first.status.value = "yes"
    second.status.value = "partial"
    second.notes.value = "MFA on the root user, recovery codes in the safe"
    assert wiz.save_and_next() != "IAM-01"

    assert "⚠ 1 answer(s) without the required evidence" in wiz.overview.value
    wiz.filter_status("unsupported_answers")
    assert wiz.items() == ["IAM-01"] and wiz.value == "IAM-01"
    assert "1 unsupported answer (IAM-01-Q01)" in card.form.header.value
    assert "Unsupported attestation" in first.attestation.value
    assert second.attestation.value == ""
