"""JUnit XML for CI: a testsuite per checklist item, a testcase per result.

One testcase per check × account × region × resource.

FAIL is a <failure>, ERROR an <error>; NOT_ASSESSABLE and NOT_APPLICABLE are <skipped> with the
reason (the tool did not judge them); WARN passes with the warning in <system-out>, so a build
breaks on failures only (`seccheck run --fail-on` is the finer gate).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..acceptance import acceptance_note
from ..results import CheckResult, Status
from .emit import emit

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..runner import RunReport


def _case(suite: ET.Element, r: CheckResult, remediation: str) -> dict[str, int]:
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": f"seccheck.{r.item_id}.{r.check_id}",
            "name": f"{r.check_id} {r.account} {r.region} {r.resource}",
            "time": "0",
        },
    )
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    if r.status is Status.FAIL:
        el = ET.SubElement(case, "failure", {"message": r.reason, "type": f"FAIL ({r.severity})"})
        el.text = f"{r.reason}\nseverity: {r.severity}\nremediation: {remediation}"
        counts["failures"] = 1
    elif r.status is Status.ERROR:
        el = ET.SubElement(case, "error", {"message": r.reason, "type": "ERROR"})
        el.text = r.reason
        counts["errors"] = 1
    elif r.status in (Status.NOT_ASSESSABLE, Status.NOT_APPLICABLE):
        label = "not assessable" if r.status is Status.NOT_ASSESSABLE else "not applicable"
        ET.SubElement(case, "skipped", {"message": f"{label}: {r.reason}"})
        counts["skipped"] = 1
    elif r.status is Status.ACCEPTED:  # a known FAIL someone owns until a date: shown, not failed
        note = acceptance_note(r)
        ET.SubElement(case, "skipped", {"message": f"ACCEPTED risk: {note}; {r.reason}"})
        counts["skipped"] = 1
    elif r.status is Status.WARN:
        ET.SubElement(case, "system-out").text = f"WARN ({r.severity}): {r.reason}"
    return counts


def to_junit(report: RunReport, checklist: Checklist) -> str:
    by_item: dict[str, list[CheckResult]] = defaultdict(list)
    for r in report.results:
        by_item[r.item_id].append(r)
    order = {i.id: n for n, i in enumerate(checklist.items)}
    root = ET.Element("testsuites", {"name": f"seccheck {checklist.name} {checklist.version}"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for item_id in sorted(by_item, key=lambda i: (order.get(i, 10_000), i)):
        try:
            title = checklist.item(item_id).title
        except KeyError:
            title = item_id
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": f"{item_id} {title}", "id": item_id, "timestamp": report.started_at[:19]},
        )
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for r in by_item[item_id]:
            try:
                remediation = checklist.check(r.check_id).remediation
            except KeyError:
                remediation = ""
            for k, v in _case(suite, r, remediation).items():
                counts[k] += v
            counts["tests"] += 1
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("time", "0")
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def write_junit(report: RunReport, checklist: Checklist, path: Path | None) -> None:
    emit(to_junit(report, checklist), path, kind="junit")
