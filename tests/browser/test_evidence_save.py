"""Opening a signed evidence notebook in JupyterLab and saving it keeps `seccheck verify` at OK.

JupyterLab rewrites a notebook when it saves it (line splitting, mime-bundle order, the PNG the
plotly renderer adds beside a chart, execution metadata): the seal hashes a canonical form, so
only a real edit is reported.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from lab_helpers import open_notebook, shoot

from seccheck.cli import main
from seccheck.runner import RunReport

pytestmark = pytest.mark.browser


def _write_key(folder: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    private, public = folder / "signer", folder / "signer.pub"
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH))
    return private, public


def _save_and_wait(page, path: Path) -> None:
    before = path.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"JupyterLab did not save {path.name}")
        time.sleep(0.2)
    time.sleep(0.5)  # the contents API writes in one go, but let the rename settle


def test_open_save_verify_then_an_edit_fails(page, lab, workshop_report: RunReport, tmp_path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps(workshop_report.to_dict(), default=str))
    private, public = _write_key(tmp_path)
    made = tmp_path / "ev" / "evidence.ipynb"
    made.parent.mkdir()
    assert main(["export", str(source), "--out", str(made), "--sign", str(private)]) == 0
    folder = lab.root / "evidence-save"
    shutil.copytree(made.parent, folder)
    nb_path = folder / "evidence.ipynb"
    original = nb_path.read_bytes()

    open_notebook(page, lab, "evidence-save/evidence.ipynb")
    # Charts rendered by JupyterLab's plotly renderer (which adds a PNG to the output on save).
    page.locator(".jp-NotebookPanel .js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(3_000)
    page.locator(".jp-NotebookPanel .jp-Cell").first.click()
    page.keyboard.press("Escape")
    _save_and_wait(page, nb_path)
    shoot(page, "evidence-saved")
    assert nb_path.read_bytes() != original  # JupyterLab did rewrite the file
    assert main(["verify", str(nb_path), "--signer", str(public)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.startswith("OK")

    cover = page.locator(".jp-NotebookPanel .jp-MarkdownCell").first
    cover.dblclick()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nEdited after export.")
    page.keyboard.press("Shift+Enter")
    _save_and_wait(page, nb_path)
    assert main(["verify", str(nb_path), "--signer", str(public)]) == 1
    out = capsys.readouterr().out
    assert "cell-changed: cell 1 id=cover cover" in out and "changed: source" in out
