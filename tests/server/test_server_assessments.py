"""POST/GET /seccheck/assessments and POST /seccheck/exports: validation, confinement, replies.

The core functions are replaced by recording fakes (server_fakes.py) so these tests pin the
server's own logic; test_server_core.py drives the real core.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from server_fakes import FakeCore, summary_for, write_notebook

from seccheck.server import assessments

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# No token, but a matching XSRF cookie and header, so a 403 can only come from authentication.
ANONYMOUS = {"Authorization": "", "Cookie": "_xsrf=same", "X-XSRFToken": "same"}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCore:
    core = FakeCore()
    monkeypatch.setattr(assessments, "core", core.lookup)
    return core


# --- authentication ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "endpoint"),
    [("GET", "checklists"), ("GET", "assessments"), ("POST", "assessments"), ("POST", "exports"),
     ("GET", "targets")],
)
async def test_every_endpoint_refuses_requests_without_a_token(api, fake, method, endpoint):
    status, reply = await api(method, endpoint, {"path": "a.ipynb"}, headers=ANONYMOUS)
    assert status == 403, reply
    assert fake.created == [] and fake.exported == []


class TestWithTheServersDefaultAuthSettings:
    """Without `allow_unauthenticated_access=False` only our own decorators protect the API."""

    @pytest.fixture
    def jp_server_config(self):
        return {"ServerApp": {"jpserver_extensions": {"seccheck": True}}}

    @pytest.mark.parametrize(
        ("method", "endpoint"),
        [("GET", "checklists"), ("GET", "assessments"), ("POST", "assessments"),
         ("POST", "exports"), ("GET", "targets")],
    )
    async def test_every_endpoint_still_refuses_requests_without_a_token(
        self, api, fake, method, endpoint
    ):
        status, _ = await api(method, endpoint, {"path": "a.ipynb"}, headers=ANONYMOUS)
        assert status == 403
        assert fake.created == [] and fake.exported == []


def test_every_verb_of_every_handler_is_authenticated():
    from seccheck.server.handlers import ROUTES

    verbs = ("get", "post", "put", "patch", "delete", "head", "options")
    for _, handler in ROUTES:
        for verb in verbs:
            method = handler.__dict__.get(verb)
            if method is not None:
                # tornado.web.authenticated wraps with functools.wraps
                assert getattr(method, "__wrapped__", None) is not None, (handler, verb)


async def test_a_wrong_token_is_refused(api, fake):
    status, _ = await api("POST", "assessments", {"path": "a.ipynb"},
                          headers={"Authorization": "token not-the-token"})
    assert status == 403 and fake.created == []


# --- creating ------------------------------------------------------------------------------


async def test_create_passes_the_validated_request_to_the_core(api, fake, jp_root_dir):
    (jp_root_dir / "work").mkdir()
    shutil.copy(FIXTURES / "mini_checklist.yaml", jp_root_dir / "work" / "mini.yaml")

    status, reply = await api("POST", "assessments", {
        "path": "work/acme.ipynb", "checklist": "work/mini.yaml", "sandbox": "workshop",
        "regions": ["eu-west-1", "us-east-1", "eu-west-1"], "title": "ACME review",
    })

    assert status == 201, reply
    assert reply == {"path": "work/acme.ipynb", "assessment": "work/acme.seccheck.json"}
    [(path, options)] = fake.created
    assert path == jp_root_dir.resolve() / "work" / "acme.ipynb"
    assert options == {
        "checklist_path": jp_root_dir.resolve() / "work" / "mini.yaml",
        "profile": None, "sandbox": "workshop", "regions": ["eu-west-1", "us-east-1"],
        "title": "ACME review",
    }
    assert nbformat.read(str(path), as_version=4).metadata["kernelspec"]["name"] == "python3"


async def test_create_with_a_profile_and_the_shipped_checklist(api, fake, jp_root_dir):
    status, reply = await api("POST", "assessments",
                              {"path": "a.ipynb", "checklist": "builtin", "profile": "prod-audit"})
    assert status == 201, reply
    [(_, options)] = fake.created
    assert options["checklist_path"] is None and options["profile"] == "prod-audit"
    assert options["sandbox"] is None and options["regions"] is None


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"path": "../escape.ipynb"}, 400, "'..'"),
        ({"path": "sub/../../escape.ipynb"}, 400, "'..'"),
        ({"path": "/tmp/escape.ipynb"}, 400, "absolute"),
        ({"path": "~/escape.ipynb"}, 400, "absolute"),
        ({"path": ""}, 400, "path is required"),
        ({}, 400, "path is required"),
        ({"path": 42}, 400, "path is required"),
        ({"path": "notes.txt"}, 400, ".ipynb"),
        ({"path": ".secret/a.ipynb"}, 400, "hidden"),
        ({"path": "missing/a.ipynb"}, 400, "does not exist"),
        ({"path": "a.ipynb", "checklist": "../x.yaml"}, 400, "'..'"),
        ({"path": "a.ipynb", "checklist": "/etc/passwd"}, 400, "absolute"),
        ({"path": "a.ipynb", "checklist": "nope.yaml"}, 400, "not a .yaml file"),
        ({"path": "a.ipynb", "profile": "x'; import os #"}, 400, "not an AWS profile name"),
        ({"path": "a.ipynb", "profile": "p", "sandbox": "workshop"}, 400, "not both"),
        ({"path": "a.ipynb", "sandbox": "production"}, 400, "not a sandbox scenario"),
        ({"path": "a.ipynb", "regions": ["us-east-1", "Mars"]}, 400, "'Mars'"),
        ({"path": "a.ipynb", "regions": 3}, 400, "list of region names"),
        ({"path": "a.ipynb", "title": "two\nlines"}, 400, "one line"),
        ({"path": "a.ipynb", "kernel": "evil"}, 400, "unknown field(s) kernel"),
    ],
)
async def test_create_refuses_bad_requests_with_a_message(api, fake, body, status, words):
    got, reply = await api("POST", "assessments", body)
    assert got == status, reply
    assert words in reply["message"]
    assert fake.created == []


async def test_create_refuses_a_symlink_that_leaves_the_root(api, fake, jp_root_dir, outside):
    (jp_root_dir / "link").symlink_to(outside, target_is_directory=True)
    status, reply = await api("POST", "assessments", {"path": "link/escape.ipynb"})
    assert status == 403 and "outside the Jupyter server root" in reply["message"]
    assert fake.created == [] and list(outside.iterdir()) == []


async def test_create_refuses_a_checklist_symlinked_from_outside(api, fake, jp_root_dir, outside):
    shutil.copy(FIXTURES / "mini_checklist.yaml", outside / "mini.yaml")
    (jp_root_dir / "mini.yaml").symlink_to(outside / "mini.yaml")
    status, reply = await api("POST", "assessments", {"path": "a.ipynb", "checklist": "mini.yaml"})
    assert status == 403 and "checklist" in reply["message"]
    assert fake.created == []


async def test_create_never_overwrites_a_notebook(api, fake, jp_root_dir):
    (jp_root_dir / "a.ipynb").write_text("precious")
    status, reply = await api("POST", "assessments", {"path": "a.ipynb"})
    assert status == 409 and "already exists" in reply["message"]
    assert (jp_root_dir / "a.ipynb").read_text() == "precious"


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"", b"[1, 2]", b'"a.ipynb"'])
@pytest.mark.parametrize("endpoint", ["assessments", "exports"])
async def test_malformed_bodies_get_400_with_a_message(api, fake, raw, endpoint):
    status, reply = await api("POST", endpoint, raw=raw)
    assert status == 400
    assert "JSON" in reply["message"]
    assert fake.created == [] and fake.exported == []


# --- summarising ---------------------------------------------------------------------------


async def test_summary_of_an_assessment_notebook(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "w" / "acme.ipynb", {"assessment": "state/acme.json"})
    (jp_root_dir / "w" / "state").mkdir()
    (jp_root_dir / "w" / "state" / "acme.json").write_text(json.dumps(summary_for("ACME")))

    status, reply = await api("GET", "assessments", path="w/acme.ipynb")

    assert status == 200, reply
    assert reply["title"] == "ACME" and reply["sections"][0]["items"][0]["id"] == "IAM-01"
    assert (reply["notebook"], reply["assessment"]) == ("w/acme.ipynb", "w/state/acme.json")


async def test_summary_allows_a_state_file_in_a_sibling_folder(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "nb" / "a.ipynb", {"assessment": "../state/a.json"})
    (jp_root_dir / "state").mkdir()
    (jp_root_dir / "state" / "a.json").write_text(json.dumps(summary_for("A")))
    status, reply = await api("GET", "assessments", path="nb/a.ipynb")
    assert status == 200 and reply["assessment"] == "state/a.json"


async def test_summary_before_the_first_save_is_404_with_advice(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "a.ipynb", {"assessment": "a.seccheck.json"})
    status, reply = await api("GET", "assessments", path="a.ipynb")
    assert status == 404 and "no saved assessment yet" in reply["message"]


async def test_summary_of_a_plain_notebook_is_404(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "plain.ipynb", None)
    status, reply = await api("GET", "assessments", path="plain.ipynb")
    assert status == 404 and "not a seccheck assessment notebook" in reply["message"]


@pytest.mark.parametrize(
    ("assessment", "words"),
    [("../../outside/state.json", "outside the Jupyter server root"), ("/etc/passwd", "absolute")],
)
async def test_summary_refuses_metadata_pointing_outside_the_root(
    api, fake, jp_root_dir, outside, assessment, words
):
    (outside / "state.json").write_text(json.dumps(summary_for("stolen")))
    write_notebook(jp_root_dir / "nb" / "a.ipynb", {"assessment": assessment})
    status, reply = await api("GET", "assessments", path="nb/a.ipynb")
    assert status == 403 and words in reply["message"]


async def test_summary_refuses_a_state_file_symlinked_from_outside(api, fake, jp_root_dir, outside):
    (outside / "state.json").write_text(json.dumps(summary_for("stolen")))
    write_notebook(jp_root_dir / "a.ipynb", {"assessment": "a.json"})
    (jp_root_dir / "a.json").symlink_to(outside / "state.json")
    status, reply = await api("GET", "assessments", path="a.ipynb")
    assert status == 403 and "stolen" not in json.dumps(reply)


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [("../a.ipynb", 400, "'..'"), ("/etc/hosts", 400, "absolute"), (None, 400, "path is required"),
     ("missing.ipynb", 404, "does not exist"), ("a.txt", 400, "not a notebook")],
)
async def test_summary_refuses_bad_paths(api, fake, path, status, words):
    params = {} if path is None else {"path": path}
    got, reply = await api("GET", "assessments", **params)
    assert got == status and words in reply["message"]


async def test_summary_refuses_a_notebook_symlinked_from_outside(api, fake, jp_root_dir, outside):
    write_notebook(outside / "a.ipynb", {"assessment": "a.json"})
    (outside / "a.json").write_text(json.dumps(summary_for("stolen")))
    (jp_root_dir / "a.ipynb").symlink_to(outside / "a.ipynb")
    status, reply = await api("GET", "assessments", path="a.ipynb")
    assert status == 403 and "stolen" not in json.dumps(reply)


async def test_summary_of_a_corrupt_notebook_is_400(api, fake, jp_root_dir):
    (jp_root_dir / "bad.ipynb").write_text("{ not json")
    status, reply = await api("GET", "assessments", path="bad.ipynb")
    assert status == 400 and "not a readable notebook" in reply["message"]


# --- exporting -----------------------------------------------------------------------------


async def test_export_writes_next_to_the_notebook(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "w" / "acme.ipynb", {"assessment": "acme.json"})
    (jp_root_dir / "w" / "acme.json").write_text(json.dumps(summary_for("ACME")))

    status, reply = await api("POST", "exports", {"path": "w/acme.ipynb"})

    assert status == 201, reply
    assert reply == {"path": "w/acme-evidence.ipynb"}
    root = jp_root_dir.resolve()
    assert fake.exported == [(root / "w" / "acme.json", root / "w" / "acme-evidence.ipynb", True)]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [({"path": "../a.ipynb"}, 400, "'..'"), ({"path": "/a.ipynb"}, 400, "absolute"),
     ({}, 400, "path is required"), ({"path": "a.ipynb", "out": "/tmp/x"}, 400, "unknown field")],
)
async def test_export_refuses_bad_requests(api, fake, body, status, words):
    got, reply = await api("POST", "exports", body)
    assert got == status and words in reply["message"] and fake.exported == []


async def test_export_without_a_saved_assessment_is_404(api, fake, jp_root_dir):
    write_notebook(jp_root_dir / "a.ipynb", {"assessment": "a.json"})
    status, reply = await api("POST", "exports", {"path": "a.ipynb"})
    assert status == 404 and fake.exported == []


# --- what a reply may contain --------------------------------------------------------------


async def test_replies_never_carry_credentials_or_the_environment(
    api, fake, jp_root_dir, monkeypatch
):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-very-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "token-very-secret")
    write_notebook(jp_root_dir / "a.ipynb", {"assessment": "a.json"})
    (jp_root_dir / "a.json").write_text(json.dumps(summary_for("A")))
    replies = [
        await api("GET", "checklists"),
        await api("GET", "assessments", path="a.ipynb"),
        await api("POST", "assessments", {"path": "b.ipynb", "profile": "p"}),
        await api("POST", "assessments", {"path": "b.ipynb"}),  # 409 error path
        await api("POST", "exports", {"path": "a.ipynb"}),
    ]
    text = json.dumps(replies)
    assert "very-secret" not in text and "AWS_" not in text


# --- targets -------------------------------------------------------------------------------


async def test_targets_list_the_servers_profiles_and_every_sandbox_scenario(
    api, fake, tmp_path, monkeypatch
):
    from seccheck.sandbox.scenarios import SCENARIOS

    config, credentials = tmp_path / "aws-config", tmp_path / "aws-credentials"
    config.write_text("[default]\nregion = eu-west-1\n[profile prod-audit]\nregion = us-east-1\n")
    credentials.write_text("[ci]\naws_access_key_id = AKIAEXAMPLE\n"
                           "aws_secret_access_key = do-not-show-this\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.delenv("SECCHECK_SANDBOX", raising=False)

    status, reply = await api("GET", "targets")

    assert status == 200, reply
    assert reply["profiles"] == ["ci", "default", "prod-audit"]
    assert reply["profiles_problem"] is None
    assert [s["name"] for s in reply["scenarios"]] == list(SCENARIOS)
    assert all(s["description"] for s in reply["scenarios"])
    assert reply["environment_sandbox"] is None
    assert "do-not-show-this" not in json.dumps(reply) and "AKIA" not in json.dumps(reply)


async def test_targets_say_why_there_are_no_profiles_when_the_config_is_broken(
    api, fake, tmp_path, monkeypatch
):
    config = tmp_path / "aws-config"
    config.write_text("this is not [an ini file\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    status, reply = await api("GET", "targets")
    assert status == 200, reply
    assert reply["profiles"] == [] and "cannot be read" in reply["profiles_problem"]


async def test_targets_name_the_sandbox_the_environment_points_at(api, fake, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5999")
    monkeypatch.setenv("SECCHECK_SANDBOX", "workshop")
    status, reply = await api("GET", "targets")
    assert status == 200 and reply["environment_sandbox"] == "workshop"


async def test_create_refuses_an_unknown_scenario_naming_the_known_ones(api, fake):
    from seccheck.sandbox.scenarios import SCENARIOS

    status, reply = await api("POST", "assessments", {"path": "a.ipynb", "sandbox": "prod"})
    assert status == 400, reply
    assert reply["message"].startswith("sandbox 'prod' is not a sandbox scenario; choose one of")
    assert all(name in reply["message"] for name in SCENARIOS)
    assert fake.created == []


async def test_create_never_reuses_an_earlier_assessment_file(api, fake, jp_root_dir):
    # The file of an earlier sandbox assessment: a new notebook would inherit its target.
    (jp_root_dir / "a.seccheck.json").write_text('{"scope": {"sandbox": "workshop"}}')
    status, reply = await api("POST", "assessments", {"path": "a.ipynb", "profile": "prod"})
    assert status == 409, reply
    assert "a.seccheck.json already exists" in reply["message"]
    assert fake.created == [] and not (jp_root_dir / "a.ipynb").exists()
