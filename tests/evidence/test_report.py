"""The report (`--html`, `--pdf`): a document for people, rendered from the evidence data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from seccheck.checklist import load_checklist
from seccheck.cli import main
from seccheck.runner import RunReport


@pytest.fixture(scope="module")
def report(workshop_report: RunReport, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("report")
    source = tmp / "results.json"
    source.write_text(json.dumps(workshop_report.to_dict(), default=str))
    out = tmp / "out" / "evidence.ipynb"
    out.parent.mkdir()
    assert main(["export", str(source), "--out", str(out), "--pdf"]) == 0
    return {"out": out, "html": out.with_suffix(".html").read_text(), "run": workshop_report}


def test_html_is_a_report_without_code_or_prompts(report: dict[str, Any]) -> None:
    page = report["html"]
    assert not re.search(r"In\s*\[\s*\d*\s*\]", page)
    body = page.split("<body>", 1)[1]
    # Whole Python shapes, not bare fragments: a random resource id such as "...cdef of vpc-..."
    # must not read as a function definition.
    code = (
        r"\breplay\(",
        r"\bimport boto3\b",
        r"\bfrom seccheck\b",
        r"\binit_notebook_mode\b",
        r"\bdef \w+\(",
        r"\bfig = ",
    )
    text = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    for python in code:
        assert not re.search(python, text), python
    assert "jp-InputArea" not in page and "highlight-ipynb" not in page
    for heading in ("Executive summary", "Improvement plan", "Appendix: API call records"):
        assert f">{heading}</h2>" in page
    assert page.count("data-seccheck-plotlyjs=") == 1 and page.count("plotly-graph-div") >= 3
    assert "not signed" in page  # cover: signer


def test_improvement_plan_lists_failures_by_severity_with_remediation(
    report: dict[str, Any],
) -> None:
    page, run = report["html"], report["run"]
    checks = {c.id: c for item in load_checklist().items for c in item.checks}
    failing = {r.check_id for r in run.results if r.status.value == "FAIL"}
    assert failing
    plan = page.split(">Improvement plan</h2>", 1)[1].split("</h2>", 1)[0]
    entry = r'<span class="sev sev-(\w+)">\w+</span> &middot; <code>([\w-]+)</code>'
    shown = re.findall(entry, plan)
    assert {cid for _, cid in shown} == failing
    order = ["critical", "high", "medium", "low", "informational"]
    ranks = [order.index(sev) for sev, _ in shown]
    assert ranks == sorted(ranks)
    for _, check_id in shown:
        spec = checks[check_id]
        assert str(escape(spec.remediation)) in plan, check_id
        if spec.references:
            assert str(escape(spec.references[0].url)) in plan, check_id


def test_pdf_is_written_and_covered_by_the_manifest(report: dict[str, Any]) -> None:
    pdf = report["out"].with_suffix(".pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) >= 5, len(reader.pages)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for heading in ("Executive summary", "Improvement plan", "Appendix: API call records"):
        assert heading in text, heading
    failing = {r.check_id for r in report["run"].results if r.status.value == "FAIL"}
    assert failing and all(check_id in text for check_id in failing)
    assert "In [" not in text and "import boto3" not in text  # a report, not a notebook dump
    manifest = json.loads(report["out"].with_name("evidence.manifest.json").read_text())
    assert {"evidence.pdf", "evidence.html"} <= set(manifest["files"])


def test_pdf_failure_writes_nothing(
    report: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SECCHECK_CHROMIUM", str(tmp_path / "no-chromium"))
    source = report["out"].parent.parent / "results.json"
    out = tmp_path / "out" / "evidence.ipynb"
    out.parent.mkdir()
    assert main(["export", str(source), "--out", str(out), "--pdf"]) == 1
    assert "no-chromium is missing" in " ".join(capsys.readouterr().err.split())
    assert list(out.parent.iterdir()) == []
