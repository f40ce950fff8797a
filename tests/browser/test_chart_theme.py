"""seccheck's Plotly charts follow the JupyterLab theme: dark and back, without re-running."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from lab_helpers import open_notebook, open_palette_and_run, shoot

from seccheck import Assessment, charts
from seccheck.notebooks import KERNELSPEC
from seccheck.scoring import VERDICT_COLORS, Verdict

pytestmark = pytest.mark.browser

# What the user sees: the SVG's background, the title's text colour, a grid line, the bars.
RENDERED = """() => {
  const graph = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .js-plotly-plot');
  const svg = graph.querySelector('.main-svg');
  const grid = graph.querySelector('.gridlayer path');
  return {
    theme: graph.dataset.seccheckTheme || '',
    light: document.body.dataset.jpThemeLight,
    background: getComputedStyle(svg).backgroundColor,
    title: getComputedStyle(graph.querySelector('.gtitle')).fill,
    grid: grid ? getComputedStyle(grid).stroke : '',
    bars: [...new Set([...graph.querySelectorAll('.trace.bars .point path')].map(
      p => getComputedStyle(p).fill))].sort(),
    page: getComputedStyle(document.body).getPropertyValue('--jp-layout-color0').trim(),
  };
}"""


def luminance(css: str) -> float:
    """Relative luminance (0 black .. 1 white) of an rgb()/rgba() colour, alpha over nothing."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def hex_rgb(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_charts_switch_to_dark_and_back_with_the_theme(page, lab, tmp_path):
    fig = charts.Charts(Assessment.open(tmp_path / "theme.seccheck.json"))["coverage"]
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": dict(KERNELSPEC)})
    nb.cells.append(nbformat.v4.new_code_cell("a.charts()  # executed earlier", execution_count=1))
    nb.cells[0].outputs.append(
        nbformat.v4.new_output(
            "display_data",
            data={
                "application/vnd.plotly.v1+json": json.loads(fig.to_json()),
                "text/plain": "<coverage chart>",
            },
        )
    )
    nbformat.write(nb, str(lab.root / "theme.ipynb"))
    open_notebook(page, lab, "theme.ipynb")
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    # The statuses drawn, in the palette's colours (the meaning of a colour never changes).
    drawn = {
        hex_rgb(VERDICT_COLORS[v])
        for v in Verdict
        for t in fig.data
        if t.name == v.label and any(t.y)
    }
    assert drawn

    def settled(light: str):
        page.wait_for_function(
            f"(light) => {{ const r = ({RENDERED})(); return r.light === light && r.theme "
            "&& JSON.parse(r.theme).paper_bgcolor === r.page; }",
            arg=light,
            timeout=20_000,
        )
        page.wait_for_timeout(300)  # the relayout's redraw
        return page.evaluate(RENDERED)

    light = settled("true")
    assert luminance(light["background"]) > 0.9, light
    assert luminance(light["title"]) < 0.3, light
    assert drawn <= set(light["bars"]), light
    shoot(page, "chart-theme-light")

    open_palette_and_run(page, "Use Theme: JupyterLab Dark")
    dark = settled("false")
    assert luminance(dark["background"]) < 0.15, dark
    assert luminance(dark["title"]) > 0.8, dark
    assert luminance(dark["grid"]) < 0.4, dark
    assert dark["bars"] == light["bars"], dark  # the status colours stay as they were
    shoot(page, "chart-theme-dark")

    open_palette_and_run(page, "Use Theme: JupyterLab Light")
    back = settled("true")
    assert (back["background"], back["title"], back["bars"]) == (
        light["background"],
        light["title"],
        light["bars"],
    )
