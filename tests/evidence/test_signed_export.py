"""`seccheck export --sign` and `seccheck verify --signer`: exit codes an auditor can rely on.

0 only when every cell and file is intact and the manifest is signed by a trusted key; 1 when
anything changed (named); 2 when intact but UNSIGNED (no signature, no signer, untrusted).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_signing import SSH_KEYGEN, allowed_signers, write_key

from seccheck.cli import main
from seccheck.evidence import signing
from seccheck.evidence.manifest import cell_hash, part_hashes
from seccheck.evidence.manifest_file import build_manifest
from seccheck.runner import RunReport


@pytest.fixture(scope="module")
def signed(workshop_report: RunReport, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("signed")
    source = tmp / "results.json"
    source.write_text(json.dumps(workshop_report.to_dict(), default=str))
    private, public = write_key(tmp, "auditee", "auditee@example.com")
    other_private, other_public = write_key(tmp, "other", "mallory@example.com")
    out = tmp / "out" / "evidence.ipynb"
    out.parent.mkdir()
    assert main(["export", str(source), "--out", str(out), "--html", "--sign", str(private)]) == 0
    return {
        "out": out,
        "public": public,
        "other_private": other_private,
        "other_public": other_public,
        "source": source,
        "tmp": tmp,
    }


def _copy(signed: dict[str, Any], to: Path) -> Path:
    shutil.copytree(signed["out"].parent, to)
    return to / "evidence.ipynb"


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["verify", *args])
    return code, capsys.readouterr().out


def test_signed_export_verifies_with_seccheck_and_with_plain_ssh_keygen(
    signed: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out: Path = signed["out"]
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "evidence.html",
        "evidence.ipynb",
        "evidence.manifest.json",
        "evidence.manifest.json.sig",
        "evidence.sidecar.json",
    ]
    code, text = _verify(capsys, str(out), "--signer", str(signed["public"]))
    assert code == 0, text
    assert text.startswith("OK") and "signed by auditee@example.com (SHA256:" in text
    assert "evidence.html" in text and "evidence.sidecar.json" in text
    manifest = json.loads((out.parent / "evidence.manifest.json").read_text())
    assert set(manifest["files"]) == {"evidence.html", "evidence.sidecar.json"}
    assert len(manifest["cells"]) > 50
    # The auditor's own tools, no seccheck: ssh-keygen for the signature ...
    allowed = allowed_signers(signed["tmp"], "auditee@example.com", signed["public"])
    done = subprocess.run(
        [
            SSH_KEYGEN,
            "-Y",
            "verify",
            "-f",
            str(allowed),
            "-I",
            "auditee@example.com",
            "-n",
            "seccheck-evidence",
            "-s",
            str(out.parent / "evidence.manifest.json.sig"),
        ],
        input=(out.parent / "evidence.manifest.json").read_bytes(),
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    # ... and sha256sum for the files it lists.
    sums = subprocess.run(
        ["sha256sum", *manifest["files"]],
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert {line.split()[1]: line.split()[0] for line in sums.splitlines()} == manifest["files"]
    # The cover names the signer and the ssh-keygen command.
    cover = json.loads(out.read_text())["cells"][0]["source"]
    cover = "".join(cover) if isinstance(cover, list) else cover
    fingerprint = text.split("(SHA256:")[1].split(")")[0]
    assert f"SHA256:{fingerprint}" in cover and "ssh-keygen -Y verify" in cover


def test_untrusted_or_missing_signer_is_unsigned(
    signed: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(signed["out"])
    code, text = _verify(capsys, out)
    assert code == 2 and text.startswith("UNSIGNED") and "no --signer" in text
    code, text = _verify(capsys, out, "--signer", str(signed["other_public"]))
    assert code == 2 and text.startswith("UNSIGNED") and "not among the trusted" in text


def test_tampered_file_is_named(
    signed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb = _copy(signed, tmp_path / "copy")
    html = nb.with_suffix(".html")
    html.write_text(html.read_text().replace("</body>", "<p>all good</p></body>"))
    code, text = _verify(capsys, str(nb), "--signer", str(signed["public"]))
    assert code == 1 and "file-changed: evidence.html" in text
    html.unlink()
    code, text = _verify(capsys, str(nb), "--signer", str(signed["public"]))
    assert code == 1 and "file-missing: evidence.html" in text


def _forge(nb_path: Path) -> tuple[dict[str, Any], bytes]:
    """Edit a results cell and re-seal everything seccheck could re-seal without the key."""
    nb = json.loads(nb_path.read_text())
    cell = next(c for c in nb["cells"] if c["metadata"]["seccheck"].get("role") == "results")
    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = text.replace("FAIL", "PASS")
    own = cell["metadata"]["seccheck"]
    own.pop("sha256")
    own["part_sha256"] = part_hashes(cell)
    own["sha256"] = cell_hash(cell)
    nb_path.write_text(json.dumps(nb, indent=1))
    folder = nb_path.parent
    files = {n: (folder / n).read_bytes() for n in ("evidence.html", "evidence.sidecar.json")}
    return nb, build_manifest(nb, nb_path.name, files)


def test_forged_export_resealed_without_the_key_is_rejected(
    signed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = _copy(signed, tmp_path / "forged")
    _, manifest = _forge(nb_path)
    (nb_path.parent / "evidence.manifest.json").write_bytes(manifest)
    # The old signature no longer matches the re-sealed manifest.
    code, text = _verify(capsys, str(nb_path), "--signer", str(signed["public"]))
    assert code == 1 and "signature-bad: evidence.manifest.json.sig" in text
    # Dropping the signature leaves an intact but UNSIGNED export, never OK.
    (nb_path.parent / "evidence.manifest.json.sig").unlink()
    code, text = _verify(capsys, str(nb_path), "--signer", str(signed["public"]))
    assert code == 2 and text.startswith("UNSIGNED")


def test_forged_export_signed_by_another_key_is_rejected(
    signed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = _copy(signed, tmp_path / "forged")
    _, manifest = _forge(nb_path)
    (nb_path.parent / "evidence.manifest.json").write_bytes(manifest)
    key = signing.load_private_key(signed["other_private"])
    (nb_path.parent / "evidence.manifest.json.sig").write_text(signing.sign(manifest, key))
    code, text = _verify(capsys, str(nb_path), "--signer", str(signed["public"]))
    assert code == 2 and "not among the trusted signers" in text


def test_unusable_key_writes_nothing(
    signed: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "key"
    key.write_text("not a key\n")
    out = tmp_path / "out" / "evidence.ipynb"
    out.parent.mkdir()
    assert main(["export", str(signed["source"]), "--out", str(out), "--sign", str(key)]) == 2
    assert "cannot sign" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []
