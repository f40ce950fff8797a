"""Importing seccheck stays light: no boto3 clients, plotly or Jupyter at import time."""

import subprocess
import sys

HEAVY = (
    "boto3",
    "botocore",
    "plotly",
    "ipywidgets",
    "jupyter_server",
    "tornado",
    "nbformat",
    "nbconvert",
    "moto",
    "pydantic",
)


def test_import_seccheck_is_light():
    code = (
        f"import sys, seccheck; heavy = {HEAVY!r}; "
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
