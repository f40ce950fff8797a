"""The endpoints over the real core: notebooks, assessment state and evidence export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from seccheck import Assessment
from seccheck.assessment import state_path_for
from seccheck.checklist import load_checklist

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def open_state(root: Path) -> Assessment:
    """What the notebook's scope cell does in the kernel (read-write)."""
    return Assessment.open(state_path_for(root / "a.ipynb"), checklist=root / "mini.yaml")


def item_ids_in(nb) -> set[str]:
    return {c.metadata["seccheck"]["item_id"] for c in nb.cells
            if c.metadata.get("seccheck", {}).get("item_id")}


async def test_create_writes_a_guided_notebook_that_opens_without_a_kernel_prompt(api, jp_root_dir):
    status, reply = await api("POST", "assessments", {
        "path": "acme.ipynb", "sandbox": "workshop", "regions": ["eu-west-1"], "title": "ACME",
    })

    assert status == 201, reply
    assert reply == {"path": "acme.ipynb", "assessment": "acme.seccheck.json"}
    nb = nbformat.read(str(jp_root_dir / "acme.ipynb"), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["seccheck"]["assessment"] == "acme.seccheck.json"
    assert item_ids_in(nb) == {i.id for i in load_checklist().items}
    scope = next(c for c in nb.cells if c.metadata["seccheck"]["role"] == "scope")
    assert 'sandbox="workshop"' in scope.source and '"eu-west-1"' in scope.source


async def test_create_with_a_checklist_from_the_root(api, jp_root_dir):
    (jp_root_dir / "team").mkdir()
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "team" / "mini.yaml")

    status, reply = await api("POST", "assessments", {
        "path": "team/review.ipynb", "checklist": "team/mini.yaml", "profile": "audit",
    })

    assert status == 201, reply
    nb = nbformat.read(str(jp_root_dir / "team" / "review.ipynb"), as_version=4)
    mini = load_checklist(FIXTURES / "mini_checklist.yaml")
    assert item_ids_in(nb) == {i.id for i in mini.items}


async def test_summary_follows_the_saved_answers(api, jp_root_dir):
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "mini.yaml")
    status, _ = await api("POST", "assessments", {"path": "a.ipynb", "checklist": "mini.yaml"})
    assert status == 201

    status, reply = await api("GET", "assessments", path="a.ipynb")
    assert status == 404 and "no saved assessment yet" in reply["message"]

    a = open_state(jp_root_dir)
    status, before = await api("GET", "assessments", path="a.ipynb")
    a.answer("IAM-01-Q01", "no", notes="nobody knows")
    status_after, after = await api("GET", "assessments", path="a.ipynb")

    assert status == 200 and status_after == 200
    mini = load_checklist(FIXTURES / "mini_checklist.yaml")
    assert after["checklist"]["name"] == mini.name
    assert sum(after["totals"].values()) == len(mini.items)
    [item_before] = before["sections"][0]["items"]
    [item_after] = after["sections"][0]["items"]
    assert item_before["manual"] == {"answered": 0, "total": 1}
    assert item_after["manual"] == {"answered": 1, "total": 1}
    assert item_after["status"] == "not_met" != item_before["status"]
    assert (after["notebook"], after["assessment"]) == ("a.ipynb", "a.seccheck.json")


async def test_summary_refuses_a_state_whose_checklist_lies_outside(api, jp_root_dir, outside):
    shutil.copy(FIXTURES / "mini_checklist.yaml", outside / "mini.yaml")
    nb = nbformat.v4.new_notebook()
    nb.metadata["seccheck"] = {"assessment": "a.seccheck.json"}
    nbformat.write(nb, str(jp_root_dir / "a.ipynb"))
    Assessment.open(jp_root_dir / "a.seccheck.json", checklist=outside / "mini.yaml")

    status, reply = await api("GET", "assessments", path="a.ipynb")

    assert status == 403 and "checklist outside" in reply["message"]


async def test_export_writes_the_evidence_notebook_and_html(api, jp_root_dir):
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "mini.yaml")
    created, _ = await api("POST", "assessments", {"path": "a.ipynb", "checklist": "mini.yaml"})
    assert created == 201
    a = open_state(jp_root_dir)
    a.answer("IAM-01-Q01", "no", notes="nobody knows")

    status, reply = await api("POST", "exports", {"path": "a.ipynb"})

    assert status == 201, reply
    assert reply == {"path": "a-evidence.ipynb"}
    evidence = nbformat.read(str(jp_root_dir / "a-evidence.ipynb"), as_version=4)
    assert "IAM-01-Q01" in json.dumps(evidence)
    assert (jp_root_dir / "a-evidence.html").is_file()


@pytest.mark.parametrize(
    ("target", "label", "scope"),
    [
        ({"profile": "prod-audit"}, "the AWS account of profile **prod-audit**",
         {"profile": "prod-audit", "sandbox": None}),
        ({"sandbox": "clean"}, "the **clean** sandbox", {"profile": None, "sandbox": "clean"}),
    ],
)
async def test_the_created_notebook_and_its_assessment_target_what_was_chosen(
    api, jp_root_dir, monkeypatch, target, label, scope
):
    status, reply = await api("POST", "assessments", {"path": "t.ipynb", **target})
    assert status == 201, reply

    nb = nbformat.read(str(jp_root_dir / "t.ipynb"), as_version=4)
    intro = next(c for c in nb.cells if c.metadata["seccheck"]["role"] == "intro")
    assert label in intro.source
    # Run the scope cell as the kernel would: the saved assessment holds the same target.
    monkeypatch.chdir(jp_root_dir)
    exec(next(c for c in nb.cells if c.metadata["seccheck"]["role"] == "scope").source, {})
    saved = json.loads((jp_root_dir / reply["assessment"]).read_text())["scope"]
    assert {k: saved[k] for k in scope} == scope
