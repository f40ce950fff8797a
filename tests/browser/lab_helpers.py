"""Small page helpers for JupyterLab 4 (what Galata would give us), with the readiness guards
from jupyter-recipes §4.4."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
KERNEL_IDLE = re.compile(r"Python 3 \(ipykernel\)\s*\|\s*Idle")


def shoot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_notebook(page: Any, lab: Any, path: str) -> Any:
    """Open a notebook in a workspace of its own; returns the visible notebook panel."""
    workspace = re.sub(r"[^A-Za-z0-9-]", "-", path)
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={lab.token}")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Cell").first.wait_for()
    return panel


def cells(page: Any) -> Any:
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")


def run_cell(page: Any, index: int, *, attempts: int = 2) -> Any:
    """Select cell `index`, run it, wait for its prompt number; retried once (readiness race)."""
    cell = cells(page).nth(index)
    for attempt in range(attempts):
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputPrompt").click()
        page.keyboard.press("Control+Enter")
        try:
            numbered = cell.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]"))
            numbered.wait_for(timeout=20_000)
            return cell
        except Exception:
            if attempt == attempts - 1:
                raise
            wait_for_kernel_idle(page)
    return cell


def wait_for_kernel_idle(page: Any, timeout: float = 90_000) -> None:
    """The toolbar indicator turns idle before the session is usable; the status bar is later."""
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        timeout=timeout)
    page.locator(".jp-StatusBar-TextItem", has_text=KERNEL_IDLE).first.wait_for(timeout=timeout)


def run_all(page: Any, *, attempts: int = 2) -> None:
    """Run All Cells from the menu; retried once if no cell started (the readiness race)."""
    for attempt in range(attempts):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.locator(".jp-InputPrompt", has_text="[1]").first.wait_for(timeout=15_000)
            return
        except Exception:
            if attempt == attempts - 1:
                raise
            wait_for_kernel_idle(page)


def open_panel(page: Any) -> Any:
    """Show the checklist side panel by clicking its tab in the left side bar."""
    panel = page.locator("#seccheck-checklist-panel")
    if not panel.is_visible():
        tab = ".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='seccheck-checklist-panel']"
        page.locator(tab).click()
    panel.wait_for(state="visible")
    return panel


def open_palette(page: Any) -> Any:
    """Open the command palette; the shortcut is retried while the page is still settling."""
    search = page.locator(".lm-CommandPalette-input")
    for _ in range(5):
        page.locator("#jp-main-dock-panel").click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+Shift+C")
        try:
            search.wait_for(state="visible", timeout=3_000)
            return search
        except Exception:
            continue
    search.wait_for(state="visible", timeout=3_000)
    return search


def open_palette_and_run(page: Any, label: str) -> None:
    search = open_palette(page)
    search.fill(label)
    page.locator(".lm-CommandPalette-item", has_text=label).first.click()
