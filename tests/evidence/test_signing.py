"""SSHSIG signatures: interoperable with OpenSSH's ssh-keygen in both directions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from seccheck.evidence import signing

SSH_KEYGEN = "/usr/bin/ssh-keygen"


def write_key(folder: Path, name: str, comment: str = "") -> tuple[Path, Path]:
    """An OpenSSH ed25519 key pair written by cryptography (as `ssh-keygen -t ed25519` would)."""
    key = Ed25519PrivateKey.generate()
    private = folder / name
    private.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    private.chmod(0o600)
    public = folder / f"{name}.pub"
    line = key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    public.write_text(f"{line} {comment}\n".replace(" \n", "\n"))
    return private, public


def allowed_signers(folder: Path, principal: str, *publics: Path, options: str = "") -> Path:
    path = folder / "allowed_signers"
    lines = [
        f"{principal} {options} {p.read_text().split()[0]} {p.read_text().split()[1]}".replace(
            "  ", " "
        )
        for p in publics
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def ssh_keygen(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([SSH_KEYGEN, *args], input=stdin, capture_output=True, timeout=30)


def test_ssh_keygen_verifies_our_signature_and_rejects_a_changed_file(tmp_path: Path) -> None:
    private, public = write_key(tmp_path, "signer", "alice@example.com")
    message = b'{"files": {"evidence.html": "ab12"}}\n'
    sig = tmp_path / "m.sig"
    sig.write_text(signing.sign(message, signing.load_private_key(private)))
    allowed = allowed_signers(tmp_path, "alice@example.com", public)
    args = (
        "-Y",
        "verify",
        "-f",
        str(allowed),
        "-I",
        "alice@example.com",
        "-n",
        "seccheck-evidence",
        "-s",
        str(sig),
    )
    good = ssh_keygen(*args, stdin=message)
    assert good.returncode == 0, good.stderr
    assert b'Good "seccheck-evidence" signature for alice@example.com' in good.stdout
    assert ssh_keygen(*args, stdin=message.replace(b"ab12", b"ab13")).returncode != 0
    wrong_ns = ssh_keygen(*args[:5], "-n", "file", "-s", str(sig), stdin=message)
    assert wrong_ns.returncode != 0


def test_we_verify_ssh_keygen_signatures_and_name_the_key(tmp_path: Path) -> None:
    private, public = write_key(tmp_path, "signer", "bob@example.com")
    data = tmp_path / "manifest.json"
    data.write_bytes(b'{"cells": []}\n')
    made = subprocess.run(
        [SSH_KEYGEN, "-Y", "sign", "-f", str(private), "-n", "seccheck-evidence", str(data)],
        capture_output=True,
        timeout=30,
    )
    assert made.returncode == 0, made.stderr
    armored = (tmp_path / "manifest.json.sig").read_text()
    signer = signing.check_signature(data.read_bytes(), armored)
    printed = subprocess.run(
        [SSH_KEYGEN, "-l", "-f", str(public)], capture_output=True, text=True, check=True
    ).stdout
    assert signer.fingerprint == printed.split()[1]
    trusted = signing.load_trusted(public)
    assert signing.trusted_match(signer, trusted) == trusted[0]
    assert trusted[0].principal == "bob@example.com"
    with pytest.raises(signing.SigningError, match="does not match"):
        signing.check_signature(b'{"cells": [1]}\n', armored)
    with pytest.raises(signing.SigningError, match="namespace"):
        signing.check_signature(data.read_bytes(), armored, namespace="file")


def test_allowed_signers_lines_and_errors(tmp_path: Path) -> None:
    _, one = write_key(tmp_path, "one")
    _, two = write_key(tmp_path, "two")
    allowed = tmp_path / "allowed"
    k1, k2 = (p.read_text().split()[:2] for p in (one, two))
    allowed.write_text(
        "# auditors' trusted signers\n"
        f'alice@example.com,ops@example.com namespaces="seccheck-evidence,file" {" ".join(k1)}\n'
        f'carol@example.com namespaces="git" {" ".join(k2)}\n'
    )
    signers = signing.load_trusted(allowed)
    assert [s.principal for s in signers] == ["alice@example.com,ops@example.com"]
    bad = tmp_path / "bad"
    bad.write_text("alice@example.com ssh-ed25519 !!notbase64\n")
    with pytest.raises(signing.SigningError, match=r"bad:1: malformed"):
        signing.load_trusted(bad)
    with pytest.raises(signing.SigningError, match="cannot read"):
        signing.load_trusted(tmp_path / "missing")
    rsa = tmp_path / "rsa"
    rsa.write_text(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nnonsense\n-----END OPENSSH PRIVATE KEY-----\n"
    )
    with pytest.raises(signing.SigningError, match="not a usable OpenSSH private key"):
        signing.load_private_key(rsa)
