"""Saving answers: the checklist says whether an answer without evidence is flagged or refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seccheck import Assessment
from seccheck.checklist import load_checklist
from seccheck.checklist.model import EvidenceSpec
from seccheck.scoring import question_state

ROOT = Path(__file__).resolve().parents[1]
REFUSED = "IAM-01-Q01"  # evidence kinds [file, url, note], required_for [yes, partial]


@pytest.fixture
def refusing_checklist(tmp_path: Path) -> Path:
    """checklist.yaml with IAM-01-Q01's evidence made mandatory (`on_missing: refuse`)."""
    text = (ROOT / "checklist.yaml").read_text()
    start = text.index(f"- id: {REFUSED}")
    anchor = 'required_for: ["yes", "partial"]'
    at = text.index(anchor, start) + len(anchor)
    indent = text[: text.index(anchor, start)].rsplit("\n", 1)[1]
    path = tmp_path / "checklist.yaml"
    path.write_text(text[:at] + f"\n{indent}on_missing: refuse" + text[at:])
    return path


def test_a_refusing_question_saves_nothing_without_evidence(tmp_path, refusing_checklist):
    path = tmp_path / "a.seccheck.json"
    a = Assessment.open(path, checklist=refusing_checklist)
    assert a.checklist.question(REFUSED)[1].evidence.on_missing == "refuse"
    before = path.read_bytes()
    for status in ("yes", "partial"):
        with pytest.raises(ValueError, match=re.escape(f"{REFUSED}: the checklist refuses")):
            a.answer(REFUSED, status, notes="   ")
    assert path.read_bytes() == before
    assert not (tmp_path / "a.seccheck.evidence").exists()
    assert REFUSED not in Assessment.load(path).answers


def test_a_refusing_question_accepts_each_kind_of_evidence_and_answers_it_does_not_cover(
    tmp_path, refusing_checklist
):
    a = Assessment.open(tmp_path / "a.seccheck.json", checklist=refusing_checklist)
    a.answer(REFUSED, "no")  # not in required_for: no evidence needed
    a.answer(REFUSED, "yes", notes="two custodians, safe in the office")  # a note is accepted
    a.answer(REFUSED, "yes", evidence=["https://wiki.example/root"])
    a.answer(REFUSED, "partial", evidence=[("custody.txt", b"register")])
    saved = Assessment.load(a.path).answers[REFUSED]
    assert saved.status == "partial" and [e.kind for e in saved.evidence] == ["file"]


@pytest.mark.parametrize(
    ("kinds", "status", "notes", "attached", "lacks"),
    [
        (["file", "url", "note"], "yes", "", [], True),
        (["file", "url", "note"], "yes", "kept in the safe", [], False),
        (["file", "url"], "yes", "trust me", [], True),  # a note is not evidence here
        (["file", "url"], "yes", "", ["url"], False),
        (["file"], "partial", "", ["file"], False),
        (["file", "url", "note"], "no", "", [], False),  # not in required_for
        (["file", "url", "note"], "not_applicable", "", [], False),
    ],
)
def test_lacks_evidence_is_one_rule(kinds, status, notes, attached, lacks):
    spec = EvidenceSpec(kinds=kinds, required_for=["yes", "partial"])
    assert spec.lacks_evidence(status, notes, attached) is lacks
    assert spec.on_missing == "flag"  # the default: saved, shown as unsupported


def test_the_shipped_checklist_flags_and_saves_a_bare_yes(tmp_path):
    a = Assessment.open(tmp_path / "a.seccheck.json")
    question = a.checklist.question(REFUSED)[1]
    answer = a.answer(REFUSED, "yes")
    assert question_state(question, answer, answer.answered_at.date()).evidence_missing
    assert REFUSED in Assessment.load(a.path).answers


def test_flag_is_the_default_and_an_unknown_policy_names_the_field(tmp_path):
    text = (ROOT / "checklist.yaml").read_text()
    anchor = 'required_for: ["yes", "partial"]'
    at = text.index(anchor) + len(anchor)
    indent = text[: text.index(anchor)].rsplit("\n", 1)[1]
    bad = tmp_path / "checklist.yaml"
    bad.write_text(text[:at] + f"\n{indent}on_missing: shout" + text[at:])
    line = text[:at].count("\n") + 2
    with pytest.raises(Exception, match=rf"{re.escape(str(bad))}.*\b{line}\b.*on_missing"):
        load_checklist(bad)
