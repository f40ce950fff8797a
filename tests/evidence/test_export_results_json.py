"""Exporting from a results JSON (`seccheck run --output`), and the command's error paths."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from seccheck.cli import main
from seccheck.evidence import export_evidence, verify_evidence
from seccheck.runner import RunReport


def test_results_json_exports_and_verifies(workshop_report: RunReport, tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps(workshop_report.to_dict(), default=str))
    out = export_evidence(source, tmp_path / "ev" / "evidence.ipynb", html=False)
    assert out.is_file() and not out.with_suffix(".html").exists()
    assert verify_evidence(out).ok
    nb = nbformat.read(out, as_version=4)
    counted = sum(
        sum(c.metadata["seccheck"]["counts"].values())
        for c in nb.cells
        if c.metadata.get("seccheck", {}).get("role") == "results"
    )
    assert counted == len(workshop_report.results)
    sidecar = json.loads(out.with_name("evidence.sidecar.json").read_text())
    ok_calls = {c.id for c in workshop_report.calls.values() if c.outcome == "ok"}
    assert set(sidecar["entries"]) == ok_calls
    assert len(sidecar["results"]["rows"]) == len(workshop_report.results)
    assert nb.metadata["seccheck"]["runs"][0]["id"] == workshop_report.run_id


def test_export_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "missing.json"), "--out", str(tmp_path / "e.ipynb")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "a.json").write_text("{}")
    assert main(["export", str(tmp_path / "a.json")]) == 2
    assert "nothing to write" in capsys.readouterr().err
    assert list(p.name for p in tmp_path.iterdir()) == ["a.json"]
