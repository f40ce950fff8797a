"""One vocabulary for what a person sees: the label, icon and colour of every status and answer.

Keyed by the stored values (`Status.value`, `Verdict.value`, `Severity.value`, answer status),
so this module imports nothing and every renderer can use it: notebook HTML (`display`), plotly
charts (`charts`), evidence notebooks (`evidence/`), widgets, and the side panel, which receives
it from the server in `Assessment.summary()["legend"]` instead of keeping its own table.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Style:
    """How one value is shown: words, a glyph that reads without colour, and a colour."""

    label: str
    icon: str
    colour: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


# Outcome of one check on one resource (seccheck.results.Status), plus the two "no outcome"
# states an item's check counts use. Display order: what needs attention first.
STATUSES: dict[str, Style] = {
    "FAIL": Style("fail", "❌", "#c62828"),
    "WARN": Style("warn", "⚠️", "#ef6c00"),
    "ERROR": Style("error", "💥", "#6d4c41"),
    "NOT_ASSESSABLE": Style("not assessable", "🚫", "#6a1b9a"),
    # A FAIL accepted as a risk (seccheck.acceptance): never shown or counted as a pass.
    "ACCEPTED": Style("accepted risk", "📝", "#1565c0"),
    "PASS": Style("pass", "✅", "#2e7d32"),
    "NOT_APPLICABLE": Style("N/A", "➖", "#78909c"),
    "NOT_RUN": Style("not run", "⏳", "#bdbdbd"),
    "NOT_IMPLEMENTED": Style("not automated", "·", "#e0e0e0"),
}

# An item's verdict (seccheck.scoring.Verdict), in display order.
VERDICTS: dict[str, Style] = {
    "met": Style("met", "✅", "#2e7d32"),
    "met_accepted_risk": Style("met with accepted risk", "📝", "#1565c0"),
    "partially_met": Style("partially met", "🟡", "#f9a825"),
    "not_met": Style("not met", "❌", "#c62828"),
    "not_assessable": Style("not assessable", "🚫", "#6a1b9a"),
    "not_applicable": Style("N/A", "➖", "#78909c"),
    "not_answered": Style("not yet answered", "❔", "#bdbdbd"),
    "not_verified": Style("not yet verified", "⏳", "#e0e0e0"),
}

# A check's severity (seccheck.checklist.Severity), most severe first.
SEVERITIES: dict[str, Style] = {
    "critical": Style("critical", "🟥", "#7f0000"),
    "high": Style("high", "🔴", "#c62828"),
    "medium": Style("medium", "🟠", "#ef6c00"),
    "low": Style("low", "🟡", "#fbc02d"),
    "informational": Style("informational", "🔵", "#90a4ae"),
}

# A manual answer (seccheck.state.ANSWER_STATUSES).
ANSWERS: dict[str, Style] = {
    "yes": Style("Yes", "✅", "#2e7d32"),
    "partial": Style("Partially", "🟡", "#f9a825"),
    "no": Style("No", "❌", "#c62828"),
    "not_applicable": Style("N/A", "➖", "#78909c"),
}

UNKNOWN = Style("unknown", "•", "#607d8b")


def style(table: dict[str, Style], value: str) -> Style:
    """The style of `value`, or a neutral one naming it (never a KeyError in a renderer)."""
    return table.get(value) or Style(value.replace("_", " ").lower(), UNKNOWN.icon, UNKNOWN.colour)


def legend() -> dict[str, dict[str, dict[str, str]]]:
    """Everything above as plain JSON, in display order (what the side panel draws from)."""
    return {
        "statuses": {k: s.to_dict() for k, s in STATUSES.items()},
        "verdicts": {k: s.to_dict() for k, s in VERDICTS.items()},
        "severities": {k: s.to_dict() for k, s in SEVERITIES.items()},
        "answers": {k: s.to_dict() for k, s in ANSWERS.items()},
    }
