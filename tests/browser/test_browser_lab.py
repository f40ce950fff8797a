"""seccheck in a real JupyterLab: launcher card, palette, side panel, widgets and charts."""

from __future__ import annotations

import json

import nbformat
import pytest
from lab_helpers import (
    open_notebook,
    open_palette,
    open_palette_and_run,
    open_panel,
    run_all,
    run_cell,
    shoot,
    wait_for_kernel_idle,
)
from playwright.sync_api import expect

from seccheck.checklist import load_checklist
from seccheck.sandbox.scenarios import SCENARIOS

pytestmark = pytest.mark.browser


def test_launcher_card_creates_and_opens_an_assessment_on_the_sandbox(page, lab):
    card = page.locator(".jp-Launcher-section", has_text="AWS Security").locator(
        ".jp-LauncherCard", has_text="Security assessment")
    card.click()

    dialog = page.locator(".jp-Dialog")
    dialog.locator(".jp-SeccheckDialog").wait_for()
    checklist = dialog.locator("select[name=checklist]")
    assert "AWS Security Checklist" in checklist.locator("option:checked").inner_text()
    # Every scenario of the sandbox package is offered; the lab points AWS at the workshop one.
    target = dialog.locator("select[name=target]")
    offered = target.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert [v for v in offered if v.startswith("sandbox:")] == [
        f"sandbox:{name}" for name in SCENARIOS]
    assert "profile:" in offered
    expect(target).to_have_value("sandbox:workshop")
    target.select_option("sandbox:clean")
    expect(dialog.locator(".jp-SeccheckDialog-targetHint")).to_contain_text(
        SCENARIOS["clean"].description)
    dialog.locator("input[name=fileName]").fill("from-launcher")
    dialog.locator("input[name=regions]").fill("us-east-1, eu-west-1")
    shoot(page, "launcher-dialog")
    dialog.get_by_role("button", name="Create").click()

    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="from-launcher.ipynb")
    tab.wait_for()
    page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first.wait_for()
    # kernelspec metadata: no "Select Kernel" dialog pops up
    assert page.locator(".jp-Dialog").count() == 0
    shoot(page, "launcher-notebook")

    # The notebook says and does what was chosen: the clean sandbox, not the one the lab uses.
    intro = page.locator(".jp-NotebookPanel .jp-RenderedMarkdown").first
    expect(intro).to_contain_text("Scope: the clean sandbox")
    nb = nbformat.read(str(lab.root / "from-launcher.ipynb"), as_version=4)
    scope_index = role_index(nb, "scope")
    assert 'sandbox="clean"' in nb.cells[scope_index].source
    assert json.dumps(["us-east-1", "eu-west-1"]) in nb.cells[scope_index].source
    wait_for_kernel_idle(page)
    run_cell(page, scope_index)
    state = json.loads((lab.root / "from-launcher.seccheck.json").read_text())
    assert state["scope"]["sandbox"] == "clean" and state["scope"]["profile"] is None


def test_palette_offers_the_three_commands(page):
    search = open_palette(page)
    search.fill("AWS Security")
    items = page.locator(".lm-CommandPalette-item")
    items.first.wait_for()
    labels = set(items.all_inner_texts())
    for label in ("New security assessment", "Open checklist panel", "Export evidence"):
        assert any(label in text for text in labels), labels


def test_side_panel_is_restored_after_a_reload(page):
    open_panel(page)
    expect(page.locator("#seccheck-checklist-panel .jp-SeccheckPanel-message")).to_contain_text(
        "Open an assessment notebook")
    page.wait_for_timeout(1500)  # the workspace is saved shortly after a layout change
    assert "reset" not in page.url
    page.reload()
    page.locator(".lm-TabBar-tab[data-id='seccheck-checklist-panel']").wait_for()
    expect(page.locator("#seccheck-checklist-panel")).to_be_visible(timeout=15_000)


def test_run_all_on_the_sandbox_renders_the_wizard_and_a_plotly_chart(page, lab):
    status, reply = lab.api("POST", "seccheck/assessments",
                            {"path": "run-all.ipynb", "sandbox": "workshop"})
    assert status == 201, reply
    open_notebook(page, lab, "run-all.ipynb")
    wait_for_kernel_idle(page)

    run_all(page)

    page.locator(".jp-Seccheck-wizard").first.wait_for(timeout=300_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=120_000)
    shoot(page, "run-all")
    wait_for_kernel_idle(page, timeout=300_000)
    panel = open_panel(page)
    items = panel.locator(".jp-SeccheckPanel-item")
    expect(items).to_have_count(len(load_checklist().items))
    # Every item got a verdict or a to-do, and the header counts add up to the items.
    counts = panel.locator(".jp-SeccheckPanel-countValue").all_inner_texts()
    assert sum(int(n) for n in counts) == len(load_checklist().items)
    assert panel.locator(".jp-SeccheckPanel-item[data-status='not_verified']").count() == 0
    panel.locator(".jp-SeccheckPanel-item[data-item-id='IAM-01']").click()
    page.wait_for_timeout(1000)  # let the scroll settle for the picture
    shoot(page, "run-all-panel")
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    shoot(page, "run-all-panel-chart")


def test_side_panel_follows_answers_and_jumps_to_items(page, lab):
    checklist = load_checklist()
    asked = next(i for i in checklist.items if i.manual_questions)
    far = checklist.items[-1]
    status, reply = lab.api("POST", "seccheck/assessments",
                            {"path": "panel.ipynb", "sandbox": "workshop", "title": "Panel test"})
    assert status == 201, reply
    nb = nbformat.read(str(lab.root / "panel.ipynb"), as_version=4)
    open_notebook(page, lab, "panel.ipynb")
    panel = open_panel(page)
    expect(panel.locator(".jp-SeccheckPanel-message")).to_contain_text("no saved assessment yet")

    wait_for_kernel_idle(page)
    run_cell(page, role_index(nb, "scope"))  # opens the assessment file: the panel lists it
    panel.locator(".jp-SeccheckPanel-items").first.wait_for(timeout=20_000)
    status, summary = lab.api("GET", "seccheck/assessments?path=panel.ipynb")
    assert status == 200, summary
    expect(panel.locator(".jp-SeccheckPanel-title")).to_have_text(summary["title"])
    expect(panel.locator(".jp-SeccheckPanel-item")).to_have_count(len(checklist.items))
    row = panel.locator(f".jp-SeccheckPanel-item[data-item-id='{asked.id}']")
    expect(row).to_have_attribute("data-answered", "0")

    answer_cell = run_cell(page, first_cell_index(nb, asked.id, "answer"))
    question = answer_cell.locator(".jp-Seccheck-question").first
    question.locator(".jp-Seccheck-status-choice button", has_text="No").click()
    question.locator(".jp-Seccheck-save").click()

    expect(row).to_have_attribute("data-answered", "1", timeout=20_000)
    expect(row).to_have_attribute("data-status", "not_met")
    # The panel shows the server's words and icons (summary["legend"]), not a table of its own.
    legend = summary["legend"]["verdicts"]
    expect(row.locator(".jp-Seccheck-statusIcon")).to_have_text(legend["not_met"]["icon"])
    chips = panel.locator(".jp-SeccheckPanel-count")
    expect(chips).to_have_count(len(legend))
    expect(chips.locator(".jp-SeccheckPanel-countLabel")).to_have_text(
        [style["label"] for style in legend.values()]
    )
    shoot(page, "panel-answered")

    panel.locator(f".jp-SeccheckPanel-item[data-item-id='{far.id}']").click()
    expected = first_cell_index(nb, far.id)
    page.wait_for_function(ACTIVE_CELL_IN_VIEW, arg=expected, timeout=10_000)
    shoot(page, "panel-jump")

    open_palette_and_run(page, "Export evidence")
    toast = page.locator(".Toastify__toast", has_text="Evidence exported to panel-evidence.ipynb")
    toast.wait_for(timeout=60_000)
    assert (lab.root / "panel-evidence.ipynb").is_file()
    assert (lab.root / "panel-evidence.html").is_file()


# Index of the active cell, and whether its top edge is inside the notebook's visible area.
ACTIVE_CELL_IN_VIEW = """(expected) => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')];
  const active = cells.findIndex(c => c.classList.contains('jp-mod-active'));
  if (active !== expected) { return false; }
  const view = panel.querySelector('.jp-Notebook').getBoundingClientRect();
  const top = cells[active].getBoundingClientRect().top;
  return top >= view.top - 1 && top < view.bottom - 20;
}"""


def role_index(nb, role: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata["seccheck"]["role"] == role)


def first_cell_index(nb, item_id: str, role: str | None = None) -> int:
    return next(i for i, c in enumerate(nb.cells)
                if c.metadata.get("seccheck", {}).get("item_id") == item_id
                and (role is None or c.metadata["seccheck"]["role"] == role))
