"""Server-side settings an administrator can put in `jupyter_server_config.py`."""

from __future__ import annotations

from traitlets import Int
from traitlets.config import Configurable


class SeccheckConfig(Configurable):
    """seccheck's server extension (`c.SeccheckConfig.<name> = ...`)."""

    checklist_scan_depth = Int(
        3,
        min=0,
        config=True,
        help="How many folders below the server root to look for checklist YAML files.",
    )
    max_checklists = Int(
        200,
        min=1,
        config=True,
        help="Stop looking for checklist files after this many (keeps the listing fast).",
    )
