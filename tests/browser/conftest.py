"""JupyterLab in Debian's chromium, driven by Python Playwright (reference: jupyter-recipes §4).

One JupyterLab per test session: loopback only, a random token, a temporary root, settings and
workspaces, and kernels pointed at a seeded sandbox (moto on 127.0.0.1), so no AWS account or
developer configuration is ever seen. Screenshots land in test-artifacts/browser/.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lab_helpers import ARTIFACTS, shoot

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Chromium is required in CI; on a developer machine without it the tests say why they skip."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        return  # the `browser` fixture fails loudly instead
    reason = f"{CHROMIUM} is missing (apt-get install -y chromium); required when CI is set"
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


class Lab:
    """A running JupyterLab: its URL, token and root folder."""

    def __init__(self, url: str, token: str, root: Path, proc: subprocess.Popen[bytes]) -> None:
        self.url, self.token, self.root, self.proc = url, token, root, proc

    def api(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}/{path}", data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read().decode()
                return resp.status, json.loads(text) if text else None
        except urllib.error.HTTPError as exc:
            text = exc.read().decode()
            return exc.code, json.loads(text) if text else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def sandbox_env(workshop) -> dict[str, str]:
    """The shared workshop sandbox (tests only read from it)."""
    return workshop.env()


@contextmanager
def running_lab(base: Path, extra_env: dict[str, str]) -> Iterator[Lab]:
    """Start JupyterLab in `base` with `extra_env` for its kernels; stop it afterwards."""
    root, settings, workspaces, config = (base / n for n in ("root", "settings", "ws", "config"))
    for folder in (root, settings, workspaces, config):
        folder.mkdir()
    (settings / "overrides.json").write_text(json.dumps(OVERRIDES))
    no_aws = base / "no-aws"
    no_aws.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "SECCHECK_", "JUPYTER_", "JPY_"))}
    env.update(extra_env)
    built = os.environ.get("SECCHECK_TEST_LABEXTENSION")
    if built:
        # Serve a freshly built extension (e.g. a worktree's src/seccheck/labextension) instead
        # of the one installed in the venv: JUPYTER_PATH comes first in the lookup.
        data = base / "data"
        (data / "labextensions").mkdir(parents=True)
        (data / "labextensions" / "seccheck").symlink_to(Path(built).resolve())
        env["JUPYTER_PATH"] = str(data)
    env.update({
        "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        "AWS_CONFIG_FILE": str(no_aws / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(no_aws / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "JUPYTER_CONFIG_DIR": str(config),
        "PYTHONUNBUFFERED": "1",
    })
    token, port = secrets.token_hex(16), _free_port()
    log = (base / "lab.log").open("wb")
    proc = subprocess.Popen(
        [str(VENV_BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.app_settings_dir={settings}", f"--LabApp.user_settings_dir={settings / 'user'}",
         f"--LabApp.workspaces_dir={workspaces}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root,
    )
    running = Lab(f"http://127.0.0.1:{port}", token, root, proc)
    deadline = time.monotonic() + 60
    while True:
        try:
            if running.api("GET", "api/status")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"JupyterLab did not start:\n{(base / 'lab.log').read_text()[-3000:]}")
        time.sleep(0.3)
    try:
        yield running
    finally:
        try:
            running.api("POST", "api/shutdown")
            proc.wait(timeout=20)
        except Exception:
            proc.kill()
            proc.wait()
        finally:
            log.close()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{base.name}.log").write_bytes((base / "lab.log").read_bytes())


# Module scope, not session: playwright's sync API keeps an asyncio loop running in this thread
# while it is open, which would break every later asyncio-based test (pytest-jupyter, nbclient).
@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, sandbox_env: dict[str, str]) -> Iterator[Lab]:
    """JupyterLab whose kernels point at the shared workshop sandbox (as `seccheck demo` does)."""
    with running_lab(tmp_path_factory.mktemp("lab"), sandbox_env) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: CI must `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab: Lab, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh browser page on JupyterLab; a screenshot is kept when the test fails."""
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    # A workspace of its own, reset, so tabs of an earlier test are not restored.
    workspace = "".join(c if c.isalnum() else "-" for c in request.node.name)[:60]
    page.goto(f"{lab.url}/lab/workspaces/{workspace}?reset&token={lab.token}")
    page.locator(".jp-LauncherCard").first.wait_for()
    # The side panel's tab proves seccheck's front end loaded.
    page.locator(".lm-TabBar-tab[data-id='seccheck-checklist-panel']").wait_for()
    yield page
    failed = getattr(request.node, "_failed", False)
    if failed:
        shoot(page, f"{request.node.name}-failure")
    context.close()
    ours = [e for e in errors if "seccheck" in e.lower()]
    assert not ours, f"seccheck errors in the browser console: {ours}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        item._failed = True  # type: ignore[attr-defined]

