"""The answer form: one block per manual question of an item, plus the item's note.

Each block has Yes / Partially / No / N/A, an N/A reason (the WA Tool's vocabulary), notes,
evidence URLs and file uploads, who answered, and the re-review date. Save writes the assessment
file; building the form again (re-running the cell) shows what was saved.

One shared state: every view of a question in a kernel (the per-item form, the wizard's card)
is the *same* set of widgets, so typing in one shows in the other and saving refreshes both.
Across kernels each save carries the revision the form showed, and the assessment refuses it
if the answer changed elsewhere meanwhile (`StaleSaveError`): a stale form never overwrites.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary, WeakMethod

import ipywidgets as w

from ..display import item_status_badge
from ..scoring import check_outcome
from ..state import (
    ANSWER_LABELS,
    ANSWER_STATUSES,
    NA_REASONS,
    Evidence,
    StaleSaveError,
    current_user,
)
from ._base import View, shared_layout
from .attestation import item_flag_html, question_flag_html
from .note_form import open_notes, shared_note

if TYPE_CHECKING:
    from ..assessment import AssessmentFile as Assessment
    from ..checklist import Item, ManualQuestion

_FULL = w.Layout(width="98%")
_ERROR = "color:#c62828"
_OK = "color:#2e7d32"
# Views shared by every form over one assessment: (assessment) -> question or item id -> view.
_QUESTIONS: WeakKeyDictionary[Any, dict[str, QuestionForm]] = WeakKeyDictionary()


def shared_question(a: Assessment, item: Item, question: ManualQuestion) -> QuestionForm:
    """The one form of `question` in this kernel; it shows what was saved elsewhere since."""
    if a not in _QUESTIONS:
        from .live import follow

        follow(a, lambda: _follow_saved(a))
    forms = _QUESTIONS.setdefault(a, {})
    form = forms.get(question.id)
    if form is None:
        form = forms[question.id] = QuestionForm(a, item, question)
    else:
        form.follow_saved()
    return form


def _follow_saved(a: Assessment) -> None:
    """Another writer saved: every shared view shows it, or says it changed if it has edits."""
    for form in list(_QUESTIONS.get(a, {}).values()):
        form.follow_saved()
    for note in open_notes(a):
        note.follow_saved()


class QuestionForm(View):
    """One question. `.value` is what the form holds now; `save()` writes it."""

    def __init__(
        self,
        a: Assessment,
        item: Item,
        question: ManualQuestion,
        on_saved: Callable[[], None] | None = None,
    ) -> None:
        self.assessment = a
        self.item = item
        self.question = question
        # Views to refresh after a save. Forms over the question come and go (each re-run of a
        # cell builds one), so they are held weakly: a form nobody shows is not kept alive.
        self.listeners: list[Callable[[], Any]] = [on_saved] if on_saved else []
        self.pending_urls: list[str] = []
        self._loaded_review_by: date | None = None
        self._loaded_revision: str | None = None
        self._loaded_values: tuple[Any, ...] = (None, "", "")
        qid = question.id
        plain = shared_layout()

        self.prompt = w.HTML(
            layout=plain,
            value=f"<b>{escape(qid)}</b> {escape(question.prompt)}"
            + (f"<br><small>{escape(question.help)}</small>" if question.help else ""),
        )
        self.context = w.HTML(layout=plain)
        # Shown while the saved answer lacks the evidence the checklist requires for it.
        self.attestation = w.HTML(layout=plain).add_class("jp-Seccheck-unsupported")
        self.status = w.ToggleButtons(
            options=[(ANSWER_LABELS[s], s) for s in ANSWER_STATUSES],
            value=None,
            tooltips=[
                "Yes: in place, with evidence",
                "Partially in place",
                "No: not in place",
                "Not applicable: choose a reason",
            ],
            style={"button_width": "7em"},
            layout=plain,
        ).add_class("jp-Seccheck-status-choice")
        self.reason = w.Dropdown(
            options=[("choose a reason…", ""), *[(r, r) for r in NA_REASONS]],
            value="",
            description="N/A reason",
            style={"description_width": "8em"},
        ).add_class("jp-Seccheck-reason")
        self.notes = w.Textarea(
            placeholder="Notes: how this is done, by whom, where it is written down",
            layout=w.Layout(width="98%", height="5em"),
        )
        self.notes.add_class("jp-Seccheck-notes")
        examples = "; ".join(question.evidence.examples)
        self.evidence_help = w.HTML(
            layout=plain,
            value=f"<small>Evidence ({', '.join(question.evidence.kinds)}) required for "
            f"{', '.join(ANSWER_LABELS[s] for s in question.evidence.required_for)}"
            + (f". E.g. {escape(examples)}" if examples else "")
            + "</small>",
        )
        self.url = w.Text(
            placeholder="https://… (wiki page, ticket, document)",
            description="URL",
            layout=w.Layout(width="70%"),
            style={"description_width": "3em"},
        )
        self.url.add_class("jp-Seccheck-url")
        self.add_url = w.Button(
            description="Add URL",
            icon="link",
            tooltip="Add this URL to the evidence (saved with Save)",
            layout=plain,
        )
        self.add_url.on_click(lambda _: self.add_pending_url())
        self.upload = w.FileUpload(
            multiple=True, description="Attach files", accept="", layout=plain
        )
        self.upload.add_class("jp-Seccheck-upload")
        self.keep = w.Checkbox(
            value=True, description="keep evidence already attached", indent=False, layout=plain
        )
        self.evidence_list = w.HTML(layout=plain)
        self.by = w.Text(
            description="Answered by",
            value=current_user(),
            style={"description_width": "8em"},
            layout=plain,
        )
        self.review_by = w.DatePicker(
            description="Re-review by", style={"description_width": "8em"}, layout=plain
        )
        self.save_button = w.Button(
            description="Save",
            button_style="primary",
            icon="save",
            tooltip=f"Save the answer to {qid} in the assessment file",
            layout=plain,
        )
        self.save_button.add_class("jp-Seccheck-save")
        self.save_button.on_click(lambda _: self.save())
        self.message = w.HTML(layout=plain).add_class("jp-Seccheck-message")
        self.reload_button = w.Button(
            description="Reload",
            icon="refresh",
            tooltip="Show the answer as saved now (what you typed here is replaced)",
            layout=w.Layout(display="none"),
        ).add_class("jp-Seccheck-reload")
        self.reload_button.on_click(lambda _: self.reload())
        self.status.observe(lambda _: self._sync_reason(), names="value")

        self.widget = w.VBox(
            [
                self.prompt,
                self.context,
                self.status,
                self.attestation,
                self.reason,
                self.notes,
                self.evidence_help,
                w.HBox([self.url, self.add_url], layout=plain),
                w.HBox([self.upload, self.keep], layout=plain),
                self.evidence_list,
                w.HBox([self.by, self.review_by], layout=plain),
                w.HBox([self.save_button, self.reload_button, self.message], layout=plain),
            ],
            layout=w.Layout(border="1px solid #e0e0e0", padding="6px", margin="4px 0"),
        )
        self.widget.add_class("jp-Seccheck-question")
        self.load()

    # -- state ----------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the saved answer (or a blank form)."""
        saved = self.assessment.answers.get(self.question.id)
        self._loaded_revision = saved.revision if saved else None
        self.reload_button.layout.display = "none"
        self.pending_urls = []
        self.url.value = ""
        self.upload.value = ()
        self.keep.value = True
        if saved is None:
            self.status.value = None
            self.reason.value = ""
            self.notes.value = ""
            self.review_by.value = None
            self._loaded_review_by = None
        else:
            self.status.value = saved.status
            self.reason.value = saved.reason or ""
            self.notes.value = saved.notes
            self.by.value = saved.answered_by
            self.review_by.value = saved.review_by
            self._loaded_review_by = saved.review_by
        self._loaded_values = (self.status.value, self.reason.value or "", self.notes.value)
        self._sync_reason()
        self._show_evidence()
        self._show_context()
        self.attestation.value = question_flag_html(self.question, saved)

    def follow_saved(self) -> None:
        """Show the saved answer if it changed since this form loaded it (another view saved).

        Unsaved edits are kept: the form says the answer changed elsewhere and offers Reload.
        """
        saved = self.assessment.answers.get(self.question.id)
        if (saved.revision if saved else None) == self._loaded_revision:
            return
        if self.dirty:
            who = saved.answered_by if saved else "someone"
            self._say(
                f"changed elsewhere (by {who}) while you were editing; your edits are kept "
                "here: Reload shows the saved answer",
                ok=False,
            )
            self.reload_button.layout.display = None
            return
        self.load()
        self.refresh_listeners()

    @property
    def dirty(self) -> bool:
        """True when the form holds edits that are not saved."""
        shown = (self.status.value, self.reason.value or "", self.notes.value)
        attached = self.pending_urls or self.url.value.strip() or self.upload.value
        return shown != self._loaded_values or bool(attached)

    def listen(self, method: Callable[[], None]) -> None:
        """Call the bound `method` after each save, for as long as its object lives."""
        self.listeners.append(WeakMethod(method))

    def refresh_listeners(self) -> None:
        for listener in list(self.listeners):
            if isinstance(listener, WeakMethod):
                bound = listener()
                if bound is None:
                    self.listeners.remove(listener)
                    continue
                bound()
            else:
                listener()

    def reload(self) -> None:
        """Re-read the assessment file and show the answer saved there."""
        self.assessment.reload()
        self.load()
        self._say("reloaded the saved answer", ok=True)

    @property
    def value(self) -> dict[str, Any]:
        return {
            "question_id": self.question.id,
            "status": self.status.value,
            "reason": self.reason.value or None,
            "notes": self.notes.value,
            "urls": [
                *self.pending_urls,
                *([self.url.value.strip()] if self.url.value.strip() else []),
            ],
            "files": [f["name"] for f in self.upload.value],
            "keep_evidence": self.keep.value,
            "by": self.by.value,
            "review_by": self.review_by.value,
        }

    def add_pending_url(self) -> bool:
        from ..attachments import is_url

        url = self.url.value.strip()
        if not is_url(url):
            self._say(f"{url or 'empty'}: not an http(s) URL", ok=False)
            return False
        if url not in self.pending_urls:
            self.pending_urls.append(url)
        self.url.value = ""
        self._show_evidence()
        return True

    def save(self) -> bool:
        """Write the answer; on a problem show it beside the button and keep what was typed."""
        v = self.value
        if v["status"] is None:
            self._say("choose Yes, Partially, No or N/A first", ok=False)
            return False
        if v["status"] == "not_applicable" and not v["reason"]:
            self._say("N/A needs a reason: choose one from the list", ok=False)
            return False
        saved = self.assessment.answers.get(self.question.id)
        evidence: list[Any] = list(saved.evidence) if (saved and v["keep_evidence"]) else []
        evidence += v["urls"]
        evidence += [dict(f) for f in self.upload.value]
        review_by = v["review_by"] if v["review_by"] != self._loaded_review_by else None
        try:
            answer = self.assessment.answer(
                self.question.id,
                v["status"],
                reason=v["reason"] if v["status"] == "not_applicable" else None,
                notes=v["notes"],
                evidence=evidence,
                by=v["by"],
                review_by=review_by,
                expected=self._loaded_revision,
            )
        except StaleSaveError as exc:
            self._say(str(exc), ok=False)
            self.reload_button.layout.display = None
            return False
        except (ValueError, KeyError) as exc:
            self._say(str(exc), ok=False)
            return False
        self.load()
        when = answer.answered_at.strftime("%Y-%m-%d %H:%M UTC")
        self._say(f"saved {when} by {answer.answered_by}; re-review by {answer.review_by}", ok=True)
        self.refresh_listeners()
        return True

    # -- display --------------------------------------------------------------------------------

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.value = f'<span style="{_OK if ok else _ERROR}">{escape(text)}</span>'

    def _sync_reason(self) -> None:
        na = self.status.value == "not_applicable"
        self.reason.layout.display = None if na else "none"

    def _show_evidence(self) -> None:
        saved = self.assessment.answers.get(self.question.id)
        rows = [_evidence_html(e) for e in (saved.evidence if saved else [])]
        rows += [f"<li>🔗 {escape(u)} <i>(not saved yet)</i></li>" for u in self.pending_urls]
        self.evidence_list.value = f"<ul style='margin:0'>{''.join(rows)}</ul>" if rows else ""

    def _show_context(self) -> None:
        """Show the related automated results, so the question is answered with facts in view."""
        related = self.question.related_checks
        if not related:
            self.context.value = ""
            return
        latest = self.assessment.latest_results(self.item.id)
        parts = []
        for cid in related:
            outcome = check_outcome(r for r in latest if r.check_id == cid)
            parts.append(f"<code>{escape(cid)}</code> {escape(outcome)}")
        self.context.value = "<small>Automated context: " + " · ".join(parts) + "</small>"

    def static_html(self) -> str:
        saved = self.assessment.answers.get(self.question.id)
        return question_html(self.question, saved)


class AnswerForm(View):
    """All manual questions of an item, and the item note. `.value`: question id -> form values."""

    def __init__(
        self, a: Assessment, item_id: str, on_saved: Callable[[], None] | None = None
    ) -> None:
        self.assessment = a
        self.item = a.checklist.item(item_id)
        self.on_saved = on_saved
        self.header = w.HTML(layout=shared_layout())
        self.questions = [shared_question(a, self.item, q) for q in self.item.manual_questions]
        for q in self.questions:
            q.listen(self._saved)
        self.note_form = shared_note(a, item_id)
        self.note = self.note_form.note
        self.save_note_button = self.note_form.save_button
        self.note_message = self.note_form.message
        body: list[Any] = [self.header, *[q.widget for q in self.questions]]
        if not self.questions:
            body.append(w.HTML("<i>This item has no manual questions; its checks decide it.</i>"))
        body.append(self.note_form.widget)
        self.widget = w.VBox(body)
        self.widget.add_class("jp-Seccheck-answer")
        self.refresh()

    @property
    def value(self) -> dict[str, dict[str, Any]]:
        return {q.question.id: q.value for q in self.questions}

    def question(self, question_id: str) -> QuestionForm:
        return next(q for q in self.questions if q.question.id == question_id)

    def save_note(self) -> bool:
        return self.note_form.save()

    def refresh(self) -> None:
        status = self.assessment.item_status(self.item.id)
        self.header.value = (
            f"<b>{escape(self.item.id)} {escape(self.item.title)}</b> · "
            f"{item_status_badge(status)} · {status.answered}/"
            f"{len(self.item.manual_questions)} answered{item_flag_html(status)}"
        )
        for q in self.questions:
            q._show_context()

    def _saved(self) -> None:
        self.refresh()
        if self.on_saved:
            self.on_saved()

    def static_html(self) -> str:
        parts = [
            f"<p><b>{escape(self.item.id)} {escape(self.item.title)}</b> · "
            f"{item_status_badge(self.assessment.item_status(self.item.id))}</p>"
        ]
        answers = self.assessment.answers
        parts += [question_html(q.question, answers.get(q.question.id)) for q in self.questions]
        return "".join(parts)


def _evidence_html(e: Evidence) -> str:
    if e.kind == "url":
        link = escape(e.value)
        return f'<li>🔗 <a href="{link}" target="_blank" rel="noopener">{link}</a></li>'
    digest = (e.sha256 or "")[:12]
    return f"<li>📎 {escape(e.value)} <small>({e.size} bytes, sha256 {digest}…)</small></li>"


def question_html(question: ManualQuestion, answer: Any) -> str:
    """Render a saved answer as static HTML (for exported notebooks)."""
    head = f"<b>{escape(question.id)}</b> {escape(question.prompt)}"
    if answer is None:
        return f"<div class='jp-Seccheck-question'>{head}<br><i>not yet answered</i></div>"
    ev = "".join(_evidence_html(e) for e in answer.evidence)
    return (
        f"<div class='jp-Seccheck-question'>{head}<br><b>{escape(answer.label)}</b>"
        f" · {escape(answer.answered_by)}, {answer.answered_at.strftime('%Y-%m-%d %H:%M UTC')}"
        f" · re-review by {answer.review_by}"
        + (f"<br>{flag}" if (flag := question_flag_html(question, answer)) else "")
        + (f"<br>{escape(answer.notes)}" if answer.notes else "")
        + (f"<ul style='margin:0'>{ev}</ul>" if ev else "")
        + "</div>"
    )
