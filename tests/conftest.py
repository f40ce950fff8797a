"""Shared fixtures: sandboxes (moto's server over HTTP on 127.0.0.1) and runs against them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from seccheck.checklist import Checklist, load_checklist
from seccheck.results import CheckResult
from seccheck.runner import RunReport
from seccheck.sandbox import Sandbox

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _no_real_aws(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's AWS config or credentials."""
    for key in list(os.environ):
        if key.startswith("AWS_") or key.startswith("SECCHECK_"):
            monkeypatch.delenv(key)
    empty = tmp_path_factory.getbasetemp() / "no-aws-config"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def checklist() -> Checklist:
    return load_checklist()


@pytest.fixture(scope="session")
def workshop() -> Iterator[Sandbox]:
    with Sandbox("workshop") as sb:
        yield sb


@pytest.fixture(scope="session")
def clean() -> Iterator[Sandbox]:
    with Sandbox("clean") as sb:
        yield sb


def use_sandbox(monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    """Point this test's environment (boto3 and seccheck) at a sandbox."""
    for key, value in sandbox.env().items():
        monkeypatch.setenv(key, value)


def scan_sandbox(sandbox: Sandbox, checklist: Checklist | None = None, **options: Any) -> RunReport:
    """A full run against a sandbox, without touching os.environ (safe in session fixtures)."""
    from seccheck.scan import scan

    return scan(
        checklist or load_checklist(),
        endpoint_url=sandbox.endpoint,
        regions=options.pop("regions", sandbox.regions),
        session=options.pop("session", sandbox.session()),
        **options,
    )


@pytest.fixture(scope="session")
def workshop_report(workshop: Sandbox, checklist: Checklist) -> RunReport:
    """One full run over the workshop sandbox, shared by every test that reads its verdicts."""
    return scan_sandbox(workshop, checklist)


@pytest.fixture(scope="session")
def workshop_org_report(workshop: Sandbox, checklist: Checklist) -> RunReport:
    """The workshop organization: management and member accounts through the member role."""
    return scan_sandbox(workshop, checklist, org_role="OrganizationAccountAccessRole")


@pytest.fixture(scope="session")
def clean_report(clean: Sandbox, checklist: Checklist) -> RunReport:
    return scan_sandbox(clean, checklist)


def results_for(
    report: RunReport, check_id: str, resource_contains: str | None = None
) -> list[CheckResult]:
    """Results of one check, optionally only those whose resource contains a substring."""
    return [
        r
        for r in report.results
        if r.check_id == check_id and (resource_contains is None or resource_contains in r.resource)
    ]


def statuses(results: list[CheckResult]) -> set[str]:
    return {r.status.value for r in results}


@pytest.fixture
def results_of() -> Callable[..., list[CheckResult]]:
    return results_for
