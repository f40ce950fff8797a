"""A progress bar with Cancel for a verification run (which runs in a background thread)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ._base import View

if TYPE_CHECKING:
    from ..runner import Progress
    from ..verification import Verification


class RunProgress(View):
    """`.value` is (done, total); Cancel stops the attached run at its next API call."""

    def __init__(self) -> None:
        self.bar = w.IntProgress(
            min=0, max=1, value=0, description="", bar_style="info", layout=w.Layout(width="40%")
        )
        self.label = w.HTML()
        self.cancel_button = w.Button(
            description="Cancel",
            icon="stop",
            button_style="warning",
            tooltip="Stop the run; results found so far are kept",
            disabled=True,
        )
        self.cancel_button.add_class("jp-Seccheck-cancel")
        self.cancel_button.on_click(lambda _: self.cancel())
        self.widget = w.HBox([self.bar, self.label, self.cancel_button])
        self.widget.add_class("jp-Seccheck-progress")
        self.widget.layout.display = "none"
        self.verification: Verification | None = None

    @property
    def value(self) -> tuple[int, int]:
        return (self.bar.value, self.bar.max)

    def attach(self, verification: Verification) -> None:
        self.verification = verification
        self.bar.value, self.bar.max = 0, 1
        self.bar.bar_style = "info"
        self.label.value = "<small>resolving scope…</small>"
        self.cancel_button.disabled = False
        self.widget.layout.display = None

    def update(self, p: Progress) -> None:
        self.bar.max = max(p.total, 1)
        self.bar.value = min(p.done, self.bar.max)
        self.label.value = (
            f"<small>{p.done}/{p.total} · {p.results} result(s) · {escape(p.label)}</small>"
        )

    def cancel(self) -> None:
        if self.verification is not None:
            self.verification.cancel()
            self.label.value = "<small>cancelling…</small>"
            self.cancel_button.disabled = True

    def finish(self, text: str, *, ok: bool = True) -> None:
        self.cancel_button.disabled = True
        self.bar.bar_style = "success" if ok else "danger"
        self.label.value = f"<small>{escape(text)}</small>"
        self.verification = None
