"""Notebook builders, the committed notebooks, and `seccheck new`."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from seccheck import Assessment
from seccheck.checklist import load_checklist
from seccheck.cli import main
from seccheck.notebooks import (
    COMMITTED,
    WORKSHOP_CHECKS,
    committed_notebook,
    create_guided_notebook,
    create_workshop_notebook,
)

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_checklist.yaml"
ROLES = {"intro", "scope", "guidance", "verify", "answer", "summary", "wizard", "predict"}


def read(path: Path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    return nb


def roles(nb):
    return [(c.metadata["seccheck"]["role"], c.metadata["seccheck"]["item_id"]) for c in nb.cells]


def test_guided_notebook_structure(tmp_path):
    path = create_guided_notebook(tmp_path / "audit.ipynb", sandbox="workshop", title="Q4 audit")
    nb = read(path)
    cl = load_checklist()
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["seccheck"] == {
        "schema_version": 1,
        "kind": "guided",
        "assessment": "audit.seccheck.json",
        "checklist": {"name": cl.name, "version": cl.version, "hash": cl.hash},
    }
    assert nb.cells[0].source.startswith("# Q4 audit")
    assert nb.cells[1].source == (
        "from seccheck import Assessment\n\n"
        'a = Assessment.open("audit.seccheck.json", title="Q4 audit", sandbox="workshop")\na'
    )
    for cell in nb.cells:
        meta = cell.metadata["seccheck"]
        assert set(meta) == {"item_id", "role", "section"} and meta["role"] in ROLES
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    for item in cl.items:
        mine = [c for c in nb.cells if c.metadata["seccheck"]["item_id"] == item.id]
        assert [c.metadata["seccheck"]["role"] for c in mine] == ["guidance", "verify", "answer"]
        assert all(c.metadata["seccheck"]["section"] == item.section for c in mine)
        guidance, verify, answer = mine
        assert verify.source == f'a.verify("{item.id}")'
        assert answer.source == f'a.answer_form("{item.id}")'
        assert item.wa.primary in guidance.source
        assert all(q in guidance.source for q in item.wa.questions)
        assert all(r.url in guidance.source for r in item.references)
        assert all(q.id in guidance.source for q in item.manual_questions)
    assert roles(nb)[-2:] == [("summary", None), ("summary", None)]
    assert nb.cells[-1].source == "a.charts()"
    # The wizard right after the scope cell: reachable at the top, not at cell 59.
    assert roles(nb)[2:4] == [("wizard", None), ("wizard", None)]
    assert nb.cells[3].source == "a.wizard()"
    sections = [
        c.metadata["seccheck"]["section"]
        for c in nb.cells
        if c.metadata["seccheck"]["role"] == "guidance"
        and c.metadata["seccheck"]["item_id"] is None
    ]
    assert sections == [s.id for s in cl.sections]


def test_builds_are_deterministic(tmp_path):
    one = read(create_guided_notebook(tmp_path / "a" / "n.ipynb", profile="prod"))
    two = read(create_guided_notebook(tmp_path / "b" / "n.ipynb", profile="prod"))
    assert one == two
    assert [c.id for c in one.cells][:5] == [
        "intro",
        "scope",
        "wizard-intro",
        "wizard",
        "section-iam",
    ]


def test_scope_cell_options(tmp_path):
    custom = tmp_path / "lists" / "mine.yaml"
    custom.parent.mkdir()
    custom.write_text(MINI.read_text())
    path = create_guided_notebook(
        tmp_path / "work" / "x.ipynb",
        checklist_path=custom,
        profile="audit-ro",
        regions=["eu-west-1", "eu-central-1"],
    )
    nb = read(path)
    scope = nb.cells[1].source
    assert 'checklist="../lists/mine.yaml"' in scope
    assert 'profile="audit-ro"' in scope and '["eu-west-1", "eu-central-1"]' in scope
    assert "sandbox" not in scope
    assert nb.metadata["seccheck"]["checklist"]["name"] == "Mini checklist"
    assert [
        c.metadata["seccheck"]["item_id"]
        for c in nb.cells
        if c.metadata["seccheck"]["role"] == "verify"
    ] == ["IAM-01"]
    with pytest.raises(ValueError, match="either"):
        create_guided_notebook(tmp_path / "y.ipynb", profile="p", sandbox="workshop")


def test_the_scope_cell_opens_the_assessment_it_names(tmp_path, monkeypatch):
    """What the scope cell runs (in the notebook's folder) creates the state file it promises."""
    custom = tmp_path / "mine.yaml"
    custom.write_text(MINI.read_text())
    path = create_guided_notebook(
        tmp_path / "nb" / "x.ipynb", checklist_path=custom, profile="audit-ro"
    )
    nb = read(path)
    monkeypatch.chdir(path.parent)
    namespace: dict = {}
    exec(nb.cells[1].source.rsplit("\n", 1)[0], namespace)  # noqa: S102 - our own generated code
    a = namespace["a"]
    assert a.path == path.parent / nb.metadata["seccheck"]["assessment"]
    assert a.checklist.name == "Mini checklist" and a.scope_settings.profile == "audit-ro"
    assert Assessment.load(a.path).checklist.hash == nb.metadata["seccheck"]["checklist"]["hash"]


def test_workshop_notebook_predicts_then_reveals(tmp_path):
    nb = read(create_workshop_notebook(tmp_path / "w.ipynb"))
    assert nb.metadata["seccheck"]["kind"] == "workshop"
    assert 'sandbox="workshop"' in nb.cells[1].source
    for check_id in WORKSHOP_CHECKS:
        var = "p_" + check_id.lower().replace("-", "_")
        ids = [c.id for c in nb.cells]
        prompt, predict, reveal = (
            nb.cells[ids.index(f"{k}-{check_id.lower()}")] for k in ("prompt", "predict", "reveal")
        )
        assert ids.index(prompt.id) + 1 == ids.index(predict.id) == ids.index(reveal.id) - 1
        assert predict.source == f'{var} = Prediction("{check_id}")\n{var}'
        assert reveal.source == f"reveal(a, {var})"
        assert predict.metadata["seccheck"]["role"] == "predict"
        assert reveal.metadata["seccheck"]["role"] == "verify"
        assert "Predict" in prompt.source
    assert [c.source for c in nb.cells[-3:]] == ["a.verify()", "a.charts()", "a.wizard()"]


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_committed_notebooks_are_what_the_builders_write(name):
    committed = read(REPO / "notebooks" / name)
    fresh = committed_notebook(name, REPO / "notebooks")
    hint = f"notebooks/{name} is stale: run `python -m seccheck.notebooks notebooks`"
    assert [(c.id, c.cell_type, c.source, c.metadata) for c in committed.cells] == [
        (c.id, c.cell_type, c.source, c.metadata) for c in fresh.cells
    ], hint
    assert committed.metadata == fresh.metadata, hint
    assert all(c.get("outputs", []) == [] for c in committed.cells)


def test_seccheck_new_writes_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "audit.ipynb"
    assert main(["new", str(target), "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert "audit.seccheck.json" in out
    nb = read(target)
    assert 'sandbox="workshop"' in nb.cells[1].source
    before = target.read_bytes()
    assert main(["new", str(target), "--profile", "prod"]) == 2
    assert "exists" in capsys.readouterr().err and target.read_bytes() == before
    assert (
        main(
            ["new", str(target), "--profile", "prod", "--regions", "eu-west-1,us-east-1", "--force"]
        )
        == 0
    )
    scope = read(target).cells[1].source
    assert 'profile="prod"' in scope and '"eu-west-1", "us-east-1"' in scope


def test_seccheck_new_workshop_and_bad_arguments(tmp_path, capsys):
    assert main(["new", str(tmp_path / "ws.ipynb"), "--workshop", "--sandbox", "clean"]) == 0
    nb = read(tmp_path / "ws.ipynb")
    assert nb.metadata["seccheck"]["kind"] == "workshop" and 'sandbox="clean"' in nb.cells[1].source
    with pytest.raises(SystemExit) as info:
        main(["new", str(tmp_path / "z.ipynb"), "--profile", "p", "--sandbox"])
    assert info.value.code == 2
    assert main(["new", str(tmp_path / "z.txt")]) == 2
    assert (
        main(["new", str(tmp_path / "bad.ipynb"), "--checklist", str(tmp_path / "none.yaml")]) == 2
    )
    assert not (tmp_path / "bad.ipynb").exists()
