"""The evidence notebook from a real assessment of the workshop sandbox, end to end.

One module-scoped sandbox of our own (the tests do not touch the shared one), one assessment
with two runs and manual answers, one export; then the notebook is validated, executed against
the sandbox, rendered offline, tampered with, and searched for secrets.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from seccheck.cli import main
from seccheck.evidence import verify_evidence, write_evidence_from
from seccheck.evidence.figures import MARKER
from seccheck.evidence.html import offline_problems
from seccheck.sandbox import Sandbox
from seccheck.sandbox.estate._acme import (
    FAKE_SECRET_KEY,
    LEAKY_TAGS,
    LT_KEY_ID,
    LT_SECRET_KEY,
    USER_DATA_SECRET,
)

# The scan and the kernel use this secret key (moto accepts any): it must appear in no export.
SECRET_KEY = "SeccheckEvidenceTest/Secret+Key0123456789"
SEEDED = "Sup3rS3cret"  # the workshop seeds this in a Lambda variable, a secret and EC2 user data


def _env(sandbox: Sandbox, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SECCHECK_"))}
    env.update(sandbox.env())
    env.update(
        {
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_CONFIG_FILE": str(tmp / "none"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "none"),
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return env


@pytest.fixture(scope="module")
def estate() -> Iterator[Sandbox]:
    with Sandbox("workshop") as sb:
        yield sb


@pytest.fixture(scope="module")
def exported(estate: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from seccheck import Assessment

    tmp = tmp_path_factory.mktemp("evidence")
    env = _env(estate, tmp)
    mp = pytest.MonkeyPatch()
    for key in [k for k in os.environ if k.startswith(("AWS_", "SECCHECK_"))]:
        mp.delenv(key)
    for key, value in env.items():
        if key.startswith(("AWS_", "SECCHECK_")):
            mp.setenv(key, value)
    try:
        state = tmp / "assessment.json"
        a = Assessment.open(state, sandbox="workshop", title="Evidence test")
        a.verify(progress=False)
        policy = tmp / "break-glass.pdf"
        policy.write_bytes(b"%PDF-1.4 break-glass procedure")
        a.answer(
            "IAM-01-Q01",
            "yes",
            notes="Root credentials are in the safe <b>not bold</b> $x$",
            evidence=["https://wiki.example.com/break-glass", policy],
            by="alice@example.com",
        )
        a.answer("IAM-01-Q02", "not_applicable", reason="Not in scope", by="bob@example.com")
        a.verify(progress=False)
        started = time.perf_counter()
        result = write_evidence_from(state, tmp / "out" / "evidence.ipynb", html=True)
        seconds = time.perf_counter() - started
        out = tmp / "out"
        code = main(
            [
                "export",
                str(state),
                "--csv",
                str(out / "results.csv"),
                "--ocsf",
                str(out / "results.ocsf.json"),
                "--junit",
                str(out / "results.xml"),
            ]
        )
        assert code == 0
        yield {
            "assessment": Assessment.load(state),
            "result": result,
            "seconds": seconds,
            "env": env,
            "dir": out,
            "policy_sha": hashlib.sha256(policy.read_bytes()).hexdigest(),
            "state": state,
        }
    finally:
        mp.undo()


def _cells(nb: Any, role: str) -> list[Any]:
    return [c for c in nb.cells if c.metadata.get("seccheck", {}).get("role") == role]


def test_notebook_is_valid_complete_and_readable_without_running(exported: dict[str, Any]) -> None:
    a, result = exported["assessment"], exported["result"]
    nb = nbformat.read(result.notebook, as_version=4)
    nbformat.validate(nb)
    print(
        f"\nexport: {result.sizes} in {exported['seconds']:.1f} s; {result.cells} cells, "
        f"{result.results} results, {result.calls} calls"
    )

    cover = _cells(nb, "cover")[0].source
    run = a.runs[-1]
    for expected in (
        run.scope["accounts"][0]["id"],
        run.scope["accounts"][0]["caller_arn"],
        *run.scope["regions"],
        a.checklist.version,
        a.checklist.hash,
        a.runs[0].id,
        a.runs[-1].id,
        "seccheck 0.1.0",
        "botocore",
    ):
        assert expected in cover, expected

    latest = a.latest_results()
    per_item = {c.metadata["seccheck"]["item_id"]: c for c in _cells(nb, "results")}
    assert set(per_item) == {i.id for i in a.checklist.items if i.checks}
    for item_id, cell in per_item.items():
        counts = cell.metadata["seccheck"]["counts"]
        assert sum(counts.values()) == sum(1 for r in latest if r.item_id == item_id)
    from seccheck.evidence.sidecar import load_results

    kept = load_results(result.sidecar)

    def canon(rs: list[Any]) -> list[str]:
        return sorted(json.dumps(r.to_dict(), sort_keys=True) for r in rs)

    assert canon(kept) == canon(latest)
    failing = next(r for r in latest if r.status.value == "FAIL")
    assert failing.resource in per_item[failing.item_id].source

    answers = next(
        c for c in _cells(nb, "answers") if c.metadata["seccheck"]["item_id"] == "IAM-01"
    ).source
    for expected in (
        "alice@example.com",
        "https://wiki.example.com/break-glass",
        exported["policy_sha"],
        "bob@example.com",
        "Not in scope",
        "&lt;b&gt;not bold&lt;/b&gt;",
        "not yet answered",
    ):
        assert expected in answers, expected

    replays = _cells(nb, "replay")
    assert replays and all(c.outputs[0]["text"].startswith("Recorded responses") for c in replays)
    linked = {cid for r in latest for cid in r.call_ids}
    in_replays = {cid for c in replays for cid in c.metadata["seccheck"]["calls"]}
    assert in_replays == linked
    appendix = "".join(c.source for c in _cells(nb, "appendix-calls"))
    assert all(f'id="call-{cid}"' in appendix for cid in linked)

    charts = _cells(nb, "chart")
    assert len(charts) >= 4  # items, severity, sections, answers (+ the diff chart: 2 runs)
    for cell in charts:
        data = cell.outputs[0]["data"]
        assert {"application/vnd.plotly.v1+json", "text/html"} <= set(data)
    assert len(_cells(nb, "plotlyjs")) == 1 and _cells(nb, "diff")
    assert nb.metadata["seccheck"]["manifest"]["cells"]  # the per-cell seal, inside the notebook
    # The printed hash (for `verify --expect`) is that of the manifest file beside the notebook.
    assert hashlib.sha256(result.manifest.read_bytes()).hexdigest() == result.manifest_sha256


def _replay_lines(nb: Any) -> list[str]:
    return [
        line
        for c in _cells(nb, "replay")
        for line in c.source.splitlines()
        if line.startswith("replay(")
    ]


def test_replay_cells_execute_against_the_sandbox_and_match(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    from nbclient import NotebookClient

    for name in ("evidence.ipynb", "evidence.sidecar.json"):
        shutil.copy(exported["dir"] / name, tmp_path / name)
    nb = nbformat.read(tmp_path / "evidence.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env=exported["env"])
    verdicts: dict[str, str] = {}
    for cell in _cells(nb, "replay"):
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        assert not [o for o in cell.outputs if o.get("output_type") == "error"], cell.id
        for m in re.finditer(r"^(\S+) (\S+): (MATCH|DIFFERS)(.*)$", text, re.M):
            verdicts[m.group(1)] = m.group(3) + m.group(4)
    expected = {re.match(r"replay\('([^']+)'", line).group(1) for line in _replay_lines(nb)}  # type: ignore[union-attr]
    assert set(verdicts) == expected
    differing = {cid: v for cid, v in verdicts.items() if not v.startswith("MATCH")}
    assert differing == {}, json.dumps(differing, indent=1)
    # Running the cells changed their outputs: the copy no longer verifies, and says where.
    nbformat.write(nb, tmp_path / "evidence.ipynb")
    report = verify_evidence(tmp_path / "evidence.ipynb")
    assert {p.where.split()[2] for p in report.of_kind("cell-changed")} >= {
        f"id={c.id}" for c in _cells(nb, "replay")
    }


def test_html_opens_offline_with_plotly_embedded_once(exported: dict[str, Any]) -> None:
    page = (exported["dir"] / "evidence.html").read_text()
    assert offline_problems(page) == []
    assert "evidence.manifest.json" in page  # the cover names what to verify against
    assert "cdn.plot.ly" not in page and "https://cdn" not in page
    scripts = re.findall(rf'<script[^>]*{MARKER}="([^"]+)"[^>]*>(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    payload = re.search(r'atob\("([A-Za-z0-9+/=]+)"\)', scripts[0][1]).group(1)  # type: ignore[union-attr]
    bundle = gzip.decompress(base64.b64decode(payload)).decode()
    assert bundle.startswith("/**\n* plotly.js v") and "window.Plotly = Plotly" in bundle
    assert "cdn.plot.ly" not in bundle
    nb = nbformat.read(exported["result"].notebook, as_version=4)
    assert page.count('class="plotly-graph-div"') == len(_cells(nb, "chart"))


@pytest.mark.browser
def test_html_draws_every_chart_with_the_network_cut(exported: dict[str, Any]) -> None:
    from playwright.sync_api import sync_playwright

    nb = nbformat.read(exported["result"].notebook, as_version=4)
    charts = len(_cells(nb, "chart"))
    requested: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def route(r: Any) -> None:
                if r.request.url.startswith(("file:", "data:", "blob:")):
                    r.continue_()
                else:
                    requested.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((exported["dir"] / "evidence.html").as_uri())
            page.wait_for_function(
                f"document.querySelectorAll('.plotly-graph-div .main-svg').length >= {charts}",
                timeout=90_000,
            )
            drawn = page.evaluate("document.querySelectorAll('.plotly-graph-div .main-svg').length")
            bars = page.evaluate("document.querySelectorAll('.plotly-graph-div g.point').length")
        finally:
            browser.close()
    assert drawn >= charts and bars > 0
    assert requested == [] and errors == []


def test_verify_then_tamper_one_byte(
    exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ("ipynb", "sidecar.json", "manifest.json", "html")
    for name in (f"evidence.{n}" for n in names):
        shutil.copy(exported["dir"] / name, tmp_path / name)
    shutil.copytree(exported["dir"] / "evidence.files", tmp_path / "evidence.files")
    nb_path, side_path = tmp_path / "evidence.ipynb", tmp_path / "evidence.sidecar.json"
    # Intact and matching the recorded hash, but unsigned: exit 2, never a plain OK.
    assert main(["verify", str(nb_path), "--expect", exported["result"].manifest_sha256]) == 2
    out = capsys.readouterr().out
    assert out.startswith("UNSIGNED") and "evidence.sidecar.json OK" in out

    raw = nb_path.read_bytes()
    needle = b'AccountMFAEnabled\\": '  # in the recorded response under IAM-01's replay cell
    assert raw.count(needle) == 1
    digit = raw.index(needle) + len(needle)
    assert raw[digit : digit + 1] in (b"0", b"1")
    nb_path.write_bytes(
        raw[:digit] + (b"1" if raw[digit : digit + 1] == b"0" else b"0") + raw[digit + 1 :]
    )
    assert main(["verify", str(nb_path)]) == 1
    out = capsys.readouterr().out
    assert "cell-changed: cell" in out and "id=iam-01-replay replay IAM-01" in out
    assert out.count("cell-changed") == 1 and "changed: outputs" in out

    shutil.copy(exported["dir"] / "evidence.ipynb", nb_path)
    data = side_path.read_bytes()
    at = data.index(b'"SummaryMap"')
    colon = data.index(b":", data.index(b'"Users"', at)) + 1
    side_path.write_bytes(data[:colon] + bytes([data[colon] ^ 1]) + data[colon + 1 :])
    assert main(["verify", str(nb_path)]) == 1
    out = capsys.readouterr().out
    assert "file-changed: evidence.sidecar.json" in out and "cell-changed" not in out


def test_no_secret_in_any_export(exported: dict[str, Any]) -> None:
    files = sorted(p for p in exported["dir"].iterdir() if p.is_file())
    names = {p.name for p in files}
    assert names >= {
        "evidence.ipynb",
        "evidence.sidecar.json",
        "evidence.html",
        "results.csv",
        "results.ocsf.json",
        "results.xml",
    }
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert SEEDED not in text, path.name
        assert SECRET_KEY not in text and json.dumps(SECRET_KEY)[1:-1] not in text, path.name
    # ...and not because the secret-bearing responses were left out: the Lambda listing with
    # the DB_PASSWORD variable went through, its value redacted.
    sidecar = (exported["dir"] / "evidence.sidecar.json").read_text()
    assert '"DB_PASSWORD":"***REDACTED***"' in sidecar
    # The workshop's virtual MFA device comes back with its TOTP seed; no export keeps it.
    assert '"Base32StringSeed":"***REDACTED***"' in sidecar


def test_standard_outputs_of_the_assessment(exported: dict[str, Any]) -> None:
    import csv
    import xml.etree.ElementTree as ET

    latest = exported["assessment"].latest_results()
    rows = list(csv.DictReader((exported["dir"] / "results.csv").open(encoding="utf-8")))
    assert len(rows) == len(latest)
    assert {(r["check_id"], r["resource"], r["status"]) for r in rows} == {
        (r.check_id, r.resource, r.status.value) for r in latest
    }
    events = json.loads((exported["dir"] / "results.ocsf.json").read_text())
    assert len(events) == len(latest) and {e["class_uid"] for e in events} == {2003}
    root = ET.parse(exported["dir"] / "results.xml").getroot()
    assert int(root.get("tests", -1)) == len(latest)
    assert int(root.get("failures", -1)) == sum(1 for r in latest if r.status.value == "FAIL")


def test_attached_evidence_files_travel_with_the_export(
    exported: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = exported["dir"]
    copies = sorted((out / "evidence.files").rglob("*"))
    copies = [p for p in copies if p.is_file()]
    assert [p.parent.name for p in copies] == ["IAM-01-Q01"]
    assert copies[0].name.endswith("-break-glass.pdf")
    assert hashlib.sha256(copies[0].read_bytes()).hexdigest() == exported["policy_sha"]
    rel = copies[0].relative_to(out).as_posix()
    manifest = json.loads((out / "evidence.manifest.json").read_text())
    assert manifest["files"][rel] == exported["policy_sha"]
    assert f'href="{rel}"' in (out / "evidence.html").read_text()

    shutil.copytree(out, tmp_path / "copy")
    copy = tmp_path / "copy"
    (copy / rel).write_bytes(b"%PDF-1.4 a different procedure")
    assert main(["verify", str(copy / "evidence.ipynb")]) == 1
    assert f"file-changed: {rel}" in capsys.readouterr().out


def _forms(value: str) -> set[str]:
    """A secret as it could appear in a file: raw, JSON-escaped, HTML-escaped."""
    import html

    return {value, json.dumps(value)[1:-1], html.escape(value), html.escape(json.dumps(value))}


def test_secrets_in_tags_and_user_data_reach_no_output(
    exported: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's crafted variants, seeded as tags on the workshop bastion: found by value."""
    for key, value in exported["env"].items():
        if key.startswith(("AWS_", "SECCHECK_")):
            monkeypatch.setenv(key, value)
    state: Path = exported["state"]
    out = tmp_path / "run"
    out.mkdir()
    for name in ("results.json", "results.csv", "results.ocsf.json", "results.xml"):
        code = main(["run", "--items", "INF-01,IAM-04", "--quiet", "--output", str(out / name)])
        assert code in (0, 1), name  # 1: failures found, not an error
    from seccheck.locking import backup_path

    bak = backup_path(state)
    exported_files = [p for p in exported["dir"].rglob("*") if p.is_file()]
    files = [*exported_files, state, bak, *out.iterdir()]
    assert bak.is_file() and len(files) >= 12
    secrets = [*LEAKY_TAGS.values(), FAKE_SECRET_KEY, "Pg-Tag-S3cret", "Hunter2-Prod-Tag!"]
    # User data read by the IAM-04-C05 secret scan: a verdict is kept, never the value.
    secrets += [LT_KEY_ID, LT_SECRET_KEY, USER_DATA_SECRET]
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in secrets:
            found = [form for form in _forms(secret) if form in text]
            assert not found, f"{path.name} holds the tag secret {secret[:12]}..."
    # ...and not because the tags were left out: the bastion's tags are there, values redacted.
    for path in (out / "results.json", state, exported["dir"] / "evidence.sidecar.json"):
        text = re.sub(r"\s", "", path.read_text(encoding="utf-8"))
        assert '"Key":"owner-note","Value":"***REDACTED***"' in text, path.name
        assert '"Key":"Name","Value":"acme-bastion"' in text, path.name
        # The user data scan ran and kept its verdict.
        assert "acme-legacy-worker-lt" in text and "IAM-04-C05" in text, path.name


def test_notebook_verification_and_export_send_only_allowed_operations(
    exported: dict[str, Any],
) -> None:
    from tests.aws.test_guard import refused_records

    assessment = exported["assessment"]
    records = [c for run in assessment.runs for c in run.calls.values()]
    assert len(records) > 100
    assert refused_records(records) == []
    sidecar = json.loads((exported["dir"] / "evidence.sidecar.json").read_text())
    assert sidecar["entries"]
