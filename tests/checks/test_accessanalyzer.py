"""Access Analyzer check: an external-access analyzer per region (Stubber: moto lacks it)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import accessanalyzer as aa_checks
from seccheck.checks.registry import Context
from seccheck.collect import accessanalyzer as aa_collect
from seccheck.results import Status
from tests.conftest import results_for, statuses
from tests.stubbing import stubbed_api

CTX = Context("111122223333", "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))


def test_workshop_access_analyzer_is_not_assessable(workshop_report):
    results = results_for(workshop_report, "IAM-03-C03")
    assert statuses(results) == {"NOT_ASSESSABLE"}
    assert all("does not support" in r.reason for r in results)


@pytest.mark.stubbed
def test_access_analyzer_stubbed_pass_and_fail():
    analyzer = {
        "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/org",
        "name": "org",
        "type": "ORGANIZATION",
        "status": "ACTIVE",
        "createdAt": datetime(2026, 1, 1, tzinfo=timezone.utc),
    }
    unused = analyzer | {
        "arn": "arn:aws:access-analyzer:us-east-1:111122223333:analyzer/unused",
        "name": "unused",
        "type": "ACCOUNT_UNUSED_ACCESS",
    }
    with stubbed_api() as stubs:
        stubs.stub("accessanalyzer").add_response(
            "list_analyzers", {"analyzers": [analyzer, unused]}
        )
        found = aa_collect.analyzers(stubs.api)
    assert [(f.resource, f.status) for f in aa_checks.external_access_analyzer(CTX, found)] == [
        (analyzer["arn"], Status.PASS)
    ]
    with stubbed_api() as stubs:
        stubs.stub("accessanalyzer").add_response("list_analyzers", {"analyzers": [unused]})
        found = aa_collect.analyzers(stubs.api)
    [finding] = aa_checks.external_access_analyzer(CTX, found)
    assert finding.status is Status.FAIL and "unused" in finding.details["other_analyzers"][0]
