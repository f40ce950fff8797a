"""HTML rendering of an evidence notebook that opens offline, charts included.

nbconvert's lab template loads require.js, MathJax and mermaid from public CDNs; our template
(`templates/seccheck_offline`) drops them. Charts need plotly.js, which the notebook embeds once
(compressed); `offline_problems` checks a rendering for anything that would reach the network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "seccheck_offline"
_PLOTLY_CDN = re.compile(r"cdn\.plot\.ly|https?://cdn[.\w-]*/")
_REMOTE_SCRIPT = re.compile(r"""<script[^>]+src\s*=\s*["']https?://""", re.I)


def notebook_to_html(nb: Any) -> str:
    """Render with nbconvert (lazy import: `import seccheck` stays light)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(nb)
    return str(body)


def offline_problems(page: str) -> list[str]:
    """Why a rendering would not show its charts without a network (empty when it would)."""
    from .figures import MARKER

    problems = []
    if _PLOTLY_CDN.search(page):
        problems.append("references a CDN (plotly or other)")
    embedded = len(re.findall(f"<script[^>]*{MARKER}=", page))
    if "plotly-graph-div" in page and embedded == 0:
        problems.append("draws plotly charts but does not embed plotly.js")
    if embedded > 1:
        problems.append("embeds plotly.js more than once")
    if _REMOTE_SCRIPT.search(page):
        problems.append("loads a script from the network")
    return problems
