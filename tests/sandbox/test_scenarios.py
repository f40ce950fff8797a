"""Every scenario's declared expectations equal what the engine reports, check by check."""

from __future__ import annotations

import pytest

from seccheck.checks import load_all
from seccheck.sandbox import Sandbox
from seccheck.sandbox.scenarios import SCENARIOS, get_scenario
from tests.conftest import scan_sandbox


def reported(report) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in report.results:
        out.setdefault(r.check_id, set()).add(r.status.value)
    return out


def mismatches(expected: dict[str, set[str]], actual: dict[str, set[str]], check_ids) -> list[str]:
    lines = []
    for cid in sorted(check_ids):
        want, got = expected.get(cid), actual.get(cid, set())
        if want != got:
            lines.append(
                f"{cid}: declared {sorted(want) if want is not None else 'nothing'}, "
                f"engine reported {sorted(got)}"
            )
    return lines


def test_every_check_is_declared_by_every_scenario(checklist):
    ids = {c.id for c in checklist.checks}
    for name in (n for n, s in SCENARIOS.items() if s.declares_statuses):
        missing = ids - set(get_scenario(name).expected())
        assert not missing, f"{name} declares nothing for {sorted(missing)}"


@pytest.mark.parametrize("name", ["workshop", "clean"])
def test_scenario_expectations_match_the_engine(name, request, checklist):
    report = request.getfixturevalue(f"{name}_report")
    problems = mismatches(
        get_scenario(name).expected(), reported(report), [c.id for c in checklist.checks]
    )
    assert not problems, "\n".join(problems)


def test_scale_scenario_expectations_match_the_engine(checklist):
    with Sandbox("scale", n=2) as sb:
        report = scan_sandbox(sb, checklist)
    problems = mismatches(
        get_scenario("scale").expected(), reported(report), [c.id for c in checklist.checks]
    )
    assert not problems, "\n".join(problems)


def test_full_runs_have_no_errors(workshop_report, clean_report):
    for report in (workshop_report, clean_report):
        errors = [
            f"{r.check_id} {r.region} {r.resource}: {r.reason}"
            for r in report.results
            if r.status.value == "ERROR"
        ]
        assert not errors, "\n".join(errors)


# The sandbox holds one organization with all features: "an organization is in use" and "it has
# several accounts in OUs" can only pass there (their FAIL paths are unit-tested on plain data).
ONLY_GOOD_IN_ONE_ORGANIZATION = {"IAM-01-C05", "IAM-03-C01"}


def test_workshop_has_good_and_bad_examples(workshop_org_report, checklist):
    """Every check the sandbox can serve shows a PASS and a FAIL (or WARN) somewhere in the
    workshop organization (account-level examples: bad management, good members)."""
    got = reported(workshop_org_report)
    # Checks the sandbox can only partly serve (moto lacks an API they need, so some of their
    # results are NOT_ASSESSABLE) prove their PASS and FAIL paths with Stubber tests instead.
    lacking = [
        cid
        for cid in (c.id for c in checklist.checks)
        if got.get(cid)
        and "NOT_ASSESSABLE" not in got[cid]
        and cid not in ONLY_GOOD_IN_ONE_ORGANIZATION
        and not ({"PASS"} <= got[cid] and got[cid] & {"FAIL", "WARN"})
    ]
    assert not lacking, f"no good+bad pair in the workshop for {lacking}"


def test_checks_the_sandbox_cannot_fully_serve_have_stubbed_tests(checklist):
    """Where moto lacks an API a check needs, its PASS/FAIL paths are proven with Stubber."""
    import ast
    from pathlib import Path

    stubbed_sources: list[str] = []
    for path in (Path(__file__).resolve().parents[1] / "checks").glob("test_*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and "stubbed" in node.name:
                stubbed_sources.append(ast.get_source_segment(path.read_text(), node) or "")
    expected = get_scenario("workshop").expected()
    partial = [
        cid
        for cid in (c.id for c in checklist.checks)
        if "NOT_ASSESSABLE" in expected.get(cid, set())
    ]
    assert partial, "some checks need APIs moto lacks"
    untested = [
        cid
        for cid in partial
        if not any(cid in src or _module_of(cid) in src for src in stubbed_sources)
    ]
    assert not untested, f"no stubbed test mentions {untested}"


def _module_of(check_id: str) -> str:
    """The check function's name, so a stubbed test calling it by name counts."""

    return load_all()[check_id].fn.__name__ + "("
