"""The wizard's shortcuts: one table (widgets/wizard_keys.py) shown in the card and bound alike by
the JupyterLab extension's settings schema and commands and by the Voila template."""

from __future__ import annotations

import json
import re
from pathlib import Path

from seccheck import Assessment
from seccheck.widgets.wizard import Wizard
from seccheck.widgets.wizard_keys import WIZARD_KEYS, shown

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "extension" / "schema" / "wizard-keys.json"
COMMANDS_TS = REPO / "extension" / "src" / "wizard.ts"
VOILA = REPO / "src" / "seccheck" / "jupyter_data" / "voila" / "templates" / "seccheck"


def test_the_card_names_every_shortcut_and_each_clicks_a_real_button(tmp_path):
    wiz = Wizard(Assessment.open(tmp_path / "keys.seccheck.json"))
    hint = wiz.keys_hint.value
    buttons = [wiz.previous_button, wiz.next_button, wiz.save_next_button]
    classes = {c for b in buttons for c in b._dom_classes}
    for key in WIZARD_KEYS:
        assert f"<kbd>{shown(key.keys)}</kbd> {key.label}" in hint
        assert key.button in classes
    assert wiz.keys_hint in wiz.widget.children


def test_jupyterlab_binds_the_same_keys_to_the_same_buttons():
    shortcuts = json.loads(SCHEMA.read_text())["jupyter.lab.shortcuts"]
    assert {(s["command"], s["keys"][0]) for s in shortcuts} == {
        (k.command, k.keys) for k in WIZARD_KEYS
    }
    # Never JupyterLab's cell-running keys, and always with Alt: plain typing stays typing.
    for s in shortcuts:
        assert s["keys"][0] not in {"Alt Enter", "Shift Enter", "Accel Enter"}
        assert s["keys"][0].startswith("Alt ")
    ts = COMMANDS_TS.read_text()
    pairs = dict(re.findall(r"'(seccheck:wizard-[a-z-]+)': '(jp-Seccheck-[a-z-]+)'", ts))
    assert pairs == {k.command: k.button for k in WIZARD_KEYS}


def test_voila_binds_the_same_keys_to_the_same_buttons():
    template = (VOILA / "index.html.j2").read_text()
    pairs = dict(re.findall(r"'((?:Shift )?[A-Za-z]+)': '(jp-Seccheck-[a-z-]+)'", template))
    # 'Alt PageDown' -> 'PageDown' (the listener requires Alt itself)
    assert pairs == {k.keys.removeprefix("Alt "): k.button for k in WIZARD_KEYS}
    assert "event.altKey" in template
