"""The installed package: both extensions enabled, versions agree, `import seccheck` stays light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import seccheck

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=True)
    return re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # drop colour codes


def test_npm_and_python_versions_agree():
    npm = json.loads((REPO / "extension" / "package.json").read_text())
    assert npm["name"] == "seccheck"
    assert npm["version"] == seccheck.__version__ == version("seccheck")


def test_the_prebuilt_lab_extension_is_installed_and_enabled():
    listing = run(str(BIN / "jupyter"), "labextension", "list")
    expected = rf"seccheck v{re.escape(seccheck.__version__)} enabled\s+OK \(python, seccheck\)"
    assert re.search(expected, listing), listing


def test_the_server_extension_is_enabled_by_the_installed_config():
    listing = run(str(BIN / "jupyter"), "server", "extension", "list")
    assert re.search(r"^\s*seccheck enabled", listing, re.MULTILINE), listing
    assert re.search(rf"seccheck {re.escape(seccheck.__version__)} OK", listing), listing


def test_importing_seccheck_loads_neither_tornado_nor_jupyter_server():
    code = ("import sys, seccheck; seccheck._jupyter_server_extension_points(); "
            "print(sorted(m for m in ('tornado', 'jupyter_server', 'seccheck.server') "
            "if m in sys.modules))")
    assert run(sys.executable, "-c", code).strip() == "[]"


def test_server_extension_points_name_the_package():
    assert seccheck._jupyter_server_extension_points() == [{"module": "seccheck"}]
    assert seccheck._jupyter_labextension_paths() == [{"src": "labextension", "dest": "seccheck"}]
