"""`seccheck app`: the app notebook, the environment its kernels get, and a missing Voila."""

from __future__ import annotations

import json

import nbformat

from seccheck.classroom import app_notebook
from seccheck.cli import main
from seccheck.commands import app as app_command


def test_app_notebook_opens_a_student_assessment_then_the_wizard():
    nb = app_notebook("workshop")
    nbformat.validate(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code == [
        "from seccheck.classroom import student_assessment\n\na = student_assessment('workshop')",
        "a.wizard()",
    ]


def test_students_get_no_aws_settings_and_the_offline_template(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("AWS_PROFILE", "prod")
    monkeypatch.setenv("SECCHECK_SANDBOX", "workshop")
    env = app_command.student_env()
    assert not [k for k in env if k.startswith("AWS_") or k == "SECCHECK_SANDBOX"]
    template = app_command.DATA_DIR / "voila" / "templates" / app_command.TEMPLATE
    assert str(app_command.DATA_DIR) in env["JUPYTER_PATH"].split(":")
    assert json.loads((template / "conf.json").read_text()) == {"base_template": "lab"}
    assert "cdn.jsdelivr.net" in (template / "index.html.j2").read_text()  # what it strips


def test_missing_voila_names_the_extra(monkeypatch, tmp_path, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "voila" else real(name, *a)
    )
    assert main(["app", str(tmp_path / "class.ipynb")]) == 2
    assert "pip install 'seccheck[app]'" in capsys.readouterr().err
    assert not (tmp_path / "class.ipynb").exists()


def test_demo_app_serves_the_app_notebook_in_the_demo_folder(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(app_command, "app", lambda args: seen.append(args) or 0)
    assert main(["demo", "--app", "--dir", str(tmp_path), "--no-browser"]) == 0
    (args,) = seen
    assert args.notebook == str(tmp_path / "workshop-app.ipynb")
    assert args.scenario == "workshop" and args.port == 8866 and args.no_browser
