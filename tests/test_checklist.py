"""The checklist loader: the shipped file loads; bad input names file, line and field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from seccheck.checklist import builtin_checklist_path, checklist_json_schema, load_checklist
from seccheck.yamlsource import InputError

MINI = Path(__file__).parent / "fixtures" / "mini_checklist.yaml"


def write(tmp_path: Path, text: str, name: str = "checklist.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def mini_with(old: str, new: str, tmp_path: Path) -> Path:
    text = MINI.read_text()
    assert old in text, old
    return write(tmp_path, text.replace(old, new, 1))


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems(path: Path, **kwargs) -> list:
    with pytest.raises(InputError) as exc:
        load_checklist(path, **kwargs)
    return exc.value.problems


def test_shipped_checklist_loads_with_16_items_and_wa_mappings():
    c = load_checklist()
    assert len(c.items) == 16
    assert [s.id for s in c.sections] == ["IAM", "DET", "INF", "DP", "IR"]
    bps = {bp.id for q in c.wa_questions for bp in q.best_practices}
    for item in c.items:
        assert item.wa.primary in bps
        assert item.wa.questions


def test_import_print_items_as_documented():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import seccheck; c = seccheck.load_checklist(); print(len(c.items))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "16"


def test_yaml_syntax_error_names_line(tmp_path):
    path = mini_with("    title: Secure your AWS account", "    title: [unclosed", tmp_path)
    [p] = problems(path)
    assert p.file == str(path)
    assert "YAML syntax error" in p.message
    assert p.line is not None and p.line >= line_of(path, "[unclosed")


def test_missing_field_names_line_and_field(tmp_path):
    path = mini_with("        remediation: Delete the root access keys.\n", "", tmp_path)
    [p] = problems(path)
    assert p.field == "items[0].checks[1].remediation"
    assert "required" in p.message
    assert p.line == line_of(path, "- id: IAM-01-C02")


def test_mistyped_field_names_line(tmp_path):
    tail = "\n        service: iam\n        scope: global\n        remediation: Delete"
    path = mini_with(
        "        severity: critical" + tail,
        "        severity: catastrophic" + tail,
        tmp_path,
    )
    [p] = problems(path)
    assert p.field == "items[0].checks[1].severity"
    assert p.line == line_of(path, "severity: catastrophic")
    assert "catastrophic" in p.message


def test_unknown_field_is_reported(tmp_path):
    path = mini_with("    guidance: Protect", "    guidence: typo\n    guidance: Protect", tmp_path)
    [p] = problems(path)
    assert p.field == "items[0].guidence"
    assert p.line == line_of(path, "guidence")
    assert "unknown field" in p.message


def test_duplicate_check_id(tmp_path):
    path = mini_with("      - id: IAM-01-C02", "      - id: IAM-01-C01", tmp_path)
    [p] = problems(path)
    assert p.field == "items[0].checks[1].id"
    assert p.line == line_of(path, "- id: IAM-01-C01", occurrence=2)
    assert f"first defined on line {line_of(path, '- id: IAM-01-C01')}" in p.message


def test_duplicate_yaml_key(tmp_path):
    path = mini_with(
        "    why: The root user can do anything.", "    why: one\n    why: two", tmp_path
    )
    [p] = problems(path)
    assert p.field == "items[0].why"
    assert p.line == line_of(path, "why: two")
    assert "duplicate key" in p.message


def test_unknown_wa_id(tmp_path):
    path = mini_with("      primary: SEC01-BP02", "      primary: SEC01-BP09", tmp_path)
    [p] = problems(path)
    assert p.field == "items[0].wa.primary"
    assert p.line == line_of(path, "primary: SEC01-BP09")
    assert "unknown WA best practice SEC01-BP09" in p.message


def test_item_with_neither_check_nor_question(tmp_path):
    text = MINI.read_text()
    text = text[: text.index("    manual_questions:")]
    path = write(tmp_path, text)
    [p] = problems(path)
    assert p.field == "items[0]"
    assert p.line == line_of(path, "- id: IAM-01")
    assert "neither a check nor a manual question" in p.message


def test_check_without_implementation(tmp_path):
    path = write(tmp_path, MINI.read_text())
    [p] = problems(path, implemented={"IAM-01-C01"})
    assert "IAM-01-C02 has no implementation" in p.message
    assert p.line == line_of(path, "- id: IAM-01-C02")


def test_errors_are_collected_together(tmp_path):
    path = mini_with("      primary: SEC01-BP02", "      primary: SEC01-BP09", tmp_path)
    text = path.read_text().replace("section: IAM", "section: NOPE")
    path.write_text(text)
    found = problems(path)
    assert {p.field for p in found} == {"items[0].wa.primary", "items[0].section"}


def test_overlay_adds_removes_and_overrides(tmp_path):
    overlay = write(
        tmp_path,
        f"""
schema_version: 1
extends: {MINI}
name: Acme checklist
add_questions:
  - item: IAM-01
    questions:
      - id: IAM-01-Q90
        prompt: Is root usage reviewed monthly by the CISO?
        evidence:
          required_for: [yes, partial]
remove_checks: [IAM-01-C02]
check_overrides:
  IAM-01-C01:
    severity: high
""",
        "acme.yaml",
    )
    c = load_checklist(overlay)
    assert c.name == "Acme checklist"
    assert [q.id for q in c.item("IAM-01").manual_questions] == ["IAM-01-Q01", "IAM-01-Q90"]
    assert [ch.id for ch in c.checks] == ["IAM-01-C01"]
    assert c.check("IAM-01-C01").severity.value == "high"
    assert c.item("IAM-01").manual_questions[1].evidence.required_for == ["yes", "partial"]


def test_overlay_errors_point_into_the_overlay(tmp_path):
    overlay = write(
        tmp_path,
        f"""schema_version: 1
extends: {MINI}
remove_items: [IAM-99]
check_overrides:
  IAM-01-C01:
    params:
      max_days: 3
""",
        "acme.yaml",
    )
    found = problems(overlay)
    assert {(p.file, p.field) for p in found} == {
        (str(overlay), "remove_items[0]"),
        (str(overlay), "check_overrides.IAM-01-C01.params.max_days"),
    }
    assert next(p for p in found if p.field == "remove_items[0]").line == 3


def test_overlay_on_builtin(tmp_path):
    overlay = write(tmp_path, "schema_version: 1\nextends: builtin\nremove_items: [IR-03]\n")
    c = load_checklist(overlay)
    assert len(c.items) == 15 and "IR-03" not in {i.id for i in c.items}


def test_json_schema_accepts_the_shipped_checklist():
    schema = checklist_json_schema()
    data = yaml.safe_load(builtin_checklist_path().read_text())
    jsonschema.validate(json.loads(json.dumps(data)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"schema_version": 1, "name": "x"}, schema)


def test_checklist_hash_is_stable_and_sensitive(tmp_path):
    a = load_checklist(MINI)
    b = load_checklist(mini_with("severity: critical", "severity: high", tmp_path))
    assert a.hash == load_checklist(MINI).hash
    assert a.hash != b.hash
