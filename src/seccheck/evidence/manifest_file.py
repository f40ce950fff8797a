r"""The manifest as its own file beside the notebook, and its detached SSH signature.

`evidence.manifest.json` lists every cell's canonical SHA-256 (in order), the hash of the
notebook-level evidence metadata, and the SHA-256 of every other file of the export (sidecar,
HTML, PDF, attached evidence files), by path relative to the notebook's folder.
`evidence.manifest.json.sig` is an SSHSIG signature of those exact bytes (namespace
`seccheck-evidence`), so an auditor can check it without seccheck:

    ssh-keygen -Y verify -f allowed_signers -I SIGNER -n seccheck-evidence \\
        -s evidence.manifest.json.sig < evidence.manifest.json

and then compare each listed SHA-256 with `sha256sum`; `seccheck verify` does both, and also
recomputes the cell hashes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import signing
from .manifest import (
    CANONICALIZATION,
    NAMESPACE,
    Problem,
    VerifyReport,
    _check_cells,
    metadata_hash,
    sha256_hex,
)

SCHEMA = "seccheck.evidence.manifest/v2"


def manifest_path(notebook: Path) -> Path:
    """`evidence.ipynb` -> `evidence.manifest.json`, beside it."""
    return notebook.with_name(notebook.stem + ".manifest.json")


def signature_path(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + ".sig")


def verify_command(manifest_name: str) -> str:
    """The plain OpenSSH command an auditor runs (shown on the cover and in the README)."""
    return (
        "ssh-keygen -Y verify -f allowed_signers -I SIGNER -n "
        f"{signing.NAMESPACE} -s {manifest_name}.sig < {manifest_name}"
    )


def build_manifest(
    nb: dict[str, Any],
    notebook_name: str,
    files: dict[str, bytes],
    signer: signing.Signer | None = None,
) -> bytes:
    """The manifest file's bytes: cell hashes as sealed in `nb`, and a SHA-256 per file."""
    doc = {
        "schema": SCHEMA,
        "canonicalization": CANONICALIZATION,
        "notebook": notebook_name,
        "generated_at": nb.get("metadata", {}).get(NAMESPACE, {}).get("generated_at"),
        "signer": {"key": signer.openssh, "fingerprint": signer.fingerprint} if signer else None,
        "cells": [[c["id"], c["metadata"][NAMESPACE]["sha256"]] for c in nb["cells"]],
        "metadata_sha256": metadata_hash(nb),
        "files": {name: sha256_hex(data) for name, data in sorted(files.items())},
    }
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def check_manifest_file(
    report: VerifyReport,
    nb: dict[str, Any],
    notebook: Path,
    trusted: list[signing.Signer] | None,
) -> bool:
    """Check `nb` and its files against the manifest file; False when there is none."""
    path = manifest_path(notebook)
    if not path.is_file():
        return False
    data = path.read_bytes()
    report.manifest_sha256 = sha256_hex(data)
    try:
        doc = json.loads(data)
        if doc.get("schema") != SCHEMA:
            raise ValueError(f"schema {doc.get('schema')!r}, expected {SCHEMA}")
    except ValueError as exc:
        report.problems.append(Problem("manifest-changed", path.name, f"unreadable: {exc}"))
        return True
    _check_signature(report, data, path, trusted)
    if metadata_hash(nb) != doc.get("metadata_sha256"):
        report.problems.append(
            Problem(
                "metadata-changed",
                "metadata.seccheck",
                "notebook-level evidence metadata (scope, runs, versions) differs",
            )
        )
    _check_cells(report, nb, doc)
    for name, digest in sorted((doc.get("files") or {}).items()):
        file = (notebook.parent / name).resolve()
        if notebook.parent.resolve() not in file.parents:
            report.problems.append(Problem("manifest-changed", name, "path leaves the folder"))
            continue
        report.files_checked.append(name)
        if not file.is_file():
            report.problems.append(Problem("file-missing", name, "listed in the manifest"))
        elif sha256_hex(file.read_bytes()) != digest:
            report.problems.append(Problem("file-changed", name, _file_detail(file)))
    return True


def _file_detail(file: Path) -> str:
    if file.name.endswith(".sidecar.json"):
        from .sidecar import changed_entries

        entries = changed_entries(file.read_bytes())
        if entries:
            return "entries changed: " + ", ".join(entries[:10])
    return "SHA-256 differs from the manifest"


def _check_signature(
    report: VerifyReport, data: bytes, path: Path, trusted: list[signing.Signer] | None
) -> None:
    sig = signature_path(path)
    if not sig.is_file():
        report.trust = "unsigned"
        return
    try:
        signer = signing.check_signature(data, sig.read_text(encoding="utf-8", errors="replace"))
    except signing.SigningError as exc:
        report.problems.append(
            Problem(
                "signature-bad",
                sig.name,
                f"{exc} (the manifest was changed or re-sealed after signing)",
            )
        )
        return
    match = signing.trusted_match(signer, trusted or [])
    if match is not None:
        report.trust = "trusted"
        report.signer = f"{match.principal or 'trusted key'} ({signer.fingerprint})"
    else:
        report.trust = "untrusted" if trusted else "no-signer-given"
        report.signer = signer.fingerprint
