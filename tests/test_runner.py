"""The runner against the sandbox over HTTP: honest statuses under denial, throttling, failure,
cancellation; each call made once; results pointing at their calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from seccheck.checklist import load_checklist
from seccheck.checks.registry import CHECKS, check
from seccheck.collect.registry import FACTS, fact
from seccheck.results import Finding, Status
from tests.conftest import FIXTURES, scan_sandbox
from tests.faults import Injector, xml_error

TEST_ITEM = """
  - id: IAM-02
    section: IAM
    title: Test-only item
    guidance: Only for runner tests.
    why: Runner tests need checks on several services.
    wa:
      questions: [SEC01]
      primary: SEC01-BP01
    checks:
      - id: IAM-02-C91
        title: Buckets listed
        severity: low
        service: s3
        scope: global
        remediation: none
      - id: IAM-02-C92
        title: Volumes listed per region
        severity: low
        service: ec2
        scope: regional
        remediation: none
      - id: IAM-02-C93
        title: Same summary again (shares the IAM call)
        severity: low
        service: iam
        scope: global
        remediation: none
      - id: IAM-02-C94
        title: A check that crashes
        severity: low
        service: ec2
        scope: global
        remediation: none
"""


@pytest.fixture(scope="module")
def test_checks(tmp_path_factory):
    """Temporarily register checks on other services (removed afterwards)."""

    @fact("testonly.buckets", scope="global")
    def buckets(api):
        return api.paginate("s3", "list_buckets", "Buckets")

    @fact("testonly.volumes", scope="regional")
    def volumes(api):
        return api.paginate("ec2", "describe_volumes", "Volumes")

    @check("IAM-02-C91", "testonly.buckets")
    def c91(ctx, buckets):
        for b in buckets:
            yield Finding.passed(f"arn:aws:s3:::{b['Name']}", "listed")

    @check("IAM-02-C92", "testonly.volumes")
    def c92(ctx, volumes):
        yield Finding.passed(f"{ctx.account}/{ctx.region}", f"{len(volumes)} volumes")

    @check("IAM-02-C93", "iam.account_summary")
    def c93(ctx, summary):
        yield Finding.passed(ctx.account_arn, "summary read")

    @check("IAM-02-C94", "testonly.volumes")
    def c94(ctx, volumes):
        raise RuntimeError("deliberately broken check")

    path = tmp_path_factory.mktemp("checklist") / "runner.yaml"
    path.write_text((FIXTURES / "mini_checklist.yaml").read_text() + TEST_ITEM)
    yield load_checklist(path)
    for name in ("testonly.buckets", "testonly.volumes"):
        FACTS.pop(name, None)
    for cid in ("IAM-02-C91", "IAM-02-C92", "IAM-02-C93", "IAM-02-C94"):
        CHECKS.pop(cid, None)


def by_check(report, check_id):
    return [r for r in report.results if r.check_id == check_id]


def test_results_cover_checks_regions_and_link_calls(workshop, test_checks):
    report = scan_sandbox(workshop, test_checks)
    assert {r.region for r in by_check(report, "IAM-02-C92")} == set(workshop.regions)
    assert {r.region for r in by_check(report, "IAM-01-C01")} == {"global"}
    for r in report.results:
        for call_id in r.call_ids:
            assert call_id in report.calls
    # collect once: three checks read the IAM account summary, one call is made.
    summary_calls = [c for c in report.calls.values() if c.operation == "GetAccountSummary"]
    assert len(summary_calls) == 1
    # IAM-01-C01 also reads the credential report (is there a root password or key to protect?)
    root_calls = by_check(report, "IAM-01-C01")[0].call_ids
    assert summary_calls[0].id in root_calls
    assert {report.calls[c].operation for c in root_calls} <= {
        "GetAccountSummary",
        "GenerateCredentialReport",
        "GetCredentialReport",
    }
    assert by_check(report, "IAM-02-C93")[0].call_ids == (summary_calls[0].id,)
    # per-region facts: one DescribeVolumes per region
    assert sorted(
        c.region for c in report.calls.values() if c.operation == "DescribeVolumes"
    ) == sorted(workshop.regions)
    for c in report.calls.values():
        assert c.caller_arn and c.started_at.endswith("Z") and c.duration_ms >= 0


def test_a_broken_check_is_an_error_result_and_others_continue(workshop, test_checks):
    report = scan_sandbox(workshop, test_checks)
    broken = by_check(report, "IAM-02-C94")
    assert [r.status for r in broken] == [Status.ERROR]
    assert "deliberately broken check" in broken[0].reason
    assert {r.status for r in by_check(report, "IAM-02-C92")} == {Status.PASS}


def test_denied_access_is_not_assessable_naming_the_permission(workshop, test_checks):
    deny = Injector(
        "GetAccountSummary",
        xml_error(403, "AccessDenied", "User is not authorized to perform iam:GetAccountSummary"),
    )
    report = scan_sandbox(
        workshop, test_checks, factory_hooks=[("before-send.iam.GetAccountSummary", deny)]
    )
    for check_id in ("IAM-01-C01", "IAM-01-C02", "IAM-02-C93"):
        [result] = by_check(report, check_id)
        assert result.status is Status.NOT_ASSESSABLE
        assert "iam:GetAccountSummary" in result.reason
    # the S3 and EC2 checks were not affected
    assert {r.status for r in by_check(report, "IAM-02-C92")} == {Status.PASS}
    assert deny.attempts == 1, "access denied is not retried"


def test_throttling_is_retried_then_reported_as_error(workshop, test_checks):
    throttle = Injector("GetAccountSummary", xml_error(400, "Throttling", "Rate exceeded"))
    report = scan_sandbox(
        workshop,
        test_checks,
        max_attempts=3,
        factory_hooks=[("before-send.iam.GetAccountSummary", throttle)],
    )
    assert throttle.attempts == 3
    for check_id in ("IAM-01-C01", "IAM-01-C02"):
        [result] = by_check(report, check_id)
        assert result.status is Status.ERROR
        assert "throttled after 3 attempts" in result.reason
    assert all(
        r.status is not Status.PASS and r.status is not Status.FAIL
        for r in report.results
        if r.service == "iam"
    )


def test_throttling_that_clears_gives_the_real_verdict(workshop, test_checks):
    flaky = Injector("GetAccountSummary", xml_error(400, "Throttling", "Rate exceeded"), times=2)
    report = scan_sandbox(
        workshop,
        test_checks,
        max_attempts=4,
        factory_hooks=[("before-send.iam.GetAccountSummary", flaky)],
    )
    assert flaky.attempts == 2
    assert [r.status for r in by_check(report, "IAM-01-C01")] == [Status.FAIL]


def test_cancel_stops_the_run(workshop, test_checks):
    from seccheck.scan import prepare

    holder = {}

    def on_progress(p):
        if p.done >= 1:
            holder["runner"].cancel()

    runner = prepare(
        test_checks,
        endpoint_url=workshop.endpoint,
        regions=workshop.regions,
        session=workshop.session(),
        on_progress=on_progress,
        max_workers=1,
    )
    holder["runner"] = runner
    report = runner.run()
    assert report.cancelled
    planned = len(runner.plan())
    assert planned > 2
    done_units = {(r.account, r.region, r.service) for r in report.results}
    assert len(done_units) < planned


def test_results_arrive_through_the_callback(workshop, test_checks):
    seen = []
    report = scan_sandbox(workshop, test_checks, on_result=seen.append)
    assert sorted(seen, key=lambda r: r.key) == sorted(report.results, key=lambda r: r.key)


def test_results_json_validates_against_documented_schema(workshop, test_checks):
    import json

    import jsonschema

    schema = json.loads(
        (
            Path(__file__).resolve().parents[1] / "src/seccheck/schemas/results.schema.json"
        ).read_text()
    )
    report = scan_sandbox(workshop, test_checks)
    jsonschema.validate(json.loads(json.dumps(report.to_dict())), schema)
