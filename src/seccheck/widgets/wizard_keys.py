"""The wizard's keyboard shortcuts: one table, shown in the card and bound by both front ends.

How the keys reach the wizard, and why this way:

* JupyterLab: the seccheck extension registers the commands `seccheck:wizard-next`,
  `seccheck:wizard-previous` and `seccheck:wizard-save-next` with default key bindings in its
  settings schema (`extension/schema/wizard-keys.json`). So they are listed in the command palette
  and users can remap them in Settings > Keyboard Shortcuts like any JupyterLab shortcut. A command
  clicks the button of the wizard in the active notebook, so a key press does exactly what the
  click does (same Python handler, same save, same messages).
* Voila (`seccheck app`): there is no JupyterLab command system, so seccheck's Voila template adds
  one small key listener that clicks the same buttons.

ipyevents was considered and set aside: while the mouse is over the watched widget it captures
and cancels every key on the page, so typing a note inside the wizard would be swallowed.
The keys avoid JupyterLab's defaults (Alt+Enter, Shift+Enter, Ctrl+Enter run cells) and leave
plain typing alone: each needs Alt, and none is a text-editing key in a text field.
"""

from __future__ import annotations

from html import escape
from typing import NamedTuple


class WizardKey(NamedTuple):
    """One shortcut: the JupyterLab command, its default keys (lumino spelling), the button."""

    command: str
    keys: str
    label: str
    button: str


WIZARD_KEYS: tuple[WizardKey, ...] = (
    WizardKey("seccheck:wizard-previous", "Alt PageUp", "previous item", "jp-Seccheck-previous"),
    WizardKey("seccheck:wizard-next", "Alt PageDown", "next item", "jp-Seccheck-next"),
    WizardKey(
        "seccheck:wizard-save-next", "Alt Shift Enter", "save and next", "jp-Seccheck-save-next"
    ),
)


def shown(keys: str) -> str:
    """'Alt PageDown' as people read it: 'Alt+PageDown'."""
    return "+".join(keys.split())


def keys_hint() -> str:
    """The short line under the wizard card naming each shortcut."""
    parts = " · ".join(f"<kbd>{escape(shown(k.keys))}</kbd> {escape(k.label)}" for k in WIZARD_KEYS)
    return f"<small>Keys: {parts}</small>"
