"""One vocabulary: every value has one label, icon and colour, and every renderer uses it."""

from __future__ import annotations

import json

from seccheck import palette
from seccheck.checklist import Severity
from seccheck.results import Status
from seccheck.scoring import CHECK_OUTCOMES, VERDICT_COLORS, VERDICT_ICONS, VERDICT_LABELS, Verdict
from seccheck.state import ANSWER_LABELS, ANSWER_STATUSES


def test_every_stored_value_has_a_style():
    assert set(CHECK_OUTCOMES) == set(palette.STATUSES)
    assert [v.value for v in Verdict] == list(palette.VERDICTS)
    assert [s.value for s in Severity] == list(palette.SEVERITIES)
    assert set(ANSWER_STATUSES) == set(palette.ANSWERS)


def test_the_model_names_come_from_the_palette():
    for v in Verdict:
        style = palette.VERDICTS[v.value]
        assert (VERDICT_LABELS[v], VERDICT_ICONS[v], VERDICT_COLORS[v]) == (
            style.label,
            style.icon,
            style.colour,
        )
    assert {s.value: s.icon for s in Status} == {
        k: palette.STATUSES[k].icon for k in Status.__members__
    }
    assert ANSWER_LABELS == {k: s.label for k, s in palette.ANSWERS.items()}


def test_every_renderer_draws_a_status_in_the_same_colour():
    from seccheck import charts, display, tables
    from seccheck.evidence import content

    for status in Status:
        colour = palette.STATUSES[status.value].colour
        assert f"color:{colour}" in display.status_badge(status)
        assert charts.STATUS_COLORS[status] == colour
        assert content.STATUS_COLOURS[status.value] == colour
        assert f"background:{colour}" in content.badge(status.value)
        assert tables._COLORS[status] == colour


def test_unknown_values_are_named_not_fatal():
    style = palette.style(palette.STATUSES, "SOMETHING_NEW")
    assert style.label == "something new" and style.colour == palette.UNKNOWN.colour


def test_legend_is_plain_json_in_display_order():
    legend = json.loads(json.dumps(palette.legend()))
    assert list(legend) == ["statuses", "verdicts", "severities", "answers"]
    assert list(legend["statuses"])[:2] == ["FAIL", "WARN"]
    na = {"label": "N/A", "icon": "➖", "colour": "#78909c"}
    assert legend["answers"]["not_applicable"] == na


def test_static_html_guards_dollar_signs_everywhere():
    """JupyterLab reads `$...$` as LaTeX in Markdown: both renderers escape it the same way."""
    from seccheck import display, markup
    from seccheck.evidence import content

    assert markup.esc("costs $5 and $6") == "costs &#36;5 and &#36;6"
    assert content.esc is markup.esc
    assert "&#36;" in display.text_html("a $HOME path") and "$" not in display.text_html("$x$")
