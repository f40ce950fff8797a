"""Notebooks from `seccheck new --sandbox` / `--workshop` opened in a plain `jupyter lab`.

No sandbox in the environment here: the kernel starts its own, from a worker thread, as it does
for a user who follows `seccheck new`'s advice. Every verdict the tables show must be a real one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from lab_helpers import open_notebook, run_all, shoot, wait_for_kernel_idle

from seccheck.cli import main as seccheck_main
from tests.browser.conftest import Lab, running_lab

pytestmark = pytest.mark.browser

VERDICT = re.compile(r"\b(PASS|FAIL|WARN|NOT_APPLICABLE|NOT_ASSESSABLE|ERROR)\b")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """A JupyterLab with no sandbox and no AWS in its environment."""
    with running_lab(tmp_path_factory.mktemp("plain-lab"), {}) as running:
        yield running


def rendered_verdicts(page) -> Counter[str]:
    """The status column of every results table on the page, as the user reads it."""
    texts = page.locator(".jp-Seccheck-results tbody tr td:first-child").all_inner_texts()
    return Counter(m.group(1) for t in texts if (m := VERDICT.search(t)))


def run_top_to_bottom(page, lab: Lab, name: str) -> Counter[str]:
    open_notebook(page, lab, name)
    wait_for_kernel_idle(page)
    run_all(page)
    last = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").last
    last.locator(".jp-InputPrompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=600_000)
    wait_for_kernel_idle(page, timeout=120_000)
    shoot(page, f"plain-lab-{name}")
    return rendered_verdicts(page)


@pytest.mark.parametrize("option", ["--sandbox", "--workshop"])
def test_sandbox_notebook_in_plain_lab_shows_no_error_verdicts(page, lab, option, capsys):
    name = f"plain{option.replace('-', '_')}.ipynb"
    assert seccheck_main(["new", str(lab.root / name), option]) == 0
    capsys.readouterr()
    verdicts = run_top_to_bottom(page, lab, name)
    assert verdicts["FAIL"] > 0 and verdicts["PASS"] > 0, verdicts
    assert verdicts["ERROR"] == 0, verdicts
