"""The wizard: walk the checklist item by item, jump by section, filter by status.

Previous / Next and "Save and next" sit above and below the card, so a long card never needs
scrolling back up to move on; keyboard shortcuts click the same buttons (`wizard_keys`).

Navigation is logic on plain lists (`items()`, `go_to`, `next_item`, ...), the widgets only call
it. Cards are built on first visit and kept, so what was typed survives moving back and forth.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..scoring import UNANSWERED, VERDICT_ICONS, Verdict, has_unanswered, question_totals
from ._base import View
from .attestation import ICON, STYLE, UNSUPPORTED, count_unsupported, unsupported_ids
from .item_card import ItemCard
from .wizard_keys import keys_hint

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment


class Wizard(View):
    """`.value` is the id of the item on screen (None when the filter matches nothing)."""

    def __init__(
        self,
        a: Assessment,
        *,
        start: str | None = None,
        section: str | None = None,
        status: str | None = None,
    ) -> None:
        self.assessment = a
        self.cards: dict[str, ItemCard] = {}
        cl = a.checklist
        self.section = w.Dropdown(
            options=[("All sections", ""), *[(f"{s.id} · {s.title}", s.id) for s in cl.sections]],
            value=section or "",
            description="Section",
            style={"description_width": "4em"},
        )
        self.section.add_class("jp-Seccheck-section")
        self.status_filter = w.Dropdown(
            options=[
                ("Any status", ""),
                *[(f"{VERDICT_ICONS[v]} {v.label}", v.value) for v in Verdict],
                ("❔ has questions not yet answered", UNANSWERED),
                (f"{ICON} has answers without the required evidence", UNSUPPORTED),
            ],
            value=status or "",
            description="Status",
            style={"description_width": "4em"},
        )
        self.status_filter.add_class("jp-Seccheck-filter")
        self.previous_button = w.Button(
            description="Previous", icon="arrow-left", tooltip="Previous item in this selection"
        )
        self.previous_button.add_class("jp-Seccheck-previous")
        self.next_button = w.Button(
            description="Next", icon="arrow-right", tooltip="Next item in this selection"
        )
        self.next_button.add_class("jp-Seccheck-next")
        self.position = w.HTML()
        self.overview = w.HTML()
        self.card_box = w.VBox()
        self.previous_button.on_click(lambda _: self.previous_item())
        self.next_button.on_click(lambda _: self.next_item())
        # The same moves again below the card, where the eye is after answering.
        self.previous_bottom = w.Button(
            description="Previous", icon="arrow-left", tooltip="Previous item in this selection"
        ).add_class("jp-Seccheck-previous")
        self.save_next_button = w.Button(
            description="Save and next",
            icon="save",
            button_style="primary",
            tooltip="Save every answer chosen on this card, then go to the next item",
        ).add_class("jp-Seccheck-save-next")
        self.next_bottom = w.Button(
            description="Next", icon="arrow-right", tooltip="Next item in this selection"
        ).add_class("jp-Seccheck-next")
        self.save_message = w.HTML().add_class("jp-Seccheck-message")
        self.previous_bottom.on_click(lambda _: self.previous_item())
        self.next_bottom.on_click(lambda _: self.next_item())
        self.save_next_button.on_click(lambda _: self.save_and_next())
        self.bottom = w.HBox(
            [self.previous_bottom, self.save_next_button, self.next_bottom, self.save_message]
        ).add_class("jp-Seccheck-wizard-bottom")
        # The shortcuts (widgets/wizard_keys.py): JupyterLab commands and the Voila template.
        self.keys_hint = w.HTML(keys_hint()).add_class("jp-Seccheck-keys")
        self.section.observe(lambda _: self._selection_changed(), names="value")
        self.status_filter.observe(lambda _: self._selection_changed(), names="value")
        self.widget = w.VBox(
            [
                self.overview,
                w.HBox([self.section, self.status_filter]),
                w.HBox([self.previous_button, self.position, self.next_button]),
                self.card_box,
                self.bottom,
                self.keys_hint,
            ]
        )
        self.widget.add_class("jp-Seccheck-wizard")
        self.current: str | None = None
        selection = self.items()
        self.current = start if start in selection else (selection[0] if selection else None)
        self._show()

    # -- navigation logic -----------------------------------------------------------------------

    def items(self) -> list[str]:
        """Item ids matching the section and status filters, in checklist order."""
        statuses = self.assessment.item_statuses()
        return [
            i.id
            for i in self.assessment.checklist.items
            if (not self.section.value or i.section == self.section.value)
            and self._matches(statuses[i.id])
        ]

    def _matches(self, status: Any) -> bool:
        wanted = self.status_filter.value
        if wanted == UNANSWERED:
            return has_unanswered(status)
        if wanted == UNSUPPORTED:
            return bool(unsupported_ids(status))
        return not wanted or status.status.value == wanted

    @property
    def value(self) -> str | None:
        return self.current

    def go_to(self, item_id: str) -> None:
        self.assessment.checklist.item(item_id)
        if item_id not in self.items():
            self.section.value = ""
            self.status_filter.value = ""
        self.current = item_id
        self._show()

    def next_item(self) -> str | None:
        return self._step(+1)

    def previous_item(self) -> str | None:
        return self._step(-1)

    def save_and_next(self) -> str | None:
        """Save every question with a chosen answer on this card; move on only if all saved."""
        if self.current is None:
            return None
        chosen = [q for q in self.card().form.questions if q.status.value is not None]
        failed = [q.question.id for q in chosen if not q.save()]
        if failed:
            self.save_message.value = (
                f'<span style="color:#c62828">not saved: {escape(", ".join(failed))} '
                "(see the message under each)</span>"
            )
            return self.current
        self.save_message.value = (
            f'<span style="color:#2e7d32">saved {len(chosen)} answer(s)</span>' if chosen else ""
        )
        return self.next_item()

    def jump_to_section(self, section_id: str | None) -> None:
        self.section.value = section_id or ""

    def filter_status(self, status: str | None) -> None:
        self.status_filter.value = status or ""

    def card(self, item_id: str | None = None) -> ItemCard:
        item_id = item_id or self.current
        if item_id is None:
            raise LookupError("no item selected")
        if item_id not in self.cards:
            self.cards[item_id] = ItemCard(
                self.assessment, item_id, on_change=self._refresh_overview
            )
        return self.cards[item_id]

    def _step(self, delta: int) -> str | None:
        selection = self.items()
        if not selection:
            self.current = None
        elif self.current not in selection:
            self.current = selection[0]
        else:
            index = selection.index(self.current) + delta
            self.current = selection[max(0, min(index, len(selection) - 1))]
        self._show()
        return self.current

    def _selection_changed(self) -> None:
        selection = self.items()
        if self.current not in selection:
            self.current = selection[0] if selection else None
        self._show()

    # -- display --------------------------------------------------------------------------------

    def _show(self) -> None:
        selection = self.items()
        if self.current is None:
            self.card_box.children = (w.HTML("<i>No item matches this section and status.</i>"),)
            self.position.value = "0 / 0"
        else:
            card = self.card()
            card.refresh()
            self.card_box.children = (card.widget,)
            where = selection.index(self.current) + 1 if self.current in selection else "–"
            self.position.value = f"<b>{where} / {len(selection)}</b> · {escape(self.current)}"
        index = selection.index(self.current) if self.current in selection else -1
        self.previous_button.disabled = self.previous_bottom.disabled = index <= 0
        last = index < 0 or index >= len(selection) - 1
        self.next_button.disabled = self.next_bottom.disabled = last
        self.save_next_button.disabled = self.current is None
        self._refresh_overview()

    def _refresh_overview(self) -> None:
        statuses = self.assessment.item_statuses()
        counts = {v: 0 for v in Verdict}
        for s in statuses.values():
            counts[s.status] += 1
        done = sum(n for v, n in counts.items() if v.decided)
        parts = " · ".join(
            f"{VERDICT_ICONS[v]} {n} {escape(v.label)}" for v, n in counts.items() if n
        )
        q = question_totals(statuses.values())
        unsupported = count_unsupported(statuses.values())
        flag = (
            f' · <span style="{STYLE}">{ICON} {unsupported} answer(s) without the required '
            "evidence</span>"
            if unsupported
            else ""
        )
        self.overview.value = (
            f"<b>{escape(self.assessment.state.title)}</b> · {done}/"
            f"{len(statuses)} items decided · {q['answered']}/{q['total']} questions answered"
            f"{flag}<br><small>{parts} · ❔ {q['unanswered']} of {q['total']} questions not yet "
            "answered</small>"
        )

    def static_html(self) -> str:
        from ..display import assessment_html

        return assessment_html(self.assessment)
