"""The wizard's keyboard shortcuts in a real JupyterLab: keys move it and save its answers."""

from __future__ import annotations

import re

import nbformat
import pytest
from lab_helpers import open_notebook, run_cell, shoot, wait_for_kernel_idle
from playwright.sync_api import expect

from seccheck.assessment import AssessmentFile
from seccheck.checklist import load_checklist
from seccheck.notebooks import KERNELSPEC

pytestmark = pytest.mark.browser


def test_keys_move_through_the_wizard_and_save_the_answer(page, lab):
    checklist = load_checklist()
    order = [i.id for i in checklist.items]
    asked = next(i for i in checklist.items[1:-1] if i.manual_questions)
    question = asked.manual_questions[0].id
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": dict(KERNELSPEC)})
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import seccheck\n"
            "a = seccheck.Assessment.open('keys.seccheck.json', title='Keys')\n"
            f"a.wizard(start={asked.id!r})"
        )
    )
    nbformat.write(nb, str(lab.root / "keys.ipynb"))
    open_notebook(page, lab, "keys.ipynb")
    wait_for_kernel_idle(page)
    run_cell(page, 0)
    wizard = page.locator(".jp-Seccheck-wizard")
    position = wizard.locator(".widget-html", has_text=re.compile(r"\d+ / \d+")).first
    here = order.index(asked.id)
    expect(position).to_contain_text(f"{here + 1} / {len(order)} · {asked.id}")
    expect(wizard.locator(".jp-Seccheck-keys")).to_contain_text(
        "Alt+PageUp previous item · Alt+PageDown next item · Alt+Shift+Enter save and next"
    )

    # From the notebook (command mode, focus on the cell), as after running the cell.
    page.keyboard.press("Alt+PageDown")
    expect(position).to_contain_text(f"{here + 2} / {len(order)} · {order[here + 1]}")
    page.keyboard.press("Alt+PageUp")
    expect(position).to_contain_text(f"{here + 1} / {len(order)} · {asked.id}")

    # Answering inside the wizard: letters that are notebook shortcuts elsewhere (a, b, d, m)
    # stay typing in the notes; the save-and-next key works with the focus still in them.
    block = wizard.locator(".jp-Seccheck-question").first
    block.locator(".jp-Seccheck-status-choice button", has_text="No").click()
    notes = block.locator(".jp-Seccheck-notes textarea")
    notes.click()
    notes.press_sequentially("bad admin mfa")
    expect(notes).to_have_value("bad admin mfa")
    expect(position).to_contain_text(f"{here + 1} / {len(order)}")
    notes.press("Alt+Shift+Enter")
    expect(position).to_contain_text(f"{here + 2} / {len(order)} · {order[here + 1]}")
    expect(wizard.locator(".jp-Seccheck-wizard-bottom")).to_contain_text("saved 1 answer(s)")
    shoot(page, "wizard-keys")

    saved = AssessmentFile.open(lab.root / "keys.seccheck.json").answers[question]
    assert (saved.status, saved.notes) == ("no", "bad admin mfa")
