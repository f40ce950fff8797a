"""Dashboard totals and the workshop prediction widget."""

from __future__ import annotations

import re

from seccheck import Assessment
from seccheck.scoring import Verdict
from seccheck.widgets.dashboard import Dashboard, totals_html
from seccheck.widgets.prediction import Prediction, reveal


def use_sandbox(monkeypatch, sandbox) -> None:
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)


def test_totals_table_counts_items_per_section(tmp_path):
    a = Assessment.open(tmp_path / "d.seccheck.json")
    a.answer("IR-01-Q01", "no")
    a.answer("IR-03-Q01", "no")
    html = totals_html(a)
    row = re.search(r"<tr><td[^>]*>IR Incident Response</td>(.*?)</tr>", html).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    not_met = list(Verdict).index(Verdict.NOT_MET)
    assert cells[not_met] == "2"
    assert cells[-1] == f"2/{len(a.checklist.items_in('IR'))}"


def test_dashboard_refresh_rereads_the_file(tmp_path):
    a = Assessment.open(tmp_path / "d.seccheck.json")
    dash = Dashboard(a, charts=False)
    assert dash.value["totals"]["not_met"] == 0
    Assessment.open(a.path).answer("DP-01-Q01", "no")  # another kernel
    dash.refresh_button.click()
    assert dash.value["totals"]["not_met"] == 1
    assert "jp-Seccheck-dashboard" in dash.widget._dom_classes


def test_prediction_and_reveal(tmp_path, workshop, monkeypatch):
    use_sandbox(monkeypatch, workshop)
    a = Assessment.open(tmp_path / "p.seccheck.json", sandbox="workshop")
    p = Prediction("IAM-01-C01")
    assert p.value is None
    unguessed = reveal(a, p)
    assert unguessed.correct is None and "No prediction" in unguessed.verdict_text()
    outcome = unguessed.outcome
    assert outcome == "FAIL"  # the workshop root user has no MFA
    p.choice.value = "PASS"
    wrong = reveal(a, p)
    assert wrong.correct is False and "but the check says FAIL" in wrong._repr_html_()
    p.choice.value = "FAIL"
    right = reveal(a, p)
    assert right.correct is True and "Well done" in str(right)
    assert [r.check_ids for r in a.runs] == [["IAM-01-C01"]] * 3
