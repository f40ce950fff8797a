"""Content tests for the shipped checklist.yaml (structure, WA mapping, checks, questions)."""

from __future__ import annotations

import re

import pytest

import seccheck
from seccheck.checklist import Checklist

EXPECTED_SECTIONS = [
    ("IAM", "Identity & Access Management"),
    ("DET", "Detection"),
    ("INF", "Infrastructure Protection"),
    ("DP", "Data Protection"),
    ("IR", "Incident Response"),
]

EXPECTED_ITEMS = [
    "IAM-01", "IAM-02", "IAM-03", "IAM-04",
    "DET-01", "DET-02", "DET-03",
    "INF-01", "INF-02", "INF-03",
    "DP-01", "DP-02", "DP-03",
    "IR-01", "IR-02", "IR-03",
]  # fmt: skip

EXPECTED_BP_COUNTS = {
    "SEC01": 8,
    "SEC02": 6,
    "SEC03": 9,
    "SEC04": 4,
    "SEC05": 4,
    "SEC06": 5,
    "SEC07": 4,
    "SEC08": 4,
    "SEC09": 3,
    "SEC10": 8,
    "SEC11": 8,
}

# Parameter keys that check implementations read; renaming one silently breaks an override.
EXPECTED_PARAM_KEYS = {
    "IAM-01-C04": {"max_days_since_root_use"},
    "IAM-01-C07": {"min_password_length", "password_reuse_prevention"},
    "IAM-02-C04": {"allowed_console_users"},
    "IAM-02-C05": {"max_key_age_days"},
    "IAM-02-C06": {"max_unused_days"},
    "IAM-04-C01": {"exempt_secrets"},
    "IAM-04-C02": {"grace_days"},
    "IAM-04-C03": {"max_unused_days"},
    "IR-01-C01": {"role_name_pattern"},
    "DET-02-C06": {"min_retention_days"},
    "DET-03-C04": {"max_age_days"},
    "DP-02-C05": {"min_days_to_expiry"},
    "INF-01-C02": {"max_scan_age_days"},
    "DP-01-C06": {"require_kms"},
    "DP-01-C11": {"require_kms"},
    "INF-01-C07": {"deprecated_runtimes"},
    "IR-02-C03": {"max_age_days"},
    "IR-03-C01": {"max_age_days"},
    "DP-01-C14": {"critical_tag_key", "critical_tag_values"},
}


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return seccheck.load_checklist()


def test_header(checklist: Checklist) -> None:
    assert checklist.schema_version == 1
    assert checklist.name == "AWS Security Checklist"
    assert checklist.version == "2026.11"
    assert checklist.wa_framework_version == "2024-06-27"


def test_five_sections_in_order(checklist: Checklist) -> None:
    assert [(s.id, s.title) for s in checklist.sections] == EXPECTED_SECTIONS
    for section in checklist.sections:
        assert section.description.strip(), f"section {section.id} has no description"


def test_sixteen_items_in_order(checklist: Checklist) -> None:
    assert [i.id for i in checklist.items] == EXPECTED_ITEMS


def test_items_sit_in_the_section_named_by_their_id(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.section == item.id.split("-")[0], item.id


def test_all_wa_questions_with_their_best_practice_counts(checklist: Checklist) -> None:
    counts = {q.id: len(q.best_practices) for q in checklist.wa_questions}
    assert counts == EXPECTED_BP_COUNTS
    assert [q.id for q in checklist.wa_questions] == sorted(EXPECTED_BP_COUNTS)
    for q in checklist.wa_questions:
        assert q.area.strip()
        numbers = [int(bp.id.rsplit("BP", 1)[1]) for bp in q.best_practices]
        assert numbers == list(range(1, len(numbers) + 1)), f"{q.id} best practices not BP01..BPnn"


def test_every_item_maps_to_existing_wa_best_practices(checklist: Checklist) -> None:
    bp_ids = {bp.id for q in checklist.wa_questions for bp in q.best_practices}
    for item in checklist.items:
        assert item.wa.primary in bp_ids, f"{item.id}: unknown primary {item.wa.primary}"
        for bp in item.wa.related:
            assert bp in bp_ids, f"{item.id}: unknown related {bp}"
        # every mapped BP belongs to one of the questions the item lists
        for bp in item.wa.best_practices:
            question = bp.split("-")[0]
            assert question in item.wa.questions, f"{item.id}: {bp} not in {item.wa.questions}"


def test_dp03_uses_the_2024_framework_anchor(checklist: Checklist) -> None:
    item = checklist.item("DP-03")
    assert item.wa.primary == "SEC06-BP03"
    assert "SEC08-BP04" in item.wa.related


def test_every_item_has_guidance_why_and_references(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.guidance.strip() and item.why.strip(), item.id
        assert 2 <= len(item.references) <= 4, item.id
        for ref in item.references:
            assert ref.url.startswith("https://"), f"{item.id}: {ref.url}"


def test_every_item_has_a_manual_question(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.manual_questions, f"{item.id} has no manual question"
        for q in item.manual_questions:
            assert q.id.startswith(item.id + "-Q"), q.id
            assert q.prompt.strip() and q.help.strip(), q.id
            assert q.evidence.required_for, q.id


def test_enough_checks_overall(checklist: Checklist) -> None:
    assert len(checklist.checks) >= 60


def test_every_item_has_a_check(checklist: Checklist) -> None:
    for item in checklist.items:
        assert item.checks, f"{item.id} has no automated check"


def test_check_ids_are_prefixed_by_their_item(checklist: Checklist) -> None:
    for item in checklist.items:
        for check in item.checks:
            assert re.fullmatch(re.escape(item.id) + r"-C\d{2}", check.id), check.id


def test_check_ids_are_unique(checklist: Checklist) -> None:
    ids = [c.id for c in checklist.checks]
    assert len(ids) == len(set(ids))


def test_every_check_has_remediation_and_rationale(checklist: Checklist) -> None:
    for check in checklist.checks:
        assert check.remediation.strip(), check.id
        assert check.rationale.strip(), check.id
        assert check.title.strip(), check.id


def test_threshold_params_use_the_agreed_keys(checklist: Checklist) -> None:
    for check_id, keys in EXPECTED_PARAM_KEYS.items():
        assert set(checklist.check(check_id).params) == keys, check_id


def test_role_name_pattern_is_a_valid_regex(checklist: Checklist) -> None:
    pattern = checklist.check("IR-01-C01").params["role_name_pattern"]
    assert re.search(pattern, "BreakGlassAdmin")
    assert re.search(pattern, "security-ir-responder")
    assert not re.search(pattern, "app-deployer")


def test_every_non_iam_check_says_why_it_is_core_or_extended(checklist: Checklist):
    """Issue 10 item 4: the tier of each check is reviewed and explained (IAM items: viam)."""
    missing, mismatched = [], []
    for check in checklist.checks:
        if check.id.startswith("IAM-"):
            continue
        reason = check.core_reason.strip()
        if not reason:
            missing.append(check.id)
        elif not reason.startswith(check.tier):
            mismatched.append(f"{check.id}: {check.tier} but '{reason[:30]}...'")
    assert not missing, f"no core_reason: {missing}"
    assert not mismatched, mismatched
