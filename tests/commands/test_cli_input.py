"""Bad input on the command line: exit 2 with one line naming what is wrong, before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seccheck.cli import main


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]  # no wrapping either
    if lines and lines[0].startswith("usage:"):  # argparse: the usage, then one error line
        lines = [line for line in lines if line.startswith("seccheck") and ": error: " in line]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--workers", "0"], "--workers: must be at least 1 (got 0)"),
        (["run", "--workers", "many"], "expected a whole number"),
        (["run", "--regions", "mars-north-9"], "unknown region name(s) 'mars-north-9'"),
        (["run", "--regions", "us-east-1,us-gov-west-1"], "different partitions"),
        (["new", "a.ipynb", "--regions", "eu-west-1,eu-wset-1"], "'eu-wset-1'"),
        (["sandbox", "--port", "99999"], "a port is 1-65535"),
        (["sandbox", "--n", "-5"], "--n: must be at least 1 (got -5)"),
        (["demo", "--port", "-1"], "a port is 1-65535"),
    ],
)
def test_bad_values_are_refused_by_the_parser(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    assert words in one_line_error(capsys)
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_missing_folder_is_refused_before_the_run(capsys, tmp_path):
    # No credentials and no sandbox: the run could not even start, so the folder is checked first.
    with pytest.raises(SystemExit) as done:
        main(["run", "--output", str(tmp_path / "missing" / "results.json")])
    assert done.value.code == 2
    assert f"folder {tmp_path / 'missing'} does not exist" in one_line_error(capsys)


def test_export_outputs_into_a_missing_folder_are_refused(capsys, tmp_path):
    with pytest.raises(SystemExit) as done:
        main(["export", str(tmp_path / "a.json"), "--csv", str(tmp_path / "no" / "x.csv")])
    assert done.value.code == 2 and "does not exist" in one_line_error(capsys)


@pytest.mark.parametrize("option", [[], ["--signer", "signers"]])
def test_verify_of_a_missing_file_is_bad_input_not_a_changed_notebook(option, capsys, tmp_path):
    notebook = tmp_path / ("e.ipynb" if option else "missing.ipynb")
    if option:
        notebook.write_text("{}")
    with pytest.raises(SystemExit) as done:
        main(["verify", str(notebook), *option])
    assert done.value.code == 2
    assert "does not exist" in one_line_error(capsys)


@pytest.mark.parametrize("command", ["export", "verify"])
def test_a_missing_key_file_is_named(command, capsys, tmp_path):
    (tmp_path / "a.json").write_text("{}")
    argv = [command, str(tmp_path / "a.json"), "--key-file", str(tmp_path / "key")]
    if command == "export":
        argv += ["--out", str(tmp_path / "e.ipynb")]
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    assert f"{tmp_path / 'key'} does not exist" in one_line_error(capsys)


NOT_ASSESSMENTS = {
    "object.json": json.dumps({"a": 1}),
    "list.json": "[1, 2]",
    "newer.json": json.dumps({"schema_version": 99}),
}


@pytest.mark.parametrize("name", sorted(NOT_ASSESSMENTS))
@pytest.mark.parametrize("command", ["export", "diff"])
def test_a_json_file_that_is_not_an_assessment_is_a_clear_error(command, name, capsys, tmp_path):
    path = tmp_path / name
    path.write_text(NOT_ASSESSMENTS[name])
    argv = (
        ["export", str(path), "--out", str(tmp_path / "e.ipynb")]
        if command == "export"
        else ["diff", str(path), str(path)]
    )
    assert main(argv) == 2
    line = one_line_error(capsys)
    assert name in line
    assert ".bak" not in line  # no advice to restore a backup that does not exist
    assert not (tmp_path / "e.ipynb").exists()


def test_advice_names_the_backup_only_when_it_exists(capsys, tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text('{"schema_version": "one"}')
    Path(f"{path}.bak").write_text("{}")
    assert main(["export", str(path), "--out", str(tmp_path / "e.ipynb")]) == 2
    assert "Restore it from a.seccheck.json.bak" in one_line_error(capsys)


def test_a_broken_file_in_diff_is_one_line(capsys, tmp_path):
    path = tmp_path / "a.seccheck.json"
    path.write_text("{broken")
    assert main(["diff", str(path), str(path)]) == 2
    assert "a.seccheck.json" in one_line_error(capsys)


# --- any argument list (hypothesis) ------------------------------------------------------------

SUBCOMMANDS = ["run", "new", "export", "diff", "verify", "validate", "schema", "sandbox", "demo"]
OPTIONS = [
    "--workers",
    "--regions",
    "--output",
    "-o",
    "--out",
    "--port",
    "--n",
    "--key-file",
    "--checklist",
    "--items",
    "--checks",
    "--format",
    "--fail-on",
    "--csv",
    "--sign",
    "--scenario",
    "--sandbox",
    "--profile",
    "--latency-ms",
    "--quiet",
    "--json",
]
VALUES = [
    "0",
    "-5",
    "99999",
    "1",
    "8",
    "us-east-1",
    "mars-1",
    "us-east-1,cn-north-1",
    "",
    "/",
    "/nonexistent-dir/x.json",
    "x.json",
    "\x00",
    "1e3",
    "nan",
    "workshop",
    "--",
]
argv_lists = st.lists(
    st.sampled_from(OPTIONS) | st.sampled_from(VALUES) | st.text(max_size=12), max_size=8
).flatmap(lambda rest: st.sampled_from(SUBCOMMANDS).map(lambda cmd: [cmd, *rest]))


@settings(max_examples=300, deadline=None)
@given(argv=argv_lists)
def test_parsing_any_arguments_succeeds_or_exits_2(argv):
    from seccheck.cli import build_parser

    parser = build_parser()
    try:
        parser.parse_args(argv)
    except SystemExit as exc:
        assert exc.code == 2


# --- advice names files that exist -------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_export_advice_names_the_notebook_as_it_can_be_reached(capsys, tmp_path, monkeypatch):
    from seccheck.assessment import Assessment

    a = Assessment.open(tmp_path / "a.seccheck.json", checklist=FIXTURES / "mini_checklist.yaml")
    a.answer("IAM-01-Q01", "no", notes="nobody knows")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)

    assert main(["export", "a.seccheck.json", "--out", "out/e.ipynb"]) == 0

    err = " ".join(capsys.readouterr().err.split())
    hinted = [word.strip("`") for word in err.split("seccheck verify ")[1:]]
    assert hinted, err
    for hint in hinted:
        named = hint.split()[0].strip("`")
        assert (tmp_path / named).is_file(), (named, err)


def test_new_mentions_saved_answers_only_when_there_are_some(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.ipynb").write_text("{}")
    assert main(["new", "a.ipynb"]) == 2
    assert "a.seccheck.json" not in capsys.readouterr().err
    (tmp_path / "a.seccheck.json").write_text("{}")
    assert main(["new", "a.ipynb"]) == 2
    assert "a.seccheck.json" in capsys.readouterr().err


def test_unknown_regions_from_the_environment_are_refused(capsys, monkeypatch):
    monkeypatch.setenv("SECCHECK_REGIONS", "eu-west-1,eu-wset-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    assert main(["run", "--quiet", "--checks", "IAM-01-C01"]) == 2
    err = capsys.readouterr().err
    assert "$SECCHECK_REGIONS" in err and "'eu-wset-1'" in err


@pytest.mark.parametrize("command", ["run", "new"])
def test_a_broken_checklist_is_one_line_naming_file_and_line(command, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nextends: builtin\nname: [unclosed\n")
    argv = (
        ["run", "--checklist", str(bad), "--quiet"]
        if command == "run"
        else ["new", str(tmp_path / "a.ipynb"), "--checklist", str(bad)]
    )
    assert main(argv) == 2
    line = one_line_error(capsys)
    assert line.startswith(f"seccheck {command}: checklist is not valid: {bad}:")
