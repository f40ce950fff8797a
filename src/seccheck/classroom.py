"""Workshop app mode: every student (every Voila kernel) gets an assessment and a sandbox.

`seccheck app` serves a small notebook as a Voila app; each visit starts a kernel, and the
notebook's first cell calls `student_assessment()`, which gives that kernel its own assessment
file under `students/` and starts its own seeded sandbox, so students never see each other's
answers or changes. The sandbox dies with the kernel when the student closes the page.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

APP_NOTEBOOK_KIND = "app"


def student_assessment(scenario: str = "workshop", folder: str | Path = "students") -> Any:
    """Open a new assessment for this kernel's student and start this kernel's sandbox."""
    from .notebook import Assessment
    from .verification import environment_sandbox, kernel_sandbox

    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    name = f"{stamp}-{os.getpid()}-{secrets.token_hex(2)}"
    path = Path(folder) / f"{name}.seccheck.json"
    a = Assessment.open(path, sandbox=scenario, title=f"Workshop {scenario} · student {name}")
    if not environment_sandbox():
        kernel_sandbox(scenario)  # start it now, so the student's first Run is quick
    return a


def app_notebook(scenario: str = "workshop", title: str = "AWS security workshop") -> Any:
    """The app: a title, the student's assessment (hidden plumbing) and the wizard."""
    import nbformat.v4 as v4

    from .notebooks import KERNELSPEC

    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["seccheck"] = {"kind": APP_NOTEBOOK_KIND, "scenario": scenario}
    nb.cells = [
        v4.new_markdown_cell(
            f"# {title}\n\nYour own simulated AWS account (the **{scenario}** sandbox) starts "
            "with this page; nothing you do here touches a real account or another student. "
            "Walk the checklist below: run each item's checks, read how to fix what fails, and "
            "answer the questions."
        ),
        v4.new_code_cell(
            "from seccheck.classroom import student_assessment\n\n"
            f"a = student_assessment({scenario!r})"
        ),
        v4.new_code_cell("a.wizard()"),
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"app-{i}"
    return nb
