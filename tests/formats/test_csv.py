from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from seccheck.checklist import Checklist
from seccheck.evidence.redaction_audit import SecretLeakError
from seccheck.formats import writers
from seccheck.formats.csv import COLUMNS, to_csv, write_csv
from seccheck.runner import RunReport


def test_one_row_per_result_with_titles(
    report: RunReport, checklist: Checklist, tmp_path: Path
) -> None:
    writers()["csv"](report, checklist, tmp_path / "r.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == COLUMNS
    assert [(r["check_id"], r["account"], r["status"]) for r in rows] == [
        (x.check_id, x.account, x.status.value) for x in report.results
    ]
    first = rows[0]
    check = checklist.check(first["check_id"])
    assert first["check_title"] == check.title and first["remediation"] == check.remediation
    assert first["item_title"] == checklist.item("IAM-01").title and first["call_ids"] == "c000001"


def test_formula_cells_are_defused(report: RunReport, checklist: Checklist) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report, checklist))))
    assert rows[2]["resource"] == '\'=HYPERLINK("http://x")'


def test_refuses_secrets(report: RunReport, checklist: Checklist, tmp_path: Path) -> None:
    leaky = RunReport(
        **{
            **report.__dict__,
            "results": [
                type(report.results[0])(
                    **{**report.results[0].__dict__, "reason": "export DB_PASSWORD=hunter2hunter2"}
                )
            ],
        }
    )
    with pytest.raises(SecretLeakError):
        write_csv(leaky, checklist, tmp_path / "r.csv")
    assert not (tmp_path / "r.csv").exists()
