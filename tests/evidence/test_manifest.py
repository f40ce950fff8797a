"""Sealing and verifying: every kind of change is found and named, nothing else is."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import nbformat
import pytest

from seccheck.evidence import verify_evidence
from seccheck.evidence.manifest import cell_hash, seal, sha256_hex, verify_notebook


def _notebook(tmp_path: Path, *, key: bytes | None = None) -> tuple[dict, Path]:
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell("# Cover\n\nscope: 123456789012")
    md.id = "cover"
    code = nbformat.v4.new_code_cell("replay('c1', 'iam.GetAccountSummary', 'abc', lambda: 1)")
    code.id = "iam-01-replay"
    code.metadata["seccheck"] = {"role": "replay", "item_id": "IAM-01", "calls": ["c1"]}
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text='recorded c1\n{\n "Users": 3\n}\n')
    ]
    tail = nbformat.v4.new_markdown_cell("## Appendix")
    tail.id = "appendix"
    nb.cells = [md, code, tail]
    nb.metadata["seccheck"] = {
        "schema": "seccheck.evidence/v1",
        "scope": {"regions": ["us-east-1"]},
    }
    side = tmp_path / "ev.sidecar.json"
    side.write_text(
        json.dumps(
            {
                "schema": "seccheck.evidence.sidecar/v1",
                "entries": {"c1": {"sha256": sha256_hex(b'{"Users":3}'), "response": {"Users": 3}}},
            }
        )
    )
    seal(nb, {"file": side.name, "sha256": sha256_hex(side.read_bytes())}, key)
    path = tmp_path / "ev.ipynb"
    nbformat.write(nb, path)
    return json.loads(path.read_text()), path


def _save(nb: dict, path: Path) -> None:
    path.write_text(json.dumps(nb, indent=1))


def test_untouched_notebook_verifies(tmp_path: Path) -> None:
    _, path = _notebook(tmp_path)
    report = verify_evidence(path)
    assert report.ok, str(report)
    assert report.cells_checked == 3
    # Intact, but nothing says who sealed it: exit 2 and UNSIGNED, never OK.
    assert report.exit_code == 2
    assert str(report).startswith("UNSIGNED: no SSH signature")


def test_one_changed_output_byte_names_the_cell(tmp_path: Path) -> None:
    _, path = _notebook(tmp_path)
    text = path.read_text()
    assert text.count('\\"Users\\": 3') == 1
    path.write_text(text.replace('\\"Users\\": 3', '\\"Users\\": 4'))
    report = verify_evidence(path)
    assert not report.ok
    assert report.changed_cells == ["cell 2 id=iam-01-replay replay IAM-01"]
    assert "outputs" in report.problems[0].detail and "source" not in report.problems[0].detail
    assert "iam-01-replay" in str(report)


def test_changed_source_and_recomputed_cell_hash_are_both_caught(tmp_path: Path) -> None:
    nb, path = _notebook(tmp_path)
    nb["cells"][0]["source"] = "# Cover\n\nscope: 999999999999"
    nb["cells"][0]["metadata"]["seccheck"]["sha256"] = cell_hash(nb["cells"][0])  # a careful forger
    _save(nb, path)
    report = verify_evidence(path)
    assert [p.kind for p in report.problems] == ["cell-changed"]
    assert "id=cover" in report.problems[0].where


def test_added_removed_and_reordered_cells(tmp_path: Path) -> None:
    nb, path = _notebook(tmp_path)
    extra = copy.deepcopy(nb["cells"][0])
    extra["id"] = "forged"
    nb["cells"].append(extra)
    _save(nb, path)
    assert [p.kind for p in verify_evidence(path).problems] == ["cell-added"]

    nb, path = _notebook(tmp_path)
    del nb["cells"][1]
    _save(nb, path)
    report = verify_evidence(path)
    assert [(p.kind, p.where) for p in report.problems] == [("cell-removed", "id=iam-01-replay")]

    nb, path = _notebook(tmp_path)
    nb["cells"][0], nb["cells"][2] = nb["cells"][2], nb["cells"][0]
    _save(nb, path)
    assert [p.kind for p in verify_evidence(path).problems] == ["cells-reordered"]


def test_editor_state_does_not_break_the_seal(tmp_path: Path) -> None:
    nb, path = _notebook(tmp_path)
    nb["cells"][1]["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb["cells"][1]["metadata"]["scrolled"] = True
    nb["cells"][1]["metadata"]["collapsed"] = False  # as JupyterLab writes it: same as absent
    nb["cells"][1]["metadata"]["jupyter"] = {"source_hidden": False}
    nb["metadata"]["widgets"] = {}
    _save(nb, path)
    assert verify_evidence(path).ok


@pytest.mark.parametrize(
    "hide",
    [
        {"jupyter": {"source_hidden": True}},
        {"jupyter": {"outputs_hidden": True}},
        {"collapsed": True},
        {"tags": ["seccheck-evidence", "remove-output"]},
    ],
)
def test_hiding_what_a_cell_shows_is_a_change(tmp_path: Path, hide: dict) -> None:
    nb, path = _notebook(tmp_path)
    nb["cells"][1]["metadata"].update(hide)
    _save(nb, path)
    report = verify_evidence(path)
    assert [(p.kind, p.detail) for p in report.problems] == [("cell-changed", "changed: display")]


def test_scope_metadata_and_manifest_edits(tmp_path: Path) -> None:
    nb, path = _notebook(tmp_path)
    nb["metadata"]["seccheck"]["scope"]["regions"] = ["eu-west-1"]
    _save(nb, path)
    assert [p.kind for p in verify_evidence(path).problems] == ["metadata-changed"]

    nb, path = _notebook(tmp_path)
    nb["metadata"]["seccheck"]["manifest"]["cells"][0][1] = "0" * 64
    _save(nb, path)
    kinds = {p.kind for p in verify_evidence(path).problems}
    assert kinds == {"manifest-changed", "cell-changed"}


def test_sidecar_changes_and_absence(tmp_path: Path) -> None:
    _, path = _notebook(tmp_path)
    side = tmp_path / "ev.sidecar.json"
    side.write_text(side.read_text().replace('"Users": 3', '"Users": 5'))
    report = verify_evidence(path)
    assert [(p.kind, p.where) for p in report.problems] == [("sidecar-changed", "ev.sidecar.json")]
    assert "c1" in report.problems[0].detail
    side.unlink()
    assert [p.kind for p in verify_evidence(path).problems] == ["sidecar-missing"]


def test_expected_hash_and_hmac(tmp_path: Path) -> None:
    nb, path = _notebook(tmp_path, key=b"k3y")
    sha = nb["metadata"]["seccheck"]["manifest"]["sha256"]
    assert verify_evidence(path, expect=sha, key=b"k3y").signature == "valid"
    assert verify_evidence(path).signature == "not-checked"
    assert [p.kind for p in verify_evidence(path, key=b"wrong").problems] == ["signature-bad"]
    assert [p.kind for p in verify_evidence(path, expect="f" * 64).problems] == ["unexpected-hash"]
    # Re-sealing after an edit gives a consistent notebook, but not one the key holder signed.
    nb["cells"][0]["source"] = "# Forged cover"
    seal(nb, nb["metadata"]["seccheck"]["manifest"]["sidecar"], b"attacker")
    _save(nb, path)
    assert [p.kind for p in verify_evidence(path, key=b"k3y").problems] == ["signature-bad"]
    assert verify_evidence(path, expect=sha).of_kind("unexpected-hash")


def test_unsealed_and_unreadable(tmp_path: Path) -> None:
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), plain)
    assert [p.kind for p in verify_evidence(plain).problems] == ["no-manifest"]
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert [p.kind for p in verify_evidence(broken).problems] == ["unreadable"]


@pytest.mark.parametrize("as_lists", [True, False])
def test_hash_ignores_how_nbformat_splits_lines(tmp_path: Path, as_lists: bool) -> None:
    nb, path = _notebook(tmp_path)
    cell = nb["cells"][1]
    text = "".join(cell["outputs"][0]["text"])
    cell["outputs"][0]["text"] = text.splitlines(keepends=True) if as_lists else text
    assert verify_notebook(nb, path).ok


def test_what_jupyterlab_writes_back_on_save_keeps_the_hash() -> None:
    """jupyterlab-plotly adds a PNG of the chart it drew, and JavaScript writes 0.0 as 0."""
    figure = {"data": [{"type": "bar", "x": [0.0, 1.5], "y": [2.0, 3.0]}], "layout": {}}
    cell = nbformat.v4.new_code_cell("fig")
    cell.id = "chart"
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.plotly.v1+json": figure, "text/html": "<div>"})]
    saved = copy.deepcopy(cell)
    bundle = saved.outputs[0]["data"]
    bundle["application/vnd.plotly.v1+json"] = {
        "data": [{"type": "bar", "x": [0, 1.5], "y": [2, 3]}], "layout": {}}
    bundle["image/png"] = "iVBORw0KGgo="
    assert cell_hash(saved) == cell_hash(cell)
    bundle["application/vnd.plotly.v1+json"]["data"][0]["y"] = [2, 4]  # a real edit
    assert cell_hash(saved) != cell_hash(cell)
