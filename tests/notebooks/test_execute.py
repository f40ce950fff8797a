"""The committed notebooks run top to bottom in a real kernel against the workshop sandbox."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from seccheck import Assessment
from seccheck.checks.registry import load_all

REPO = Path(__file__).resolve().parents[2]
WIDGET = "application/vnd.jupyter.widget-view+json"


def execute(name: str, workdir: Path, sandbox, monkeypatch) -> nbformat.NotebookNode:
    """Copy a committed notebook and run it; the kernel inherits the sandbox environment."""
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)
    path = workdir / name
    shutil.copy(REPO / "notebooks" / name, path)
    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(workdir)}},
    ).execute()
    nbformat.write(nb, str(path))
    return nb


def outputs_of(nb, role: str, item_id: str | None = None) -> list:
    return [
        o
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata["seccheck"]["role"] == role
        and (item_id is None or c.metadata["seccheck"]["item_id"] == item_id)
        for o in c.outputs
    ]


def implemented(a: Assessment) -> set[str]:
    return {c.id for c in a.checklist.checks} & set(load_all())


def assert_every_implemented_check_has_results(a: Assessment) -> None:
    have = {r.check_id for r in a.latest_results()}
    missing = implemented(a) - have
    assert not missing, f"no saved results for {sorted(missing)}"


def test_guided_notebook_is_a_complete_assessment(tmp_path, workshop, monkeypatch):
    nb = execute("guided-assessment.ipynb", tmp_path, workshop, monkeypatch)
    a = Assessment.load(tmp_path / nb.metadata["seccheck"]["assessment"])
    assert a.runs and all(r.status == "completed" for r in a.runs)
    assert {r.scope["endpoint_url"] for r in a.runs} == {workshop.endpoint}
    assert_every_implemented_check_has_results(a)
    ran_items = {r.items[0] for r in a.runs}
    for item in a.checklist.items:
        html = "".join(
            o.get("data", {}).get("text/html", "") for o in outputs_of(nb, "verify", item.id)
        )
        if any(c.id in implemented(a) for c in item.checks):
            assert item.id in ran_items and "jp-Seccheck-results" in html and "<details" in html
        else:
            assert "No automated check to run" in html
        assert any(WIDGET in o.get("data", {}) for o in outputs_of(nb, "answer", item.id))
    charts = outputs_of(nb, "summary")
    assert sum("application/vnd.plotly.v1+json" in o.get("data", {}) for o in charts) == 4
    assert not any("Plotly.newPlot" in o.get("data", {}).get("text/html", "") for o in charts)
    size = len(nbformat.writes(nb).encode())
    assert size < 3_000_000, f"the executed guided notebook is {size / 1e6:.1f} MB"
    assert any(WIDGET in o.get("data", {}) for o in outputs_of(nb, "wizard"))
    assert nb.metadata["widgets"]  # nbclient stored the widget state


def test_workshop_notebook_runs_on_the_sandbox(tmp_path, workshop, monkeypatch):
    nb = execute("workshop.ipynb", tmp_path, workshop, monkeypatch)
    a = Assessment.load(tmp_path / "workshop.seccheck.json")
    assert a.scope_settings.sandbox == "workshop"
    assert {r.scope["endpoint_url"] for r in a.runs} == {workshop.endpoint}  # reused, not started
    assert_every_implemented_check_has_results(a)
    reveals = [o.get("data", {}).get("text/html", "") for o in outputs_of(nb, "verify")]
    assert any("No prediction was made" in h for h in reveals)
    assert sum(WIDGET in o.get("data", {}) for o in outputs_of(nb, "predict")) == len(
        [c for c in nb.cells if c.metadata["seccheck"]["role"] == "predict"]
    )
