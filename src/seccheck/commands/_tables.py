"""The commands' terminal tables: one shape for all of them (imported lazily, as rich is)."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table


def console(piped_width: int = 200) -> Console:
    """The terminal's width when interactive; a fixed wide one when piped, so rows fold, not cut."""
    return Console(width=None if sys.stdout.isatty() else piped_width)


def table(title: str, whole: Iterable[str], folded: Iterable[str] = ()) -> Table:
    """Columns in `whole` never wrap (ids, states, dates); those in `folded` fold long values."""
    out = Table(title=title)
    for col in whole:
        out.add_column(col, no_wrap=True)
    for col in folded:
        out.add_column(col, overflow="fold")
    return out
