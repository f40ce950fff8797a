"""Hostile requests and planted files: 400s with short messages, nothing written or read outside."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from seccheck.assessment import Assessment
from tests.hostile_files import deeply_nested_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NESTED_BODY = b'{"path": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def assessment_notebook(root: Path, checklist: Path) -> Assessment:
    """A notebook with its saved assessment (what the guided notebook's first cells leave)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["seccheck"] = {"assessment": "a.seccheck.json"}
    nbformat.write(nb, str(root / "a.ipynb"))
    a = Assessment.open(root / "a.seccheck.json", checklist=checklist)
    a.answer("IAM-01-Q01", "no", notes="nobody knows")
    return a


@pytest.mark.parametrize("endpoint", ["assessments", "exports"])
async def test_an_over_long_path_in_a_body_is_400_and_not_echoed(api, endpoint):
    status, reply = await api("POST", endpoint, {"path": "x" * 20_000_000 + ".ipynb"})
    assert status == 400, str(reply)[:300]
    assert len(json.dumps(reply)) < 400 and "long" in reply["message"]


async def test_an_over_long_path_in_a_query_is_400(api):
    status, reply = await api("GET", "assessments", path="x" * 30_000 + ".ipynb")
    assert status == 400, str(reply)[:300]
    assert len(json.dumps(reply)) < 400


async def test_an_over_long_folder_name_is_400(api):
    status, reply = await api("POST", "assessments", {"path": "d" * 300 + "/a.ipynb"})
    assert status == 400, str(reply)[:300]
    assert len(json.dumps(reply)) < 400


@pytest.mark.parametrize("endpoint", ["assessments", "exports"])
async def test_a_deeply_nested_body_is_400(api, endpoint):
    status, reply = await api("POST", endpoint, raw=NESTED_BODY)
    assert status == 400, reply
    assert "nested" in reply["message"] and len(reply["message"]) < 300


async def test_a_deeply_nested_notebook_is_400(api, jp_root_dir):
    (jp_root_dir / "a.ipynb").write_text(deeply_nested_json())
    status, reply = await api("GET", "assessments", path="a.ipynb")
    assert status == 400, reply
    assert "a.ipynb" in reply["message"] and "nested" in reply["message"]


@pytest.mark.parametrize(
    ("method", "endpoint", "expected"), [("GET", "assessments", 409), ("POST", "exports", 400)]
)
async def test_a_deeply_nested_state_file_is_refused_with_a_message(
    api, jp_root_dir, method, endpoint, expected
):
    nb = nbformat.v4.new_notebook()
    nb.metadata["seccheck"] = {"assessment": "a.seccheck.json"}
    nbformat.write(nb, str(jp_root_dir / "a.ipynb"))
    (jp_root_dir / "a.seccheck.json").write_text(deeply_nested_json())

    status, reply = await api(method, endpoint, {"path": "a.ipynb"}, path="a.ipynb")

    assert status == expected, reply  # as for any unreadable state file
    assert "a.seccheck.json" in reply["message"] and "nested" in reply["message"]


async def test_export_never_writes_through_a_planted_symlink(api, jp_root_dir, outside):
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "mini.yaml")
    assessment_notebook(jp_root_dir, jp_root_dir / "mini.yaml")
    status, reply = await api("POST", "exports", {"path": "a.ipynb"})
    assert status == 201, reply
    written = sorted(p.name for p in jp_root_dir.iterdir() if p.name.startswith("a-evidence"))
    assert "a-evidence.ipynb" in written
    victims = []
    for name in written:
        (jp_root_dir / name).unlink()
        for planted in (name, name + ".tmp"):
            victim = outside / planted
            victim.write_text("untouched")
            (jp_root_dir / planted).symlink_to(victim)
            victims.append(victim)

    status, reply = await api("POST", "exports", {"path": "a.ipynb"})

    assert status == 201, reply
    assert all(v.read_text() == "untouched" for v in victims)
    for name in written:
        assert (jp_root_dir / name).is_file() and not (jp_root_dir / name).is_symlink()
    assert "IAM-01-Q01" in (jp_root_dir / "a-evidence.ipynb").read_text()


@pytest.mark.parametrize(("method", "endpoint"), [("GET", "assessments"), ("POST", "exports")])
async def test_an_extends_chain_leaving_the_root_is_refused(
    api, jp_root_dir, outside, method, endpoint
):
    shutil.copy(FIXTURES / "mini_checklist.yaml", outside / "base.yaml")
    (jp_root_dir / "team").mkdir()
    (jp_root_dir / "team" / "overlay.yaml").write_text(
        "schema_version: 1\nextends: ../../outside/base.yaml\nname: Sneaky\n"
    )
    assessment_notebook(jp_root_dir, jp_root_dir / "team" / "overlay.yaml")

    status, reply = await api(method, endpoint, {"path": "a.ipynb"}, path="a.ipynb")

    assert status == 403, reply
    assert "outside the Jupyter server root" in reply["message"]
    assert "Sneaky" not in json.dumps(reply)
    assert not (jp_root_dir / "a-evidence.ipynb").exists()


@pytest.mark.parametrize(
    ("regions", "words"),
    [
        (["eu-west-1", "mars-north-9"], "'mars-north-9'"),
        (["us-east-1", "cn-north-1"], "partitions"),
    ],
)
async def test_create_refuses_regions_botocore_does_not_know(api, jp_root_dir, regions, words):
    status, reply = await api("POST", "assessments", {"path": "a.ipynb", "regions": regions})
    assert status == 400 and words in reply["message"], reply
    assert not (jp_root_dir / "a.ipynb").exists()
