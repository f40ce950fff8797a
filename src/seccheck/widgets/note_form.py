"""The free-text note on an item: one shared editor per item, refused when stale."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import ipywidgets as w

from ._base import View, shared_layout

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment

_ERROR = "color:#c62828"
_OK = "color:#2e7d32"
_NOTES: WeakKeyDictionary[Any, dict[str, NoteForm]] = WeakKeyDictionary()


def shared_note(a: Assessment, item_id: str) -> NoteForm:
    """The one note editor of an item in this kernel."""
    notes = _NOTES.setdefault(a, {})
    note = notes.get(item_id)
    if note is None:
        note = notes[item_id] = NoteForm(a, item_id)
    else:
        note.follow_saved()
    return note


class NoteForm(View):
    """The free-text note on an item, with the same revision check as the answers."""

    def __init__(self, a: Assessment, item_id: str) -> None:
        self.assessment = a
        self.item_id = item_id
        self._loaded_revision: str | None = None
        self.note = w.Textarea(
            placeholder=f"Note on {item_id} (context, follow-ups)",
            layout=w.Layout(width="98%", height="4em"),
        )
        self.note.add_class("jp-Seccheck-item-note")
        self.save_button = w.Button(
            description="Save note",
            icon="save",
            tooltip=f"Save the note on {item_id}",
            layout=shared_layout(),
        )
        self.save_button.add_class("jp-Seccheck-save-note")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML(layout=shared_layout())
        row = w.HBox([self.save_button, self.message], layout=shared_layout())
        self.widget = w.VBox([self.note, row], layout=shared_layout())
        self.load()

    def load(self) -> None:
        saved = self.assessment.item_notes.get(self.item_id)
        self._loaded_revision = saved.revision if saved else None
        self.note.value = self._loaded_text = saved.text if saved else ""

    def follow_saved(self) -> None:
        """Show a note saved elsewhere, unless this one holds unsaved edits."""
        saved = self.assessment.item_notes.get(self.item_id)
        if (saved.revision if saved else None) == self._loaded_revision:
            return
        if self.note.value != self._loaded_text:
            self.message.value = f'<span style="{_ERROR}">changed elsewhere; not shown</span>'
            return
        self.load()

    def save(self) -> bool:
        try:
            self.assessment.note(self.item_id, self.note.value, expected=self._loaded_revision)
        except (ValueError, KeyError, RuntimeError) as exc:
            self.message.value = f'<span style="{_ERROR}">{escape(str(exc))}</span>'
            return False
        self.load()
        self.message.value = f'<span style="{_OK}">note saved</span>'
        return True


def open_notes(a: Assessment) -> list[NoteForm]:
    """The note editors this kernel shows for `a`."""
    return list(_NOTES.get(a, {}).values())
