"""The differential harness's comparison (benchmarks/differential/compare.py), without Prowler."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "differential"
sys.path.insert(0, str(HARNESS))

from compare import ABSENT, Row, compare, normalise_arn, verdict  # noqa: E402

ACCT = "123456789012"
BUCKET = "arn:aws:s3:::acme-logs"


def row(check: str, status: str, resource: str = BUCKET, region: str = "us-east-1") -> Row:
    return Row(check, ACCT, region, resource, status)


MAPPING = {
    "DP-01-C06": {"prowler": ["s3_bucket_default_encryption"], "per": "resource"},
    "DET-01-C05": {"prowler": ["guardduty_is_enabled"], "per": "region"},
}


def test_agreement_and_disagreement_per_resource() -> None:
    ours = [row("DP-01-C06", "PASS"), row("DP-01-C06", "FAIL", "arn:aws:s3:::b2")]
    theirs = [
        row("s3_bucket_default_encryption", "PASS"),
        row("s3_bucket_default_encryption", "PASS", "arn:aws:s3:::b2"),
    ]
    result = compare(ours, theirs, MAPPING)
    assert result.agreements == 1
    [d] = result.disagreements
    assert (d.key, d.our_status, d.prowler_status) == ("arn:aws:s3:::b2", "FAIL", "PASS")
    assert not d.explained and result.unexplained == [d]


def test_region_key_aggregates_fail_over_pass() -> None:
    ours = [row("DET-01-C05", "PASS", "arn:aws:guardduty:us-east-1:x:detector/a")]
    theirs = [
        row("guardduty_is_enabled", "PASS", "d1"),
        row("guardduty_is_enabled", "FAIL", "d2"),
    ]
    [d] = compare(ours, theirs, MAPPING).disagreements
    assert (d.key, d.prowler_status) == (f"{ACCT}/us-east-1", "FAIL")


def test_a_side_with_no_result_is_a_disagreement_counted_as_coverage() -> None:
    result = compare([], [row("s3_bucket_default_encryption", "FAIL")], MAPPING)
    [d] = result.disagreements
    assert d.our_status == ABSENT and result.only_prowler == 1 and result.only_ours == 0


def test_no_verdict_on_either_side_is_not_compared() -> None:
    ours = [row("DP-01-C06", "NOT_ASSESSABLE")]
    result = compare(ours, [row("s3_bucket_default_encryption", "MANUAL")], MAPPING)
    assert result.agreements == 0 and result.disagreements == []


def test_explanations_match_check_key_and_statuses() -> None:
    explanations = [
        {
            "check": "DP-01-C06",
            "key": "arn:aws:s3:::acme-*",
            "ours": "FAIL",
            "prowler": "PASS",
            "reason": "documented",
        },
    ]
    ours = [row("DP-01-C06", "FAIL")]
    theirs = [row("s3_bucket_default_encryption", "PASS")]
    [d] = compare(ours, theirs, MAPPING, explanations).disagreements
    assert d.explanation == "documented"
    # The same pair the other way round is not covered by that explanation.
    [d] = compare(
        [row("DP-01-C06", "PASS")],
        [row("s3_bucket_default_encryption", "FAIL")],
        MAPPING,
        explanations,
    ).disagreements
    assert not d.explained


@pytest.mark.parametrize(
    ("statuses", "aggregate", "expected"),
    [
        (["PASS", "FAIL"], "all", "FAIL"),
        (["PASS", "WARN"], "all", "FAIL"),
        (["PASS", "NOT_APPLICABLE"], "all", "PASS"),
        (["MANUAL"], "all", "MANUAL"),
        (["FAIL", "PASS"], "any", "PASS"),
        (["FAIL", "NOT_ASSESSABLE"], "any", "FAIL"),
    ],
)
def test_verdict(statuses: list[str], aggregate: str, expected: str) -> None:
    assert verdict(statuses, aggregate) == expected


def test_pass_against_nothing_is_scope_not_disagreement() -> None:
    result = compare([row("DP-01-C06", "PASS")], [], MAPPING)
    assert result.disagreements == [] and result.scope_only == 1


def test_arn_spellings() -> None:
    assert normalise_arn("arn:aws:s3:::b/key") == "arn:aws:s3:::b"
    snap = "arn:aws:ec2:us-east-1::snapshot/snap-1"
    assert normalise_arn("arn:aws:ec2:us-east-1:123456789012:snapshot/snap-1") == snap
    stage = "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod"
    assert normalise_arn(stage) == "arn:aws:apigateway:us-east-1::/restapis/abc"


def test_mapping_names_real_seccheck_checks() -> None:
    from seccheck.checklist import load_checklist

    ids = {c.id for c in load_checklist().checks}
    mapping = yaml.safe_load((HARNESS / "mapping.yaml").read_text())
    assert set(mapping) <= ids
    explanations = yaml.safe_load((HARNESS / "explanations.yaml").read_text()) or []
    for e in explanations:
        assert e["check"] in mapping and e["reason"].strip()


def test_explanations_no_disagreement_needs_are_listed() -> None:
    from compare import unused_explanations

    explanations = [
        {"check": "DP-01-C06", "key": "arn:aws:s3:::b2", "reason": "b2 is special"},
        {"check": "DP-01-C06", "key": "arn:aws:s3:::gone", "reason": "a bucket long deleted"},
    ]
    ours = [row("DP-01-C06", "FAIL", "arn:aws:s3:::b2")]
    theirs = [row("s3_bucket_default_encryption", "PASS", "arn:aws:s3:::b2")]
    result = compare(ours, theirs, MAPPING, explanations)
    assert [d.explanation for d in result.disagreements] == ["b2 is special"]
    assert unused_explanations(explanations, [result]) == [explanations[1]]
