"""Charts built from a real sandbox assessment hold the counts found in the saved results."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from seccheck import Assessment, charts
from seccheck.checklist import Severity
from seccheck.results import Status
from seccheck.scoring import Verdict


@pytest.fixture(scope="module")
def assessed(workshop, tmp_path_factory):
    """Two real runs over the workshop sandbox (one item, then everything) and a few answers."""
    path = tmp_path_factory.mktemp("charts") / "charts.seccheck.json"
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in list(__import__("os").environ) if k.startswith("AWS_")]:
            mp.delenv(key)
        for key, value in workshop.env().items():
            mp.setenv(key, value)
        a = Assessment.open(path, sandbox="workshop")
        a.verify("IAM-01")
        a.verify()
        a.answer("IR-01-Q01", "no")
        a.answer("IR-03-Q01", "not_applicable", reason="Business priorities")
        a.answer("IR-03-Q02", "not_applicable", reason="Not in scope")
    return Assessment.load(path)


def traces(fig):
    return {t.name: t for t in fig.data}


def test_coverage_by_section_matches_item_statuses(assessed):
    fig = charts.coverage_by_section_figure(assessed)
    section_ids = [s.id for s in assessed.checklist.sections]
    expected = {v.label: [0] * len(section_ids) for v in Verdict}
    for item in assessed.checklist.items:
        label = assessed.item_status(item.id).status.label
        expected[label][section_ids.index(item.section)] += 1
    got = traces(fig)
    assert list(got) == [v.label for v in Verdict]
    for label, counts in expected.items():
        assert list(got[label].x) == section_ids
        assert list(got[label].y) == counts, label
    assert sum(sum(t.y) for t in fig.data) == len(assessed.checklist.items)
    assert (
        expected["N/A"][section_ids.index("IR")] >= 1
        and expected["not met"][section_ids.index("IR")] >= 1
    )


def test_wa_questions_shows_all_eleven(assessed):
    fig = charts.wa_questions_figure(assessed)
    wa_ids = [f"SEC{n:02d}" for n in range(1, 12)]
    for t in fig.data:
        assert list(t.x) == wa_ids
    assert list(fig.layout.xaxis.categoryarray) == wa_ids
    for verdict in Verdict:
        want = [
            sum(
                1
                for i in assessed.checklist.items
                if q in i.wa.questions and assessed.item_status(i.id).status is verdict
            )
            for q in wa_ids
        ]
        assert list(traces(fig)[verdict.label].y) == want


def _saved_runs(a):
    return json.loads(a.path.read_text())["runs"]


def test_failing_resources_by_service_and_severity(assessed):
    fig = charts.failing_resources_figure(assessed)
    last = _saved_runs(assessed)[-1]  # the full run covers everything the first one did
    assert last["items"] is None and last["status"] == "completed"
    fails: dict[tuple[str, str], set] = {}
    for r in last["results"]:
        if r["status"] == "FAIL":
            fails.setdefault((r["service"], r["severity"]), set()).add(
                (r["account"], r["region"], r["resource"])
            )
    assert fails, "the workshop sandbox has failing resources"
    services = sorted({svc for svc, _ in fails})
    got = traces(fig)
    assert list(got) == [s.value for s in Severity]
    for sev in Severity:
        assert list(got[sev.value].x) == services
        assert list(got[sev.value].y) == [len(fails.get((svc, sev.value), ())) for svc in services]
    assert "iam" in services and got["critical"].y[services.index("iam")] >= 1


def test_trend_has_one_point_per_pass(assessed):
    fig = charts.trend_figure(assessed)
    runs = _saved_runs(assessed)
    assert len(runs) == 2
    first = Counter(r["status"] for r in runs[0]["results"])
    last = Counter(r["status"] for r in runs[-1]["results"])
    got = traces(fig)
    assert list(got) == [s.value for s in Status]
    for s in Status:
        assert len(got[s.value].x) == 2
        assert got[s.value].y[0] == first[s.value]
        assert got[s.value].y[-1] == last[s.value]
    assert got["FAIL"].y[0] >= 1


def test_trend_draws_one_point_per_assessment_pass_not_per_item(workshop, tmp_path):
    """Item after item in one kernel is one pass; verifying an item again starts the next."""
    import os

    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in list(os.environ) if k.startswith("AWS_")]:
            mp.delenv(key)
        for key, value in workshop.env().items():
            mp.setenv(key, value)
        a = Assessment.open(tmp_path / "passes.seccheck.json", sandbox="workshop")
        a.verify("IAM-01")
        a.verify("IR-03")
        a.verify("IAM-01")
    a = Assessment.load(tmp_path / "passes.seccheck.json")
    assert len(a.runs) == 3
    fig = charts.trend_figure(a)
    got = traces(fig)
    assert [len(got[s.value].x) for s in Status] == [2] * len(Status)
    assert got["FAIL"].customdata[0].startswith("pass 1: 2 run(s), 2 item(s)")
    assert fig.layout.xaxis.title.text == "assessment pass"


def test_html_embeds_plotly_js_once_and_needs_no_network(assessed):
    fig = charts.coverage_by_section_figure(assessed)
    html = charts.fig_to_html(fig)
    assert len(html) > 1_000_000 and "Plotly.newPlot" in html
    assert not re.search(r"<script[^>]*\bsrc=", html)  # plotly.js inline, nothing fetched
    together = charts.Charts(assessed).to_html()
    assert together.count("Plotly.newPlot") == 4 and len(together) < len(html) + 500_000


def test_notebook_renderer_is_offline_friendly():
    import plotly.io as pio

    previous = pio.renderers.default
    try:
        charts.use_notebook_renderer()
        assert pio.renderers.default == "plotly_mimetype"  # no plotly.js copy per output
    finally:
        pio.renderers.default = previous


def test_importing_the_assessment_does_not_load_plotly_or_widgets():
    code = (
        "import sys, seccheck.assessment, seccheck.scoring, seccheck.display; "
        "print(sorted(m for m in ('plotly', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_figure_is_readable_on_light_and_dark_themes(assessed):
    """No white box in a dark JupyterLab: the notebook's background shows through."""
    for name, fig in charts.Charts(assessed).figures.items():
        layout = fig.to_plotly_json()["layout"]
        assert layout["paper_bgcolor"] == "rgba(0,0,0,0)", name
        assert layout["plot_bgcolor"] == "rgba(0,0,0,0)", name
        assert layout["font"]["color"] == "#8a8a8a", name  # mid-grey: legible on white and black
        assert "template" not in layout or not layout["template"].get("layout"), name
        assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["gridcolor"], name


def test_every_figure_is_marked_for_the_lab_theme_and_saved_neutral(tmp_path):
    """The extension restyles figures with this marker in JupyterLab; what is saved (and exported)
    stays theme-neutral, so the report prints light."""
    a = Assessment.open(tmp_path / "marked.seccheck.json")
    for name, fig in charts.Charts(a).figures.items():
        layout = fig.to_plotly_json()["layout"]
        assert layout["meta"] == {"seccheck": "chart"}, name
        assert layout["paper_bgcolor"] == "rgba(0,0,0,0)", name
    html = charts.Charts(a).to_html()
    assert html.count('"meta":{"seccheck":"chart"}') == 4
    assert html.count('"paper_bgcolor":"rgba(0,0,0,0)"') == 4
