"""Organizations on Dask: a LocalCluster of two worker processes against a sandbox organization.

The same units run on workers give exactly the results a single machine gives; work orders
carry no credentials (each worker assumes the member role itself); a worker that dies mid-run
has its units run elsewhere.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator

import boto3
import pytest

from seccheck.checklist import Checklist
from seccheck.sandbox import Sandbox
from seccheck.sandbox.seeding import MEMBER_ROLE
from seccheck.scan import prepare

pytest.importorskip("distributed")  # seccheck[dask]; `make test` installs it

ITEMS = ["IAM-01", "DET-01", "INF-03"]
KEY_ID, SECRET = "AKIASECCHECKDASKTEST", "seccheck-dask-secret-never-in-a-payload"


@pytest.fixture(scope="module")
def organization() -> Iterator[Sandbox]:
    with Sandbox("organization", n=6) as sb:
        yield sb


@pytest.fixture(scope="module")
def cluster(organization: Sandbox) -> Iterator[object]:
    """Two worker processes whose own credential chain reaches the sandbox (env variables).

    Shared by the module's tests; the lost-worker test runs last (its worker is restarted by
    its nanny anyway).
    """
    from distributed import Client, LocalCluster

    with pytest.MonkeyPatch.context() as mp:
        for key, value in organization.env().items():
            mp.setenv(key, value)
        mp.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
        mp.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as lc, Client(lc) as client:
            yield client


def _runner(sb: Sandbox, checklist: Checklist, **options: object):
    return prepare(
        checklist,
        endpoint_url=sb.endpoint,
        regions=sb.regions,
        org_role=MEMBER_ROLE,
        items=ITEMS,
        session=boto3.Session(
            aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET, region_name=sb.regions[0]
        ),
        **options,
    )


def _key(results) -> set[tuple[str, ...]]:
    return {
        (r.check_id, r.account, r.region, r.resource, r.status.value, r.reason) for r in results
    }


def test_dask_gives_exactly_the_single_machine_results(organization, cluster, checklist) -> None:
    from seccheck.dask_run import run_on_dask

    assert len(organization.members) >= 6
    single = _runner(organization, checklist).run()
    streamed = []
    runner = _runner(organization, checklist)
    runner.now = single_now = runner.now
    report = run_on_dask(runner, cluster, on_result=streamed.append)
    assert {r.account for r in report.results} == set(organization.members.values()) | {
        organization.account
    }
    assert len(streamed) == len(report.results)
    # Same verdicts, reasons and resources, result for result (call ids are per process).
    single_again = _runner(organization, checklist)
    single_again.now = single_now
    assert _key(report.results) == _key(single_again.run().results)
    assert _key(single.results) == _key(report.results)
    # Every result points at call records that came back from the workers.
    assert all(set(r.call_ids) <= set(report.calls) for r in report.results)
    # The member accounts were reached by the workers' own AssumeRole calls.
    assert any(c.operation == "AssumeRole" and c.id.startswith("u") for c in report.calls.values())


def test_work_orders_carry_no_credentials(organization, cluster, checklist) -> None:
    from seccheck.dask_run import orders

    runner = _runner(organization, checklist)
    secrets = {KEY_ID, SECRET}
    for target in runner.scope.accounts:
        creds = target.session.get_credentials().get_frozen_credentials()
        secrets |= {creds.access_key, creds.secret_key, creds.token or KEY_ID}
    work = orders(runner)
    assert {o.role_arn for o in work} > {None}
    payload = pickle.dumps(work)
    leaked = [s for s in secrets if s.encode() in payload]
    assert leaked == []
    # No session or credential object travels either (pickle names the classes it carries).
    for module in (b"boto3.session", b"botocore.session", b"botocore.credentials"):
        assert module not in payload


def test_a_lost_workers_units_are_retried_elsewhere(organization, cluster, checklist) -> None:
    from seccheck.dask_run import run_on_dask

    expected = _runner(organization, checklist)
    baseline = expected.run()
    victim = sorted(cluster.scheduler_info()["workers"])[0]
    killed: list[str] = []

    def kill_one_worker(_result: object) -> None:
        if not killed:
            killed.append(victim)
            try:
                cluster.run(os._exit, 1, workers=[victim], wait=False)
            except Exception:  # noqa: BLE001 - the worker dies answering
                pass

    runner = _runner(organization, checklist)
    runner.now = expected.now
    report = run_on_dask(runner, cluster, on_result=kill_one_worker, retries=3)
    assert killed == [victim]
    assert _key(report.results) == _key(baseline.results)
