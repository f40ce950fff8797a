"""`seccheck app`: the wizard as a Voila app, one sandbox and one assessment per student."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.lab_helpers import shoot

pytestmark = pytest.mark.browser

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from seccheck.commands.demo import free_port

    root = tmp_path_factory.mktemp("app")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SECCHECK_"))}
    env["JUPYTER_CONFIG_DIR"] = str(root / "config")
    port = free_port()
    proc = subprocess.Popen(
        [str(VENV_BIN / "seccheck"), "app", "class.ipynb", f"--port={port}", "--no-browser"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = ""
    for line in proc.stdout:
        if "?token=" in line:
            url = line.split(" at ", 1)[1].split()[0]
            break
    assert url, "seccheck app printed no URL"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.replace("/?", "/api/status?"), timeout=2):
                break
        except OSError:
            assert proc.poll() is None, "voila exited"
            time.sleep(0.5)
    yield url, root
    started = descendants(proc.pid)  # Voila, the students' kernels and their sandboxes
    assert started, "seccheck app started no Voila server"
    proc.terminate()  # SIGTERM, as a process manager or `kill` stops a class
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 30
    while (left := [pid for pid in started if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.5)
    for pid in left:
        os.kill(pid, 9)
    assert not left, f"processes left running after seccheck app stopped: {left}"


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_two_students_get_their_own_sandbox_and_assessment(app_url, browser):
    url, root = app_url
    before = set((root / "students").glob("*.seccheck.json"))  # other tests' students
    pages, errors = [], []
    contexts = [browser.new_context(viewport={"width": 1300, "height": 900}) for _ in range(2)]
    try:
        for context in contexts:
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(url, timeout=180_000)
            pages.append(page)
        for n, page in enumerate(pages):
            wizard = page.locator(".jp-Seccheck-wizard")
            wizard.wait_for(timeout=240_000)
            card = wizard.locator(".jp-Seccheck-card").first
            card.locator(".jp-Seccheck-run").first.click()
            results = card.locator(".jp-Seccheck-item-results")
            results.locator("table").first.wait_for(timeout=180_000)
            assert "IAM-01-C01" in results.inner_text()
            assert results.locator(".jp-Seccheck-remedy").count() > 0  # how to fix, per failure
            shoot(page, f"app-student-{n}")
    finally:
        for context in contexts:
            context.close()
    assert not errors, f"console errors in the app: {errors}"
    files = sorted(set((root / "students").glob("*.seccheck.json")) - before)
    assert len(files) == 2, files
    endpoints = set()
    for f in files:
        runs = json.loads(f.read_text())["runs"]
        assert runs and runs[-1]["status"] == "completed"
        endpoints.add(runs[-1]["scope"]["endpoint_url"])
    assert len(endpoints) == 2, f"the students shared a sandbox: {endpoints}"


def test_keys_move_the_app_wizard_and_save_the_answer(app_url, browser):
    """The Voila template binds the wizard's shortcuts (there are no JupyterLab commands there)."""
    from seccheck.checklist import load_checklist

    url, root = app_url
    items = load_checklist().items
    order = [i.id for i in items]
    question = items[1].manual_questions[0].id
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, timeout=180_000)
        wizard = page.locator(".jp-Seccheck-wizard")
        wizard.wait_for(timeout=240_000)
        position = wizard.locator(".widget-html", has_text=f"/ {len(order)} ·").first
        expect(position).to_contain_text(f"1 / {len(order)} · {order[0]}")
        expect(wizard.locator(".jp-Seccheck-keys")).to_contain_text("Alt+PageDown next item")
        page.locator("body").click(position={"x": 5, "y": 5})
        page.keyboard.press("Alt+PageDown")
        expect(position).to_contain_text(f"2 / {len(order)} · {order[1]}")
        page.keyboard.press("Alt+PageUp")
        expect(position).to_contain_text(f"1 / {len(order)} · {order[0]}")
        page.keyboard.press("Alt+PageDown")
        block = wizard.locator(".jp-Seccheck-question").first
        expect(block).to_contain_text(question)
        notes = block.locator(".jp-Seccheck-notes textarea")
        notes.click()
        notes.press_sequentially("typed in the app")
        block.locator(".jp-Seccheck-status-choice button", has_text="Partially").click()
        page.keyboard.press("Alt+Shift+Enter")
        expect(position).to_contain_text(f"3 / {len(order)} · {order[2]}")
        shoot(page, "app-wizard-keys")
    finally:
        context.close()
    answers = {}
    for f in (root / "students").glob("*.seccheck.json"):
        answers.update(json.loads(f.read_text())["answers"])
    assert answers[question]["status"] == "partial"
    assert answers[question]["notes"] == "typed in the app"
