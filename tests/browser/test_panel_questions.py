"""The side panel's question counts, its Unanswered / Unsupported filters, and the answer form's
unsupported-attestation flag, as a person sees them in JupyterLab (Chromium)."""

from __future__ import annotations

import nbformat
import pytest
from lab_helpers import open_notebook, open_panel, run_cell, shoot, wait_for_kernel_idle
from playwright.sync_api import expect

from seccheck.checklist import load_checklist

pytestmark = pytest.mark.browser

ONE_QUESTION = "DET-01"  # the item with a single question: answering it leaves none


def cell_index(nb, role: str, item_id: str | None = None) -> int:
    return next(i for i, c in enumerate(nb.cells)
                if c.metadata["seccheck"]["role"] == role
                and c.metadata["seccheck"]["item_id"] == item_id)


def test_panel_counts_questions_filters_unanswered_and_flags_unsupported(page, lab):
    checklist = load_checklist()
    item = checklist.item(ONE_QUESTION)
    assert len(item.manual_questions) == 1
    total = sum(len(i.manual_questions) for i in checklist.items)
    asked = [i.id for i in checklist.items if i.manual_questions]
    status, reply = lab.api("POST", "seccheck/assessments",
                            {"path": "questions.ipynb", "sandbox": "workshop"})
    assert status == 201, reply
    nb = nbformat.read(str(lab.root / "questions.ipynb"), as_version=4)
    open_notebook(page, lab, "questions.ipynb")
    panel = open_panel(page)
    wait_for_kernel_idle(page)
    run_cell(page, cell_index(nb, "scope"))
    panel.locator(".jp-SeccheckPanel-items").first.wait_for(timeout=20_000)

    count = panel.locator(".jp-SeccheckPanel-questionCount")
    expect(count).to_have_text(f"Questions answered: 0/{total}")
    unanswered = panel.locator(".jp-SeccheckPanel-filter[data-filter='unanswered']")
    unsupported = panel.locator(".jp-SeccheckPanel-filter[data-filter='unsupported']")
    expect(unanswered).to_have_text(f"Unanswered ({len(asked)})")
    expect(unsupported).to_have_text("Unsupported (0)")
    row = panel.locator(f".jp-SeccheckPanel-item[data-item-id='{ONE_QUESTION}']")
    expect(row.locator(".jp-SeccheckPanel-itemDetails")).to_contain_text(
        "answered 0/1 (1 unanswered)")

    # Yes without evidence: counted as answered, and flagged as unsupported everywhere.
    answer = run_cell(page, cell_index(nb, "answer", ONE_QUESTION))
    question = answer.locator(".jp-Seccheck-question").first
    question.locator(".jp-Seccheck-status-choice button", has_text="Yes").click()
    question.locator(".jp-Seccheck-save").click()
    expect(question.locator(".jp-Seccheck-unsupported")).to_contain_text(
        "Unsupported attestation: answered Yes without the evidence the checklist requires",
        timeout=20_000)
    expect(answer.locator(".jp-Seccheck-answer")).to_contain_text(
        f"1 unsupported answer ({item.manual_questions[0].id})")

    expect(count).to_have_text(f"Questions answered: 1/{total}", timeout=20_000)
    expect(unanswered).to_have_text(f"Unanswered ({len(asked) - 1})")
    expect(unsupported).to_have_text("Unsupported (1)")
    expect(panel.locator(".jp-SeccheckPanel-unsupportedCount")).to_have_text(
        "⚠ 1 unsupported answer(s)")
    expect(row.locator(".jp-SeccheckPanel-itemDetails")).to_contain_text("answered 1/1")
    expect(row.locator(".jp-SeccheckPanel-unsupported")).to_have_text(
        f"⚠ Unsupported: {item.manual_questions[0].id}")
    shoot(page, "panel-unsupported")

    unanswered.click()
    expect(unanswered).to_have_attribute("aria-pressed", "true")
    listed = panel.locator(".jp-SeccheckPanel-item")
    expect(listed).to_have_count(len(asked) - 1)
    assert ONE_QUESTION not in listed.evaluate_all("rows => rows.map(r => r.dataset.itemId)")
    unsupported.click()
    expect(listed).to_have_count(1)
    expect(listed.first).to_have_attribute("data-item-id", ONE_QUESTION)
    shoot(page, "panel-filter-unsupported")

    # Notes count as evidence for this question: the flag goes from the form and the panel.
    question.locator(".jp-Seccheck-notes textarea").fill("Alarms page the on-call rota")
    question.locator(".jp-Seccheck-save").click()
    expect(question.locator(".jp-Seccheck-unsupported")).to_have_text("", timeout=20_000)
    expect(unsupported).to_have_text("Unsupported (0)", timeout=20_000)
    expect(listed).to_have_count(0)
    expect(panel.locator(".jp-SeccheckPanel-message")).to_have_text(
        "No answer lacks the evidence the checklist requires.")
    panel.locator(".jp-SeccheckPanel-filter[data-filter='all']").click()
    expect(listed).to_have_count(len(checklist.items))
