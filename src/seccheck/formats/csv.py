"""CSV: one row per result, with the checklist's titles and remediation beside each verdict."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..acceptance import acceptance_note
from .emit import emit

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport

COLUMNS = [
    "run_id",
    "item_id",
    "item_title",
    "check_id",
    "check_title",
    "severity",
    "status",
    "account",
    "region",
    "resource",
    "reason",
    "service",
    "remediation",
    "wa_best_practices",
    "call_ids",
    "run_started_at",
    "acceptance",
]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> str:
    """Keep spreadsheets from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(report: RunReport, checklist: Checklist) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in report.results:
        try:
            item, check = checklist.item(r.item_id), checklist.check(r.check_id)
            item_title, check_title, remediation = item.title, check.title, check.remediation
            bps = " ".join(item.wa.best_practices)
        except KeyError:  # a result from a check the current checklist no longer has
            item_title = check_title = remediation = bps = ""
        writer.writerow(
            [
                safe(v)
                for v in (
                    report.run_id,
                    r.item_id,
                    item_title,
                    r.check_id,
                    check_title,
                    r.severity,
                    r.status.value,
                    r.account,
                    r.region,
                    r.resource,
                    r.reason,
                    r.service,
                    remediation,
                    bps,
                    " ".join(r.call_ids),
                    report.started_at,
                    acceptance_note(r),
                )
            ]
        )
    return buf.getvalue()


def write_csv(report: RunReport, checklist: Checklist, path: Path | None) -> None:
    emit(to_csv(report, checklist), path, kind="csv")
