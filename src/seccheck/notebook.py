"""The notebook facade: `seccheck.Assessment`, the stored assessment plus the views on it.

`AssessmentFile` (seccheck.assessment) is the model: file, answers, runs, history. This subclass
adds what a person calls in a notebook cell: `verify()`, `wizard()`, `answer_form()`,
`dashboard()`, `charts()` and the cell's HTML card. Like pandas' `plot` accessor, each method is a
thin hook; the views live in `display`, `widgets` and `charts` and type against the model, so
the model never imports them. Widgets and plotly load only when a view is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .assessment import AssessmentFile

if TYPE_CHECKING:
    from .acceptance import Acceptance
    from .charts import Charts
    from .display import ItemResults
    from .verification import Verification

__all__ = ["Assessment"]


class Assessment(AssessmentFile):
    """Use `Assessment.open(path, ...)` (read-write) or `Assessment.load(path)` (read-only)."""

    def verify(
        self,
        item_id: str | None = None,
        *,
        check_ids: Iterable[str] | None = None,
        progress: bool = True,
    ) -> ItemResults:
        """Run the item's implemented checks (all items' when None) and save results as they come.

        Interrupting the kernel cancels the run; what was found so far is kept.
        """
        from .display import verify

        return verify(self, item_id, check_ids=check_ids, progress=progress)

    def verification(
        self,
        item_id: str | None = None,
        *,
        check_ids: Iterable[str] | None = None,
        on_progress: Any = None,
    ) -> Verification:
        """Prepare a run to start yourself (`.run()`) and cancel from elsewhere (`.cancel()`).

        Its `run()` returns the rendered `ItemResults`, as `verify()` does.
        """
        from .display import ItemResults
        from .verification import Verification

        class _Shown(Verification):
            def run(self) -> ItemResults:  # type: ignore[override]
                return ItemResults.of(self.assessment, super().run())

        ids = list(check_ids) if check_ids is not None else None
        return _Shown(self, item_id, check_ids=ids, on_progress=on_progress)

    def accept(
        self,
        check_id: str,
        *,
        resource: str | None = None,
        reason: str,
        owner: str,
        expires: date | datetime | str,
        account: str | None = None,
        region: str | None = None,
        by: str | None = None,
    ) -> Acceptance:
        """Accept a FAIL as a risk until `expires` (YYYY-MM-DD, inclusive): it shows ACCEPTED.

        `resource` None accepts every failing resource of the check. Anything but a FAIL is
        refused (`AcceptanceError`). The day after `expires` the finding is a FAIL again.
        """
        from .accepting import accept

        return accept(
            self,
            check_id,
            resource=resource,
            reason=reason,
            owner=owner,
            expires=expires,
            account=account,
            region=region,
            by=by,
        )

    def revoke_acceptance(
        self, acceptance: str, *, resource: str | None = None, reason: str = ""
    ) -> Acceptance:
        """Revoke an acceptance (its id, or the check id and resource): the FAIL counts again."""
        from .accepting import revoke

        return revoke(self, acceptance, resource=resource, reason=reason)

    def accepted_risks(self, *, include_revoked: bool = False) -> list[dict[str, Any]]:
        """Acceptances as of today: target, state (active/expired/revoked), who, why, until."""
        from .accepting import listing

        return listing(self, include_revoked=include_revoked)

    def wizard(self, **kwargs: Any) -> Any:
        from .widgets.wizard import Wizard

        return Wizard(self, **kwargs)

    def answer_form(self, item_id: str) -> Any:
        from .widgets.answer_form import AnswerForm

        return AnswerForm(self, item_id)

    def dashboard(self) -> Any:
        from .widgets.dashboard import Dashboard

        return Dashboard(self)

    def charts(self) -> Charts:
        from .charts import Charts

        return Charts(self)

    def _repr_html_(self) -> str:
        from .display import assessment_html

        return assessment_html(self)
