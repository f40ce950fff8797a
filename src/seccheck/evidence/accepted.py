"""Accepted risks in evidence: which acceptances there are and which findings each covers.

An accepted finding is neither hidden nor counted as fixed: the report and the notebook list
every acceptance (who recorded it and when, the reason, the owner, the expiry, whether it is in
force, expired or revoked) with the resources it covers, while the improvement plan lists only
open failures. An expired acceptance's findings are FAILs again, so they are back in the plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..acceptance import acceptance_of
from ..markup import esc, table
from ..results import Status

if TYPE_CHECKING:
    from .source import EvidenceSource

STATE_WORDS = {
    "active": "in force",
    "expired": "EXPIRED: counts as FAIL again",
    "revoked": "revoked",
}


def accepted_risks(src: EvidenceSource) -> list[dict[str, Any]]:
    """Every acceptance the source knows, with the results it covers (in force or expired).

    An assessment lists its acceptances; a results JSON or a sidecar only has the ones its
    results carry, so those are gathered from the results.
    """
    known: dict[str, dict[str, Any]] = {a["id"]: dict(a) for a in src.acceptances}
    covers: dict[str, list[str]] = {}
    for r in src.results:
        a = acceptance_of(r)
        if a is None or r.status not in (Status.ACCEPTED, Status.FAIL):
            continue
        known.setdefault(a["id"], dict(a))
        covers.setdefault(a["id"], []).append(r.resource)
    out = []
    for key, a in known.items():
        a["covers"] = sorted(set(covers.get(key, [])))
        a["state_words"] = STATE_WORDS.get(str(a.get("state")), str(a.get("state")))
        out.append(a)
    order = {"active": 0, "expired": 1, "revoked": 2}
    return sorted(out, key=lambda a: (order.get(a.get("state", ""), 3), a["check_id"], key))


def accepted_section(src: EvidenceSource) -> str:
    """The notebook's "Accepted risks" section (HTML inside Markdown, everything escaped)."""
    risks = accepted_risks(src)
    if not risks:
        return "## Accepted risks\n\n<p>No risk has been accepted.</p>"
    rows = [
        [
            esc(a["state_words"]),
            f"<code>{esc(a['check_id'])}</code>",
            esc(a.get("target", "")),
            esc(", ".join(a["covers"]) or "none in these results"),
            esc(a.get("reason", "")),
            esc(a.get("owner", "")),
            esc(a.get("expires", "")),
            esc(f"{a.get('accepted_by', '')} {str(a.get('accepted_at', ''))[:10]}"),
        ]
        for a in risks
    ]
    active = sum(1 for a in risks if a.get("state") == "active")
    return (
        "## Accepted risks\n\n"
        f"<p>{active} acceptance(s) in force. Findings they cover show as ACCEPTED, never PASS, "
        "and are not in the improvement plan; after the expiry they count as FAIL again.</p>\n"
        + table(
            ["state", "check", "what", "covers", "reason", "owner", "expires", "accepted by"],
            rows,
            raw=True,
        )
    )
