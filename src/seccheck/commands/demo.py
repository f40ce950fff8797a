"""`seccheck demo`: the sandbox and JupyterLab on the guided notebook, no AWS account needed."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from . import _arguments as arguments

ORDER = 10
NOTEBOOK = "guided-assessment.ipynb"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo", help="start a sandbox and JupyterLab on the guided assessment notebook"
    )
    p.add_argument(
        "--dir", default="seccheck-demo", help="working folder (default ./seccheck-demo)"
    )
    p.add_argument("--scenario", default="workshop", help="sandbox scenario (default workshop)")
    p.add_argument(
        "--port", type=arguments.port, default=0, help="JupyterLab port (default: a free one)"
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.add_argument(
        "--app",
        action="store_true",
        help="serve the wizard as a Voila app for students instead (same as `seccheck app`)",
    )
    p.set_defaults(handler=demo)


# The demo's own JupyterLab settings: no news or update toast over the first look.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}
PANEL_ID = "seccheck-checklist-panel"


def lab_layout_args(workdir: Path) -> list[str]:
    """Settings and a first workspace for the demo: the notebook open beside the Checklist panel.

    They live in `<workdir>/.seccheck/lab/` (hidden), so the user's own JupyterLab settings and
    workspaces are untouched; a workspace the user has since changed is kept.
    """
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    base = workdir / ".seccheck" / "lab"
    settings, workspaces = base / "settings", base / "workspaces"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1))
    manager = WorkspacesManager(str(workspaces))
    if not manager.load("default").get("data"):
        notebook = f"notebook:{NOTEBOOK}"
        layout = {
            "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": [notebook]}},
            "left": {
                "collapsed": False,
                "visible": True,
                "current": PANEL_ID,
                "widgets": ["filebrowser", "running-sessions", "@jupyterlab/toc:plugin", PANEL_ID],
            },
        }
        workspace = {
            "data": {
                "layout-restorer:data": layout,
                notebook: {"data": {"path": NOTEBOOK, "factory": "Notebook"}},
            },
            "metadata": {"id": "default"},
        }
        manager.save("default", json.dumps(workspace))
    return [
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.workspaces_dir={workspaces}",
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, token: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        f"{base}/api/status", headers={"Authorization": f"token {token}"}
    )
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("JupyterLab did not answer in time")


def shutdown_lab(base: str, token: str, proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            request = urllib.request.Request(
                f"{base}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
            )
            urllib.request.urlopen(request, timeout=5).close()
            proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


APP_NOTEBOOK = "workshop-app.ipynb"


def demo(args: argparse.Namespace) -> int:
    from ..notebooks import create_guided_notebook
    from ..sandbox import Sandbox

    if args.app:
        from .app import app

        notebook = Path(args.dir).resolve() / APP_NOTEBOOK
        options = {"scenario": args.scenario, "ip": "127.0.0.1", "no_browser": args.no_browser}
        return app(argparse.Namespace(notebook=str(notebook), port=args.port or 8866, **options))

    workdir = Path(args.dir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    notebook = workdir / NOTEBOOK
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"starting the {args.scenario!r} sandbox ...", flush=True)
    with Sandbox(args.scenario) as sandbox:
        if notebook.exists():
            print(f"using the existing {notebook} (your answers are kept)")
        else:
            create_guided_notebook(notebook, sandbox=args.scenario)
            print(f"created {notebook}")
        port = args.port or free_port()
        token = secrets.token_hex(16)
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k not in ("AWS_PROFILE", "AWS_SESSION_TOKEN")}
        env.update(sandbox.env())
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            f"--ServerApp.root_dir={workdir}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--LabApp.default_url=/lab/tree/{NOTEBOOK}",
            *lab_layout_args(workdir),
        ]
        if args.no_browser:
            cmd.append("--no-browser")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        lab = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL)
        try:
            wait_ready(base, token, lab)
            print(f"\nseccheck demo is ready: {base}/lab/tree/{NOTEBOOK}?token={token}")
            print(
                f"sandbox endpoint {sandbox.endpoint} (pids: lab={lab.pid} sandbox={sandbox.pid})"
            )
            print("Press Ctrl-C to stop everything.", flush=True)
            while not stop.wait(1.0):
                if lab.poll() is not None:
                    print("JupyterLab stopped")
                    break
        except KeyboardInterrupt:
            pass
        finally:
            print("stopping JupyterLab and the sandbox ...", flush=True)
            shutdown_lab(base, token, lab)
    print("stopped")
    return 0
