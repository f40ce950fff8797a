"""Chart cells: plotly figures whose source holds their data and whose output is already there.

Each chart cell's source is a small, self-contained plotly program with the counts written in
it; the saved output is what that program draws, computed by running the same source at export
time. Outputs carry two representations: `application/vnd.plotly.v1+json` (JupyterLab draws it
with the plotly extension, trusted or not) and `text/html` (nbconvert and browsers use it; it
waits for plotly.js, which one cell near the top embeds once, compressed, for the whole
notebook, so the HTML export draws every chart with no network).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .content import SEVERITIES, STATUS_COLOURS, STATUS_ORDER

if TYPE_CHECKING:
    from .source import EvidenceSource

PLOTLYJS_SOURCE = (
    "# plotly.js, embedded once (compressed) so that every chart below renders offline, also\n"
    "# in the HTML export. Re-running this cell embeds it uncompressed, which works the same.\n"
    "from plotly.offline import init_notebook_mode\n"
    "\n"
    "init_notebook_mode(connected=False)"
)

# plotly.js carries CDN URLs as defaults for map features only (topojson for geo plots, map
# icons). Evidence charts draw no maps; pointing those defaults at relative paths leaves the
# files with no network reference to plotly assets at all, so an offline check can be strict.
_MAP_DEFAULTS = {
    "https://cdn.plot.ly/un/": "plotly-topojson/",
    "https://cdn.jsdelivr.net/npm/@mapbox/maki@": "plotly-maki-icons/maki@",
}
MARKER = "data-seccheck-plotlyjs"

# The bundle is 4.8 MB; gzip + base64 makes it 2 MB, which matters for a notebook that must stay
# small at scale. The browser inflates it with DecompressionStream (all current browsers) and
# charts wait for it through a promise, so script order does not matter.
_LOADER = """<script type="text/javascript" __MARKER__="__VERSION__">
window.PlotlyConfig = {MathJaxConfig: 'local'};
if (!window.seccheckPlotly) {
  window.seccheckPlotly = window.Plotly ? Promise.resolve(window.Plotly) :
    new Response(new Blob([Uint8Array.from(atob("__PAYLOAD__"),
                                           function (c) { return c.charCodeAt(0); })])
      .stream().pipeThrough(new DecompressionStream("gzip"))).text().then(function (code) {
        var s = document.createElement("script");
        s.text = code;
        document.head.appendChild(s);
        return window.Plotly;
      });
}
</script>"""

_CHART = """<div id="__ID__" class="plotly-graph-div"
     style="height:__HEIGHT__px; width:100%;"></div>
<script type="text/javascript">
(function () {
  var el = document.getElementById("__ID__");
  if (!el) { return; }
  var fig = __FIGURE__;
  var ready = window.seccheckPlotly || (window.Plotly ? Promise.resolve(window.Plotly) : null);
  if (!ready) {
    el.textContent = "This chart needs plotly.js: open the notebook in JupyterLab, " +
      "or the HTML export.";
    return;
  }
  ready.then(function (Plotly) {
    Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});
  });
})();
</script>"""


@lru_cache(maxsize=1)
def plotlyjs() -> str:
    """Return the plotly package's plotly.js bundle, its map CDN defaults made relative."""
    from plotly.offline import get_plotlyjs

    bundle = get_plotlyjs()
    for url, local in _MAP_DEFAULTS.items():
        bundle = bundle.replace(url, local)
    return bundle


def plotlyjs_version() -> str:
    head = plotlyjs()[:200]
    return head.split("plotly.js ", 1)[1].split()[0] if "plotly.js " in head else "unknown"


@lru_cache(maxsize=1)
def plotlyjs_payload() -> str:
    """Gzip + base64 of the bundle (deterministic: no timestamp in the gzip header)."""
    import base64
    import gzip

    return base64.b64encode(gzip.compress(plotlyjs().encode(), compresslevel=9, mtime=0)).decode()


def plotlyjs_output() -> dict[str, Any]:
    script = (
        _LOADER.replace("__MARKER__", MARKER)
        .replace("__VERSION__", plotlyjs_version())
        .replace("__PAYLOAD__", plotlyjs_payload())
    )
    return {"output_type": "display_data", "metadata": {}, "data": {"text/html": script}}


def render(source: str, div_id: str) -> dict[str, Any]:
    """Run a chart cell's source and return its display_data output."""
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<chart {div_id}>", "exec"), namespace)  # noqa: S102 - our own generated source
    fig = namespace["fig"]
    from .manifest import js_numbers

    # Numbers as JupyterLab writes them back on save (0, not 0.0): opening and saving the
    # evidence then leaves the file as it was, not only its canonical hash.
    figure = js_numbers(json.loads(fig.to_json()))
    height = int(figure.get("layout", {}).get("height") or 400)
    html = (
        _CHART.replace("__ID__", div_id)
        .replace("__HEIGHT__", str(height))
        .replace("__FIGURE__", json.dumps(figure, separators=(",", ":")).replace("</", "<\\/"))
    )
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {"application/vnd.plotly.v1+json": figure, "text/html": html},
    }


def _colours(statuses: list[str]) -> str:
    return json.dumps({s: STATUS_COLOURS[s] for s in statuses})


def status_by_severity_source(src: EvidenceSource) -> str:
    statuses = [s.value for s in STATUS_ORDER]
    by = Counter((r.status.value, r.severity) for r in src.results)
    counts = {s: [by.get((s, sev), 0) for sev in SEVERITIES] for s in statuses}
    return (
        "# Automated results by severity and status (counts as recorded at export)\n"
        "import plotly.graph_objects as go\n\n"
        f"severities = {SEVERITIES!r}\n"
        f"counts = {json.dumps(counts)}\n"
        f"colours = {_colours(statuses)}\n"
        "fig = go.Figure([go.Bar(name=s, x=severities, y=n, marker_color=colours[s])\n"
        "                 for s, n in counts.items() if any(n)])\n"
        'fig.update_layout(barmode="stack", title="Automated results by severity and status",\n'
        '                  height=380, margin=dict(t=50, b=40), legend_title_text="status")\n'
        "fig"
    )


def status_by_section_source(src: EvidenceSource) -> str:
    statuses = [s.value for s in STATUS_ORDER]
    section_of = {i.id: i.section for i in src.checklist.items}
    sections = [s.id for s in src.checklist.sections]
    titles = {s.id: s.title for s in src.checklist.sections}
    by = Counter((section_of.get(r.item_id, "?"), r.status.value) for r in src.results)
    labels = [f"{sid} {titles[sid]}"[:40] for sid in sections]
    counts = {s: [by.get((sid, s), 0) for sid in sections] for s in statuses}
    return (
        "# Automated results per checklist section (counts as recorded at export)\n"
        "import plotly.graph_objects as go\n\n"
        f"sections = {json.dumps(labels)}\n"
        f"counts = {json.dumps(counts)}\n"
        f"colours = {_colours(statuses)}\n"
        'fig = go.Figure([go.Bar(name=s, y=sections, x=n, orientation="h",\n'
        "                        marker_color=colours[s])\n"
        "                 for s, n in counts.items() if any(n)])\n"
        'fig.update_layout(barmode="stack", title="Automated results by section",\n'
        "                  height=120 + 28 * len(sections), margin=dict(t=50, b=40),\n"
        '                  yaxis=dict(autorange="reversed"), legend_title_text="status")\n'
        "fig"
    )


def answers_source(src: EvidenceSource) -> str:
    labels = ["yes", "partial", "no", "not_applicable", "not yet answered"]
    statuses = Counter(a.status for a in src.answers.values())
    questions = [q.id for i in src.checklist.items for q in i.manual_questions]
    counts = [statuses.get(s, 0) for s in labels[:-1]]
    counts.append(sum(1 for q in questions if q not in src.answers))
    return (
        "# Manual attestations by answer (as recorded at export)\n"
        "import plotly.graph_objects as go\n\n"
        f"answers = {json.dumps(labels)}\n"
        f"counts = {json.dumps(counts)}\n"
        'colours = ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e", "#cfd8dc"]\n'
        "fig = go.Figure(go.Bar(x=answers, y=counts, marker_color=colours))\n"
        'fig.update_layout(title="Manual questions by answer", height=320,\n'
        "                  margin=dict(t=50, b=40))\n"
        "fig"
    )


def verdicts_source(src: EvidenceSource) -> str:
    """Items per section by item status (automated and manual combined), as the dashboard shows."""
    sections = [s.id for s in src.checklist.sections]
    titles = {s.id: s.title for s in src.checklist.sections}
    labels = list(dict.fromkeys(src.item_statuses.values()))
    colours = {
        src.item_statuses[i]: src.item_colours.get(i) or "#607d8b" for i in src.item_statuses
    }
    by = Counter((item.section, src.item_statuses.get(item.id, "")) for item in src.checklist.items)
    counts = {label: [by.get((sid, label), 0) for sid in sections] for label in labels}
    names = [f"{sid} {titles[sid]}"[:40] for sid in sections]
    return (
        "# Checklist items per section by item status (automated results and manual answers)\n"
        "import plotly.graph_objects as go\n\n"
        f"sections = {json.dumps(names)}\n"
        f"counts = {json.dumps(counts)}\n"
        f"colours = {json.dumps(colours)}\n"
        'fig = go.Figure([go.Bar(name=s, y=sections, x=n, orientation="h",\n'
        "                        marker_color=colours[s])\n"
        "                 for s, n in counts.items() if any(n)])\n"
        'fig.update_layout(barmode="stack", title="Items by status, per section",\n'
        "                  height=120 + 28 * len(sections), margin=dict(t=50, b=40),\n"
        '                  yaxis=dict(autorange="reversed"), legend_title_text="item status")\n'
        "fig"
    )
