"""Accept a failing finding as a risk (or revoke an acceptance) from an item's card.

A small composed widget over `seccheck.accepting`: pick one of the item's failing findings,
give a reason, an owner and an expiry, press Accept. The rules (only a FAIL, a date not in the
past, a reason and an owner) are the model's, so the card refuses exactly what the CLI refuses,
and says why in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..accepting import AcceptanceError, accept, revoke
from ..results import Status
from ._base import View, shared_layout

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment

Finding = tuple[str, str, str, str]  # check id, account, region, resource
DEFAULT_DAYS = 90  # the expiry offered first; an acceptance always ends


class AcceptanceForm(View):
    """`.value` is the item's acceptances as listed (`accepting.listing` rows for this item)."""

    def __init__(
        self, a: Assessment, item_id: str, on_saved: Callable[[], None] | None = None
    ) -> None:
        self.assessment = a
        self.item_id = item_id
        self.on_saved = on_saved
        # Layouts that never change are shared (each own Layout is saved widget state).
        plain, wide = shared_layout(), _wide_layout()
        self.finding = w.Dropdown(description="Finding", layout=wide)
        self.reason = w.Text(
            description="Reason", placeholder="why the risk is taken", layout=plain
        )
        self.owner = w.Text(description="Owner", placeholder="who answers for it", layout=plain)
        self.expires = w.DatePicker(description="Expires", layout=plain)
        self.accept_button = w.Button(description="Accept risk", icon="check", layout=plain)
        self.accept_button.on_click(lambda _: self.accept())
        self.in_force = w.Dropdown(description="Accepted", layout=wide)
        self.revoke_button = w.Button(description="Revoke", icon="undo", layout=plain)
        self.revoke_button.on_click(lambda _: self.revoke())
        self.message = w.HTML(layout=plain)
        body = w.VBox(
            [
                self.finding,
                w.HBox([self.reason, self.owner], layout=plain),
                w.HBox([self.expires, self.accept_button], layout=plain),
                w.HBox([self.in_force, self.revoke_button], layout=plain),
                self.message,
            ],
            layout=plain,
        )
        self.widget = w.Accordion(children=[body], titles=("Accept a failing finding as a risk",))
        self.widget.selected_index = None
        self.widget.add_class("jp-Seccheck-acceptance-form")
        self.refresh()

    # -- plain data (unit-tested without a browser) ---------------------------------------------

    def failing(self) -> list[tuple[str, Finding]]:
        """The item's FAILs (and ACCEPTED, to renew), labelled as a person reads them."""
        out = []
        for r in self.assessment.latest_results(self.item_id):
            if r.status in (Status.FAIL, Status.ACCEPTED):
                label = f"{r.status.value} {r.check_id} {r.resource} ({r.account}, {r.region})"
                out.append((label, (r.check_id, r.account, r.region, r.resource)))
        return out

    @property
    def value(self) -> list[dict[str, object]]:
        from ..accepting import listing

        checks = {c.id for c in self.assessment.checklist.item(self.item_id).checks}
        return [row for row in listing(self.assessment) if row["check_id"] in checks]

    # -- actions ---------------------------------------------------------------------------------

    def accept(self) -> bool:
        """Accept the chosen finding; True when saved, else the reason is shown in place."""
        chosen: Finding | None = self.finding.value
        if chosen is None:
            return self._say("Choose a failing finding first.", ok=False)
        check_id, account, region, resource = chosen
        try:
            made = accept(
                self.assessment,
                check_id,
                resource=resource,
                account=account,
                region=region,
                reason=self.reason.value,
                owner=self.owner.value,
                expires=self.expires.value or "",
            )
        except (AcceptanceError, ValueError) as exc:
            return self._say(str(exc), ok=False)
        self.reason.value = ""
        self._changed()
        return self._say(f"Accepted {made.target} until {made.expires} (owner {made.owner}).")

    def revoke(self) -> bool:
        chosen: str | None = self.in_force.value
        if chosen is None:
            return self._say("Nothing to revoke.", ok=False)
        try:
            done = revoke(self.assessment, chosen)
        except (AcceptanceError, ValueError) as exc:
            return self._say(str(exc), ok=False)
        self._changed()
        return self._say(f"Revoked {done.target}: it counts as FAIL again.")

    def refresh(self) -> None:
        options = self.failing()
        self.finding.options = options
        self.finding.value = options[0][1] if options else None
        rows = [r for r in self.value if r["state"] != "revoked"]
        self.in_force.options = [
            (f"{r['state']}: {r['target']} until {r['expires']} ({r['owner']})", r["id"])
            for r in rows
        ]
        self.in_force.value = rows[0]["id"] if rows else None
        if self.expires.value is None:
            self.expires.value = default_expiry(self.assessment.clock())
        locked = self.assessment.read_only
        self.accept_button.disabled = locked or not options
        self.revoke_button.disabled = locked or not rows

    def _changed(self) -> None:
        self.refresh()
        if self.on_saved:
            self.on_saved()

    def _say(self, text: str, *, ok: bool = True) -> bool:
        colour = "#1565c0" if ok else "#c62828"
        self.message.value = f'<span style="color:{colour}">{escape(text)}</span>'
        return ok


def default_expiry(today: date) -> date:
    return today + timedelta(days=DEFAULT_DAYS)


_WIDE: w.Layout | None = None


def _wide_layout() -> w.Layout:
    global _WIDE
    if _WIDE is None:
        _WIDE = w.Layout(width="95%")
    return _WIDE
