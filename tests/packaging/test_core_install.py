"""`pip install seccheck` is the engine and CLI; Jupyter, the sandbox and Dask come with extras.

Two halves: pyproject.toml keeps the heavy packages out of the core dependencies, and the core
commands run in a process where those packages cannot be imported at all (a meta-path blocker
stands in for an environment that never installed them), against the sandbox over HTTP.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import tomllib

from seccheck.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
EXTRAS_ONLY = {
    "jupyterlab": "lab",
    "jupyter_server": "lab",
    "ipywidgets": "lab",
    "ipykernel": "lab",
    "plotly": "lab",
    "nbclient": "lab",
    "nbconvert": "lab",
    "moto": "sandbox",
    "dask": "dask",
    "distributed": "dask",
}
BLOCKER = """
import importlib.abc, sys
BLOCKED = set({blocked!r})
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not installed)", name=name)
        return None
sys.meta_path.insert(0, Blocker())
sys.argv = ["seccheck", *{argv!r}]
from seccheck.cli import main
sys.exit(main())
"""


def _name(requirement: str) -> str:
    for sep in "[<>=!~; ":
        requirement = requirement.split(sep)[0]
    return requirement.lower().replace("-", "_")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_core_dependencies_leave_out_jupyter_sandbox_and_dask() -> None:
    core = {_name(r) for r in _project()["dependencies"]}
    assert not core & set(EXTRAS_ONLY), core & set(EXTRAS_ONLY)


def test_each_heavy_package_is_in_its_extra_and_test_installs_everything() -> None:
    extras = _project()["optional-dependencies"]
    for package, extra in EXTRAS_ONLY.items():
        assert package in {_name(r) for r in extras[extra]}, (package, extra)
    assert {"seccheck[lab,sandbox,dask]"} <= {r.replace(" ", "") for r in extras["test"]}


def _core_cli(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    code = BLOCKER.format(blocked=sorted(EXTRAS_ONLY), argv=argv)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_core_cli_runs_checks_without_any_extra(workshop: Sandbox, tmp_path: Path) -> None:
    env = {**os.environ, **workshop.env()}
    out = tmp_path / "results.json"
    proc = _core_cli(["run", "--items", "IAM-01,DP-01", "--output", str(out)], env, tmp_path)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    results = json.loads(out.read_text())["results"]
    assert {r["status"] for r in results} >= {"PASS", "FAIL"}
    assert not [r for r in results if r["status"] == "ERROR"]
    assert _core_cli(["validate"], env, tmp_path).returncode == 0


def test_commands_that_need_an_extra_say_which(tmp_path: Path) -> None:
    proc = _core_cli(["sandbox"], dict(os.environ), tmp_path)
    assert proc.returncode == 2
    assert "seccheck[sandbox]" in proc.stderr and "Traceback" not in proc.stderr
