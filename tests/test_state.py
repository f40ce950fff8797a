"""The assessment file's parsing: hostile and broken files are refused, naming the file."""

from __future__ import annotations

import pytest

from seccheck.assessment import Assessment
from seccheck.state import AssessmentFileError
from tests.hostile_files import deeply_nested_json


@pytest.mark.parametrize("opener", [Assessment.open, Assessment.load])
def test_deeply_nested_json_is_a_clear_error_and_the_file_is_kept(opener, tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text(deeply_nested_json())
    before = path.read_bytes()

    with pytest.raises(AssessmentFileError) as caught:
        opener(path)

    assert str(path) in str(caught.value) and "nested more than 200 levels" in str(caught.value)
    assert path.read_bytes() == before
