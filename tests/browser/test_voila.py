"""The wizard works in Voila too: the notebook served as an app, driven in Debian's chromium."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import nbformat.v4 as v4
import pytest

from tests.browser.lab_helpers import shoot

pytestmark = pytest.mark.browser

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def voila(tmp_path_factory, sandbox_env):
    root = tmp_path_factory.mktemp("voila")
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        v4.new_code_cell(
            'from seccheck import Assessment\na = Assessment.open("app.seccheck.json", '
            'sandbox="workshop")'
        ),
        v4.new_code_cell("a.wizard()"),
    ]
    nbformat.write(nb, root / "app.ipynb")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SECCHECK_", "JUPYTER_"))
    }
    env.update(sandbox_env)
    env["JUPYTER_CONFIG_DIR"] = str(root / "config")
    port, token = free_port(), secrets.token_hex(8)
    log = (root / "voila.log").open("wb")
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "voila"),
            "app.ipynb",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            f"--token={token}",
            "--VoilaConfiguration.extension_denylist=['seccheck']",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/?token={token}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2
            ):
                break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    yield url, root
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def test_wizard_runs_a_check_in_voila(voila, browser):
    url, root = voila
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url, timeout=180_000)
        wizard = page.locator(".jp-Seccheck-wizard")
        wizard.wait_for(timeout=180_000)
        card = wizard.locator(".jp-Seccheck-card").first
        card.locator(".jp-Seccheck-run").first.click()
        card.locator(".jp-Seccheck-item-results table").first.wait_for(timeout=120_000)
        shoot(page, "voila-wizard")
        text = card.locator(".jp-Seccheck-item-results").inner_text()
        assert "IAM-01-C01" in text and (
            "FAIL" in text or "Fail" in text or "✗" in text or "❌" in text
        )
        page.locator(".jp-Seccheck-next").first.click()
        wizard.get_by_text("IAM-02", exact=False).first.wait_for(timeout=30_000)
    finally:
        context.close()
    assert not [e for e in errors if "seccheck" in e.lower()], errors
    saved = (root / "app.seccheck.json").read_text()
    assert "IAM-01-C01" in saved, "the run was saved to the assessment"
