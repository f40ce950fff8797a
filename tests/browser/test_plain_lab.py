"""Notebooks from `seccheck new --sandbox` / `--workshop` opened in a plain `jupyter lab`.

No sandbox in the environment here: the kernel starts its own, from a worker thread, as it does
for a user who follows `seccheck new`'s advice. Every verdict the tables show must be a real one.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import nbformat
import nbformat.v4 as v4
import pytest
from lab_helpers import cells, open_notebook, run_all, shoot, wait_for_kernel_idle
from playwright.sync_api import expect

from seccheck.cli import main as seccheck_main
from tests.browser.conftest import Lab, running_lab

pytestmark = pytest.mark.browser

VERDICT = re.compile(r"\b(PASS|FAIL|WARN|NOT_APPLICABLE|NOT_ASSESSABLE|ERROR)\b")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab with no sandbox and no AWS in its environment."""
    with running_lab(tmp_path_factory.mktemp("plain-lab"), {}) as running:
        yield running


def rendered_verdicts(page) -> Counter[str]:
    """The status column of every results table rendered on the page (folded rows included)."""
    texts = page.locator(".jp-Seccheck-results tbody tr td:first-child").all_text_contents()
    return Counter(m.group(1) for t in texts if (m := VERDICT.search(t)))


def run_top_to_bottom(page, lab: Lab, name: str) -> Counter[str]:
    open_notebook(page, lab, name)
    wait_for_kernel_idle(page)
    run_all(page)
    last = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").last
    last.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=600_000)
    wait_for_kernel_idle(page, timeout=120_000)
    shoot(page, f"plain-lab-{name}")
    return rendered_verdicts(page)


@pytest.mark.parametrize("option", ["--sandbox", "--workshop"])
def test_sandbox_notebook_in_plain_lab_shows_no_error_verdicts(page, lab, option, capsys):
    name = f"plain{option.replace('-', '_')}.ipynb"
    assert seccheck_main(["new", str(lab.root / name), option]) == 0
    capsys.readouterr()
    verdicts = run_top_to_bottom(page, lab, name)
    assert verdicts["FAIL"] > 0 and verdicts["PASS"] > 0, verdicts
    assert verdicts["ERROR"] == 0, verdicts
    # Remediation beside a failure: the check's fix and its AWS documentation link.
    remedy = page.locator(".jp-Seccheck-fixes .jp-Seccheck-remedy").first
    remedy.scroll_into_view_if_needed()
    expect(remedy).to_be_visible()
    expect(remedy.locator("a[href^='https://docs.aws.amazon.com/']").first).to_be_visible()


def answer(question, choice: str, notes: str) -> None:
    question.locator(
        ".jp-Seccheck-status-choice button", has_text=re.compile(f"^{choice}$")
    ).click()
    question.locator(".jp-Seccheck-notes textarea").fill(notes)
    question.locator(".jp-Seccheck-save").click()
    expect(question.locator(".jp-Seccheck-message")).to_contain_text("saved", timeout=20_000)


def test_answers_in_the_wizard_and_the_item_form_share_one_state(page, lab):
    nb = v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    nb.cells = [
        v4.new_code_cell(
            'from seccheck import Assessment\na = Assessment.open("share.seccheck.json")'
        ),
        v4.new_code_cell('a.wizard(start="IAM-01")'),
        v4.new_code_cell('a.answer_form("IAM-01")'),
    ]
    nbformat.write(nb, lab.root / "share.ipynb")
    open_notebook(page, lab, "share.ipynb")
    wait_for_kernel_idle(page)
    run_all(page)
    wizard = cells(page).nth(1).locator(".jp-Seccheck-wizard .jp-Seccheck-question")
    form = cells(page).nth(2).locator(".jp-Seccheck-answer .jp-Seccheck-question")
    form.first.wait_for(timeout=60_000)
    header = cells(page).nth(2).locator(".jp-Seccheck-answer").first

    answer(wizard.nth(0), "Yes", "break-glass in the vault (wizard)")  # wizard, then form
    expect(form.nth(0).locator(".jp-Seccheck-notes textarea")).to_have_value(
        "break-glass in the vault (wizard)"
    )
    expect(header).to_contain_text("1/3 answered")
    answer(form.nth(1), "No", "root keys still exist (form)")
    expect(wizard.nth(1).locator(".jp-Seccheck-notes textarea")).to_have_value(
        "root keys still exist (form)"
    )
    answer(form.nth(2), "Partially", "hardware key ordered (form)")  # form, then wizard
    answer(wizard.nth(2), "Partially", "hardware key ordered; arrives Monday (wizard)")
    expect(header).to_contain_text("3/3 answered")
    shoot(page, "shared-answers")

    saved = json.loads((lab.root / "share.seccheck.json").read_text())["answers"]
    assert {q: (v["status"], v["notes"]) for q, v in saved.items()} == {
        "IAM-01-Q01": ("yes", "break-glass in the vault (wizard)"),
        "IAM-01-Q02": ("no", "root keys still exist (form)"),
        "IAM-01-Q03": ("partial", "hardware key ordered; arrives Monday (wizard)"),
    }
