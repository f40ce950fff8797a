"""`seccheck app`: serve the wizard as a Voila app, one sandbox per student."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

ORDER = 12
TEMPLATE = "seccheck"  # Voila's lab template minus resources fetched from the internet
DATA_DIR = Path(__file__).resolve().parents[1] / "jupyter_data"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "app",
        help="serve the wizard as a Voila app for a class (one sandbox per student)",
        description="Serve NOTEBOOK with Voila. A missing NOTEBOOK is written first: a page with "
        "the wizard where every visitor gets their own sandbox and assessment file (under "
        "students/ beside the notebook).",
    )
    p.add_argument("notebook", help="the app notebook, e.g. class.ipynb (written if missing)")
    p.add_argument("--scenario", default="workshop", help="sandbox scenario (default workshop)")
    p.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    p.add_argument(
        "--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1 only)"
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    p.set_defaults(handler=app)


def voila_command(notebook: Path, port: int, ip: str, token: str, no_browser: bool) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "voila",
        notebook.name,
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--token={token}",
        f"--template={TEMPLATE}",
        # The JupyterLab side panel has no place in an app page.
        "--VoilaConfiguration.extension_denylist=['seccheck']",
    ]
    if no_browser:
        cmd.append("--no-browser")
    return cmd


def student_env() -> dict[str, str]:
    """The server's environment without AWS settings: each kernel starts its own sandbox."""
    drop = ("AWS_", "SECCHECK_SANDBOX", "SECCHECK_REGIONS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    # Voila finds the app's template in JUPYTER_PATH.
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(DATA_DIR), env.get("JUPYTER_PATH")) if p)
    return env


def app(args: argparse.Namespace) -> int:
    import importlib.util

    import nbformat

    if importlib.util.find_spec("voila") is None:
        raise ModuleNotFoundError("No module named 'voila'", name="voila")  # names the extra

    from ..classroom import app_notebook
    from ..sandbox.scenarios import SCENARIOS

    if args.scenario not in SCENARIOS:
        known = ", ".join(sorted(SCENARIOS))
        print(f"seccheck app: unknown scenario {args.scenario!r} (known: {known})", file=sys.stderr)
        return 2
    notebook = Path(args.notebook).resolve()
    if notebook.suffix != ".ipynb":
        print(f"seccheck app: {args.notebook} should end in .ipynb", file=sys.stderr)
        return 2
    if not notebook.exists():
        notebook.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(app_notebook(args.scenario), str(notebook))
        print(f"wrote {notebook}")
    token = secrets.token_hex(16)
    print(
        f"serving {notebook.name} for students at http://{args.ip}:{args.port}/?token={token}\n"
        f"each visit gets its own {args.scenario!r} sandbox; answers go to "
        f"{notebook.parent / 'students'}/. Press Ctrl-C to stop.",
        flush=True,
    )
    cmd = voila_command(notebook, args.port, args.ip, token, args.no_browser)
    server = subprocess.Popen(cmd, cwd=notebook.parent, env=student_env(), stdin=subprocess.DEVNULL)
    # A class is often stopped by a closed terminal (SIGHUP) or a process manager (SIGTERM),
    # not Ctrl-C. Python's default for those ends this process at once, skipping the cleanup
    # below and leaving Voila, every student's kernel and sandbox running: stop in order instead.
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for sig in previous:  # a second signal must not cut the shutdown short
            signal.signal(sig, signal.SIG_IGN)
        if server.poll() is None:
            server.terminate()  # Voila shuts its kernels down, and their sandboxes die with them
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)
