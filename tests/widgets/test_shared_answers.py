"""One answer state: every view of a question shares it, and a stale view never overwrites."""

from __future__ import annotations

import json

import pytest

from seccheck.assessment import Assessment
from seccheck.widgets.answer_form import AnswerForm
from seccheck.widgets.wizard import Wizard


@pytest.fixture
def a(tmp_path):
    return Assessment.open(tmp_path / "shared.seccheck.json")


def on_disk(a: Assessment) -> dict:
    return json.loads(a.path.read_text())


def test_wizard_and_item_form_show_the_same_answer_and_counts(a):
    form = AnswerForm(a, "IAM-01")
    wiz = Wizard(a, start="IAM-01")
    in_wizard = wiz.card().form.question("IAM-01-Q01")
    in_form = form.question("IAM-01-Q01")
    in_wizard.status.value = "yes"
    in_wizard.notes.value = "typed in the wizard"
    assert in_form.notes.value == "typed in the wizard"  # the same widgets, before any save
    assert in_wizard.save()
    assert "1/3 answered" in form.header.value  # the other view refreshed on save
    in_form.notes.value = "typed in the wizard, then refined in the form"
    assert in_form.save()
    assert "1/3 answered" in wiz.card().form.header.value
    saved = on_disk(a)["answers"]["IAM-01-Q01"]
    assert saved["notes"] == "typed in the wizard, then refined in the form"
    assert saved["status"] == "yes"


def test_a_stale_form_is_refused_and_never_overwrites_notes_saved_elsewhere(a):
    stale = AnswerForm(a, "IAM-01").question("IAM-01-Q02")  # shown, then left open
    other = Assessment.open(a.path)  # another kernel on the same notebook
    other.answer("IAM-01-Q02", "partial", notes="notes saved in the other kernel")

    stale.status.value = "no"
    stale.notes.value = ""
    assert stale.save() is False
    assert "changed elsewhere" in stale.message.value and "Reload" in stale.message.value
    assert stale.notes.value == ""  # what was typed here stays until the user reloads
    assert stale.reload_button.layout.display is None
    saved = on_disk(a)["answers"]["IAM-01-Q02"]
    assert saved["notes"] == "notes saved in the other kernel" and saved["status"] == "partial"

    stale.reload()
    assert stale.notes.value == "notes saved in the other kernel"
    assert stale.status.value == "partial"
    stale.notes.value += "; reviewed"
    assert stale.save()
    assert on_disk(a)["answers"]["IAM-01-Q02"]["notes"] == (
        "notes saved in the other kernel; reviewed"
    )


def test_a_stale_item_note_is_refused(a):
    form = AnswerForm(a, "DP-03")
    Assessment.open(a.path).note("DP-03", "written elsewhere")
    form.note.value = "written here"
    assert form.save_note() is False
    assert "changed elsewhere" in form.note_message.value
    assert on_disk(a)["item_notes"]["DP-03"]["text"] == "written elsewhere"


def test_every_save_raises_the_stored_revision(a):
    first = on_disk(a)["revision"]
    a.answer("IAM-01-Q03", "yes", notes="x")
    a.note("IAM-01", "y")
    assert on_disk(a)["revision"] == first + 2
    other = Assessment.open(a.path)
    other.answer("IAM-01-Q03", "no")
    a.note("IAM-01", "z")  # merges the other writer's save, then counts on from it
    assert on_disk(a)["revision"] == first + 4


def test_forms_follow_what_another_kernel_saved_and_keep_unsaved_edits(a):
    from seccheck.widgets import live

    form = AnswerForm(a, "IAM-01")
    quiet, busy = form.question("IAM-01-Q01"), form.question("IAM-01-Q02")
    busy.notes.value = "half-typed, not saved"
    other = Assessment.open(a.path)
    other.answer("IAM-01-Q01", "yes", notes="saved by the other kernel")
    other.answer("IAM-01-Q02", "no", notes="also saved there")
    other.note("IAM-01", "note from the other kernel")

    assert live.tick() >= 1
    assert quiet.notes.value == "saved by the other kernel" and quiet.status.value == "yes"
    assert "2/3 answered" in form.header.value
    assert form.note.value == "note from the other kernel"
    assert busy.notes.value == "half-typed, not saved"  # the user's edits stay
    assert "changed elsewhere" in busy.message.value
    assert busy.save() is False  # and cannot overwrite the other kernel's answer
    assert on_disk(a)["answers"]["IAM-01-Q02"]["notes"] == "also saved there"
    assert live.tick() == 0  # nothing new: one stat per assessment, no reload


def test_forms_built_again_do_not_pile_up_on_the_shared_question(a):
    import gc

    for _ in range(5):
        AnswerForm(a, "IAM-01")  # re-running the cell, as people do
    kept = AnswerForm(a, "IAM-01")
    gc.collect()
    q = kept.question("IAM-01-Q01")
    q.status.value = "yes"
    assert q.save()
    assert len(q.listeners) == 1 and "1/3 answered" in kept.header.value
