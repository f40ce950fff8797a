"""One checklist item: guidance, a Run check button with progress, results, the answer form."""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..display import (
    ItemResults,
    assessment_table,
    calls_details,
    item_guidance_html,
    item_status_badge,
)
from ._base import View
from .acceptance_form import AcceptanceForm
from .answer_form import AnswerForm
from .progress import RunProgress

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment


class ItemCard(View):
    """`.value` is the item's current status; `run()` verifies it in the background."""

    def __init__(
        self, a: Assessment, item_id: str, on_change: Callable[[], None] | None = None
    ) -> None:
        self.assessment = a
        self.item = a.checklist.item(item_id)
        self.on_change = on_change
        self.thread: threading.Thread | None = None
        self.last: ItemResults | None = None
        section = a.checklist.section(self.item.section)
        self.header = w.HTML()
        self.guidance = w.HTML(item_guidance_html(self.item))
        runnable = [c for c in self.item.checks if c.id in a.implemented_checks()]
        self.run_button = w.Button(
            description=f"Run check{'s' if len(runnable) != 1 else ''} ({len(runnable)})",
            icon="play",
            button_style="info",
            disabled=not runnable or a.read_only,
            tooltip=(
                f"Verify {item_id} now with read-only API calls"
                if runnable
                else "No automated check for this item yet: answer the questions"
            ),
        )
        self.run_button.add_class("jp-Seccheck-run")
        self.run_button.on_click(lambda _: self.run())
        self.progress = RunProgress()
        self.results = w.HTML()
        self.results.add_class("jp-Seccheck-item-results")
        self.form = AnswerForm(a, item_id, on_saved=self._changed)
        self.acceptances = AcceptanceForm(a, item_id, on_saved=self._accepted)
        self.widget = w.VBox(
            [
                self.header,
                self.guidance,
                w.HBox([self.run_button]),
                self.progress.widget,
                self.results,
                self.acceptances.widget,
                self.form.widget,
            ],
            layout=w.Layout(padding="4px"),
        )
        self.widget.add_class("jp-Seccheck-card")
        self._section_title = section.title
        self.refresh()

    @property
    def value(self) -> str:
        return self.assessment.item_status(self.item.id).status.value

    def refresh(self) -> None:
        status = self.assessment.item_status(self.item.id)
        self.header.value = (
            f"<h3 style='margin:0.2em 0'>{escape(self.item.id)} {escape(self.item.title)}</h3>"
            f"<small>{escape(self._section_title)}</small> · {item_status_badge(status)}"
            + (f"<br><small>{escape('; '.join(status.reasons))}</small>" if status.reasons else "")
        )
        if self.last is not None:
            self.results.value = self.last._repr_html_()
        else:
            latest = self.assessment.latest_results(self.item.id)
            if latest:
                calls = self.assessment.calls(dict.fromkeys(c for r in latest for c in r.call_ids))
                self.results.value = (
                    "<p><small>Latest saved results:</small></p>"
                    + assessment_table(self.assessment, latest)
                    + calls_details(calls)
                )
            else:
                self.results.value = ""
        self.form.refresh()
        self.acceptances.refresh()

    def run(self, *, background: bool = True) -> None:
        """Verify the item; in the background the Cancel button can stop it."""
        if self.thread is not None and self.thread.is_alive():
            return
        from ..verification import Verification

        a = self.assessment
        verification = Verification(a, self.item.id, on_progress=self.progress.update)
        self.progress.attach(verification)
        self.run_button.disabled = True

        def work() -> None:
            try:
                result = ItemResults.of(a, verification.run())
            except Exception as exc:  # noqa: BLE001 - shown in the card, not lost in a thread
                self.progress.finish(f"failed: {type(exc).__name__}: {exc}", ok=False)
            else:
                self.last = result
                ok = result.status not in ("error", "failed")
                self.progress.finish(f"{result.status}: {len(result.results)} result(s)", ok=ok)
            finally:
                self.run_button.disabled = False
                self._changed()

        if background:
            self.thread = threading.Thread(
                target=work, name=f"seccheck-{self.item.id}", daemon=True
            )
            self.thread.start()
        else:
            work()

    def wait(self, timeout: float | None = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)

    def _accepted(self) -> None:
        self.last = None  # the last run's table predates the acceptance: show the saved picture
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        if self.on_change:
            self.on_change()

    def static_html(self) -> str:
        status = self.assessment.item_status(self.item.id)
        return (
            f"<h3>{escape(self.item.id)} {escape(self.item.title)}</h3>"
            f"{item_status_badge(status)}{item_guidance_html(self.item)}"
            f"{assessment_table(self.assessment, self.assessment.latest_results(self.item.id))}"
            f"{self.form.static_html()}"
        )
