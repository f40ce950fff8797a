"""Line up seccheck's and Prowler's per-resource verdicts and list where they disagree.

Pure functions over plain rows, so the comparison itself is unit-tested without Prowler
(tests/benchmarks/test_differential.py). A row is (check, account, region, resource, status).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("PASS", "FAIL")
ABSENT = "—"
# seccheck's WARN ("looks like a secret") flags a resource as Prowler's FAIL does.
FLAGS = ("FAIL", "WARN")


@dataclass(frozen=True)
class Row:
    check: str
    account: str
    region: str
    resource: str
    status: str


@dataclass(frozen=True)
class Disagreement:
    ours: str
    prowler: tuple[str, ...]
    key: str
    our_status: str
    prowler_status: str
    explanation: str = ""

    @property
    def explained(self) -> bool:
        return bool(self.explanation)


@dataclass
class Comparison:
    agreements: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)
    only_ours: int = 0
    only_prowler: int = 0
    # A PASS on one side and no result on the other: a difference of scope, not of verdict
    # (e.g. Prowler also judges automated RDS snapshots, seccheck only manual ones). Counted,
    # not listed: it hides no fault.
    scope_only: int = 0

    @property
    def unexplained(self) -> list[Disagreement]:
        return [d for d in self.disagreements if not d.explained]


def key_of(row: Row, per: str) -> str:
    """The key both sides are compared on: the resource, or its region or account."""
    if per == "resource":
        return normalise_arn(row.resource)
    if per == "region":
        return f"{row.account}/{row.region}"
    return row.account


def normalise_arn(arn: str) -> str:
    """ARNs as both tools write them: S3 buckets and IAM users differ only in spelling."""
    arn = arn.strip()
    if arn.startswith("arn:aws:s3:::"):
        return arn.split("/", 1)[0]
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[2] == "ec2" and parts[5].startswith("snapshot/"):
        # AWS writes EBS snapshot ARNs without an account (arn:aws:ec2:REGION::snapshot/ID);
        # Prowler puts the audited account in.
        return ":".join([*parts[:4], "", parts[5]])
    if arn.startswith("arn:aws:apigateway:") and "/stages/" in arn:
        return arn.split("/stages/", 1)[0]  # Prowler judges stages, seccheck the REST API
    return arn


def verdict(statuses: Iterable[str], aggregate: str = "all") -> str:
    """One verdict for a key.

    all (the default): FAIL if anything is flagged, else PASS if anything passes. any: PASS if
    anything passes ("a multi-region trail is logging" holds when one of them is).
    """
    seen = list(statuses)
    flagged = any(s in FLAGS for s in seen)
    if aggregate == "any" and "PASS" in seen:
        return "PASS"
    if flagged:
        return "FAIL"
    if "PASS" in seen:
        return "PASS"
    return seen[0] if seen else ""


def _by_key(rows: Iterable[Row], checks: set[str], per: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        if row.check in checks:
            out.setdefault(key_of(row, per), []).append(row.status)
    return out


def explain(
    explanations: Iterable[Mapping[str, Any]], ours: str, key: str, our: str, theirs: str
) -> str:
    for e in explanations:
        if e.get("check") != ours:
            continue
        if not fnmatch.fnmatchcase(key, str(e.get("key", "*"))):
            continue
        if e.get("ours", our) != our or e.get("prowler", theirs) != theirs:
            continue
        return str(e["reason"])
    return ""


def compare(
    ours: Iterable[Row],
    theirs: Iterable[Row],
    mapping: Mapping[str, Mapping[str, Any]],
    explanations: Iterable[Mapping[str, Any]] = (),
) -> Comparison:
    """Every mapped key that either tool judged; a missing side counts as a disagreement too.

    "—" stands for "this tool reported nothing for the key": a fault one tool flags and the
    other never looks at is exactly the kind of miss the oracle is here to show.
    """
    ours, theirs, explanations = list(ours), list(theirs), list(explanations)
    result = Comparison()
    for check, spec in sorted(mapping.items()):
        per = str(spec.get("per", "resource"))
        aggregate = str(spec.get("aggregate", "all"))
        pchecks = tuple(spec["prowler"])
        mine = _by_key(ours, {check}, per)
        other = _by_key(theirs, set(pchecks), per)
        for key in sorted(set(mine) | set(other)):
            a = verdict(mine[key], aggregate) if key in mine else ABSENT
            b = verdict(other[key], aggregate) if key in other else ABSENT
            if a not in VERDICTS and b not in VERDICTS:
                continue
            if a == b:
                result.agreements += 1
                continue
            if {a, b} == {ABSENT, "PASS"}:
                result.scope_only += 1
                continue
            if a == ABSENT:
                result.only_prowler += 1
            elif b == ABSENT:
                result.only_ours += 1
            why = explain(explanations, check, key, a, b)
            result.disagreements.append(Disagreement(check, pchecks, key, a, b, why))
    return result


def unused_explanations(
    explanations: Iterable[Mapping[str, Any]], comparisons: Iterable[Comparison]
) -> list[Mapping[str, Any]]:
    """Explanations no disagreement of these comparisons needed: what they explain is gone."""
    used = {d.explanation for c in comparisons for d in c.disagreements if d.explained}
    return [e for e in explanations if str(e["reason"]) not in used]
