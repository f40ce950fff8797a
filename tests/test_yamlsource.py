"""The line-aware YAML loader and the checklist loader on arbitrary input (hypothesis).

Whatever the bytes, loading either succeeds or raises InputError naming the file: never a
RecursionError, MemoryError, UnicodeDecodeError, pydantic error or anything else.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seccheck.checklist import load_checklist
from seccheck.yamlsource import InputError, load_yaml_with_lines

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
CHECKLIST_KEYS = [
    "schema_version",
    "extends",
    "name",
    "version",
    "sections",
    "items",
    "wa_questions",
    "remove_items",
    "remove_checks",
    "check_overrides",
    "add_questions",
]
checklist_like = st.fixed_dictionaries(
    {"schema_version": st.sampled_from([1, 2, "1", None])},
    optional={
        **{k: json_like for k in CHECKLIST_KEYS[2:]},
        "extends": st.sampled_from(["builtin", "missing.yaml", "", "/etc/passwd", "."]),
    },
)
YAML_PIECES = [
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\n",
    "  ",
    "!!python/object ",
    "'",
    '"',
    "#",
    "schema_version: 1\n",
    "extends: builtin\n",
    "\t",
    "\x00",
    "\ufeff",
]
yaml_ish = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=5), max_size=40).map("".join)


@SETTINGS
@given(text=st.text(max_size=300) | yaml_ish)
def test_any_text_loads_or_is_an_input_error(text):
    try:
        load_yaml_with_lines("x.yaml", text=text)
    except InputError as exc:
        assert all(p.file == "x.yaml" for p in exc.problems)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_any_bytes_in_a_file_load_or_are_an_input_error(raw, tmp_path):
    path = tmp_path / "any.yaml"
    path.write_bytes(raw)
    try:
        load_yaml_with_lines(path)
    except InputError as exc:
        assert all(p.file == str(path) for p in exc.problems)


@SETTINGS
@given(data=checklist_like)
def test_any_checklist_shaped_document_loads_or_is_an_input_error(data, tmp_path):
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    try:
        load_checklist(path)
    except InputError as exc:
        assert exc.problems and all(Path(p.file).name for p in exc.problems)
