"""The answer form without a browser: type into the widgets, press Save, read the file."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from seccheck import Assessment
from seccheck.widgets.answer_form import AnswerForm


@pytest.fixture
def a(tmp_path):
    return Assessment.open(tmp_path / "form.seccheck.json")


def saved(a: Assessment) -> dict:
    return json.loads(a.path.read_text())["answers"]


def test_form_has_one_block_per_question_and_stable_css_classes(a):
    form = AnswerForm(a, "IAM-01")
    assert [q.question.id for q in form.questions] == ["IAM-01-Q01", "IAM-01-Q02", "IAM-01-Q03"]
    assert "jp-Seccheck-answer" in form.widget._dom_classes
    q = form.questions[0]
    assert "jp-Seccheck-save" in q.save_button._dom_classes
    assert "jp-Seccheck-question" in q.widget._dom_classes
    assert q.save_button.tooltip and q.status.tooltips
    assert q.status.get_state()["_model_name"] == "ToggleButtonsModel"
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle


def test_an_answer_typed_and_saved_lands_in_the_file_with_who_and_when(a):
    q = AnswerForm(a, "IAM-01").question("IAM-01-Q01")
    q.status.value = "yes"
    q.notes.value = "Two custodians; password in the vault"
    q.url.value = "https://wiki.example/break-glass"
    assert q.add_pending_url()
    q.url.value = "https://tickets.example/SEC-12"  # typed but not added: Save takes it too
    q.upload.value = (
        {
            "name": "custody.pdf",
            "type": "application/pdf",
            "size": 9,
            "content": memoryview(b"%PDF-1.4x"),
            "last_modified": datetime(2026, 11, 1, tzinfo=timezone.utc),
        },
    )
    q.by.value = "alice"
    before = datetime.now(timezone.utc)
    assert q.save() is True
    assert "saved" in q.message.value and "alice" in q.message.value

    entry = saved(a)["IAM-01-Q01"]
    assert entry["status"] == "yes" and entry["answered_by"] == "alice"
    assert entry["notes"] == "Two custodians; password in the vault"
    when = datetime.fromisoformat(entry["answered_at"].replace("Z", "+00:00"))
    assert before <= when <= datetime.now(timezone.utc)
    urls = [e["value"] for e in entry["evidence"] if e["kind"] == "url"]
    assert urls == ["https://wiki.example/break-glass", "https://tickets.example/SEC-12"]
    (pdf,) = [e for e in entry["evidence"] if e["kind"] == "file"]
    assert (
        pdf["value"] == "custody.pdf"
        and (a.path.parent / pdf["stored_at"]).read_bytes() == b"%PDF-1.4x"
    )
    assert entry["review_by"] == str(when.date() + timedelta(days=365))
    # The form now shows the saved state: nothing pending, evidence listed.
    assert q.value["urls"] == [] and q.value["files"] == []
    assert "custody.pdf" in q.evidence_list.value


def test_reopening_the_form_restores_what_was_saved(a):
    q = AnswerForm(a, "IAM-01").question("IAM-01-Q02")
    q.status.value = "not_applicable"
    q.reason.value = "Covered by another control"
    q.notes.value = "Root access is centrally managed"
    q.review_by.value = date(2027, 3, 1)
    assert q.save()

    again = AnswerForm(Assessment.open(a.path), "IAM-01").question("IAM-01-Q02")  # re-run the cell
    assert again.status.value == "not_applicable"
    assert again.reason.value == "Covered by another control"
    assert again.notes.value == "Root access is centrally managed"
    assert again.review_by.value == date(2027, 3, 1)
    assert again.reason.layout.display is None  # visible for N/A
    fresh = AnswerForm(a, "IAM-01").question("IAM-01-Q03")
    assert fresh.status.value is None and fresh.reason.layout.display == "none"


def test_na_without_a_reason_is_refused_with_a_message(a):
    q = AnswerForm(a, "IAM-01").question("IAM-01-Q03")
    q.status.value = "not_applicable"
    q.notes.value = "we think it does not apply"
    assert q.save() is False
    assert "reason" in q.message.value and "#c62828" in q.message.value
    assert "IAM-01-Q03" not in saved(a)
    assert q.notes.value == "we think it does not apply"  # what was typed is kept
    q.reason.value = "Other"
    q.notes.value = ""
    assert q.save() is False and "explanation" in q.message.value  # the engine's rule, shown
    q.notes.value = "single-account sandbox, contacts managed by the parent company"
    assert q.save() is True
    assert saved(a)["IAM-01-Q03"]["reason"] == "Other"


def test_no_status_chosen_and_bad_url_are_refused(a):
    q = AnswerForm(a, "IR-01").question("IR-01-Q01")
    assert q.save() is False and "choose" in q.message.value
    q.url.value = "ftp://old.example/plan"
    assert q.add_pending_url() is False and "not an http(s) URL" in q.message.value
    assert saved(a) == {}


def test_resaving_keeps_evidence_and_refreshes_the_review_date_unless_changed(a):
    q = AnswerForm(a, "IR-01").question("IR-01-Q01")
    q.status.value = "partial"
    q.url.value = "https://wiki.example/ir-plan"
    assert q.save()
    first = a.answers["IR-01-Q01"]
    q.status.value = "yes"
    assert q.save()
    second = a.answers["IR-01-Q01"]
    assert second.status == "yes" and [e.value for e in second.evidence] == [
        "https://wiki.example/ir-plan"
    ]
    assert second.answered_at > first.answered_at
    q.keep.value = False
    q.url.value = "https://wiki.example/ir-plan-v2"
    q.review_by.value = date(2026, 12, 31)
    assert q.save()
    third = a.answers["IR-01-Q01"]
    assert [e.value for e in third.evidence] == ["https://wiki.example/ir-plan-v2"]
    assert third.review_by == date(2026, 12, 31)
    assert len([e for e in a.history if e.kind == "answer" and e.subject == "IR-01-Q01"]) == 3


def test_item_note_and_static_fallback(a):
    form = AnswerForm(a, "DP-03")
    form.note.value = "ask the DBA team about break-glass access"
    assert form.save_note()
    assert a.item_notes["DP-03"].text == "ask the DBA team about break-glass access"
    assert AnswerForm(a, "DP-03").note.value == "ask the DBA team about break-glass access"
    q = form.questions[0]
    q.status.value = "no"
    assert q.save()
    html = AnswerForm(a, "DP-03").static_html()
    assert "DP-03-Q01" in html and "No" in html and "not yet answered" in html  # Q02 open
    assert "not met" in form.header.value  # header refreshed after the save


def test_read_only_assessment_shows_the_error_instead_of_saving(a):
    ro = Assessment.load(a.path)
    q = AnswerForm(ro, "IAM-01").question("IAM-01-Q01")
    q.status.value = "no"
    with pytest.raises(RuntimeError, match="read-only"):
        q.save()
