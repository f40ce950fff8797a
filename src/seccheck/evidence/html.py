"""Offline checks for the HTML report (which `report.py` renders from the evidence data).

Charts need plotly.js, which the report embeds once (compressed); `offline_problems` checks a
page for anything that would reach the network.
"""

from __future__ import annotations

import re

_PLOTLY_CDN = re.compile(r"cdn\.plot\.ly|https?://cdn[.\w-]*/")
_REMOTE_SCRIPT = re.compile(r"""<script[^>]+src\s*=\s*["']https?://""", re.I)


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
