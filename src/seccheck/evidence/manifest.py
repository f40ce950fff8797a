"""Tamper evidence for evidence notebooks: a SHA-256 per cell and a manifest over all of them.

Each cell's hash covers what an auditor reads (cell type, id, source, outputs, attachments), the
metadata that changes what is shown (hidden source or outputs, collapsed, tags) and our own
`seccheck` cell metadata (results, answers, call ids), in a canonical form that JupyterLab's
save does not change (line splitting, mime-bundle order, absent vs false flags); editor state
such as execution timings is left out, so opening and saving in JupyterLab does not break it.
The manifest (notebook metadata `seccheck.manifest`) lists the cells in order with their hashes,
the hash of the notebook-level `seccheck` metadata and the SHA-256 of the sidecar file, and a
hash over all of that. An optional HMAC (key from the caller) lets a holder of the key tell a
re-sealed notebook from the original; without a key, record the printed manifest hash elsewhere
(ticket, e-mail) and pass it to `verify --expect`.

Jupyter's own "trust" signatures are per-user render permissions, not integrity, and are not
used here.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .digest import canonical_json, sha256_hex

NAMESPACE = "seccheck"
CANONICALIZATION = "seccheck-cell-v2"
CANONICALIZATIONS = ("seccheck-cell-v1", CANONICALIZATION)


def _text(value: Any) -> str:
    # nbformat stores multi-line strings either as one string or as a list of lines.
    return "".join(value) if isinstance(value, list) else str(value or "")


PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Renderings a JupyterLab renderer adds to a bundle on its own: jupyterlab-plotly stores a PNG of
# the chart it drew beside the figure JSON, so a plain open-and-save would otherwise "change" it.
DERIVED_MIMES = {PLOTLY_MIME: ("image/png",)}


def js_numbers(value: Any) -> Any:
    """JSON as a browser writes it back: 0.0 becomes 0 (JavaScript has one number type)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [js_numbers(v) for v in value]
    return value


def _output(out: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {"output_type": out.get("output_type")}
    if "name" in out:
        doc["name"] = out["name"]
    if "text" in out:
        doc["text"] = _text(out["text"])
    if "data" in out:
        # nbformat splits text mimetypes into lines on disk, never JSON ones.
        derived = {m for src, ms in DERIVED_MIMES.items() if src in out["data"] for m in ms}
        doc["data"] = {
            mime: (js_numbers(v) if mime.endswith("json") else _text(v))
            for mime, v in out["data"].items()
            if mime not in derived
        }
    for key in ("ename", "evalue", "traceback"):
        if key in out:
            doc[key] = out[key]
    return doc


def display_state(cell: dict[str, Any]) -> dict[str, Any]:
    """The cell metadata that changes what a reader sees; absent and false are the same."""
    meta = cell.get("metadata", {}) or {}
    jupyter = meta.get("jupyter", {}) or {}
    return {
        "source_hidden": bool(jupyter.get("source_hidden")),
        "outputs_hidden": bool(jupyter.get("outputs_hidden")),
        "collapsed": bool(meta.get("collapsed")),
        "heading_collapsed": bool(
            meta.get("heading_collapsed") or jupyter.get("heading_collapsed")
        ),
        "tags": sorted(str(t) for t in meta.get("tags", []) or []),
    }


def cell_payload(cell: dict[str, Any], version: str = CANONICALIZATION) -> dict[str, Any]:
    """Return what a cell hash covers, in canonical form (`version`: the manifest's)."""
    own = dict(cell.get("metadata", {}).get(NAMESPACE, {}))
    own.pop("sha256", None)
    payload = {
        "cell_type": cell.get("cell_type"),
        "id": cell.get("id"),
        "source": _text(cell.get("source", "")),
        "outputs": [_output(o) for o in cell.get("outputs", [])],
        "attachments": cell.get("attachments") or {},
        "metadata": own,
    }
    if version != "seccheck-cell-v1":
        payload["display"] = display_state(cell)
    return payload


def cell_hash(cell: dict[str, Any], version: str = CANONICALIZATION) -> str:
    return sha256_hex(canonical_json(cell_payload(cell, version)))


def metadata_hash(nb: dict[str, Any]) -> str:
    """Hash of the notebook-level seccheck metadata, without the manifest itself."""
    own = dict(nb.get("metadata", {}).get(NAMESPACE, {}))
    own.pop("manifest", None)
    return sha256_hex(canonical_json(own))


def _manifest_core(manifest: dict[str, Any]) -> dict[str, Any]:
    return {
        k: manifest[k]
        for k in ("algorithm", "canonicalization", "cells", "metadata_sha256", "sidecar")
    }


def seal(
    nb: dict[str, Any], sidecar: dict[str, str] | None, key: bytes | None = None
) -> dict[str, Any]:
    """Write each cell's hash into its metadata and the manifest into the notebook; return it.

    `sidecar` is {"file": name beside the notebook, "sha256": hash of its bytes} or None.
    """
    cells = []
    for cell in nb["cells"]:
        own = cell.setdefault("metadata", {}).setdefault(NAMESPACE, {})
        own.pop("sha256", None)
        own["part_sha256"] = part_hashes(cell)
        digest = cell_hash(cell)
        own["sha256"] = digest
        cells.append([cell["id"], digest])
    meta = nb.setdefault("metadata", {}).setdefault(NAMESPACE, {})
    meta.pop("manifest", None)
    manifest: dict[str, Any] = {
        "algorithm": "sha256",
        "canonicalization": CANONICALIZATION,
        "cells": cells,
        "metadata_sha256": metadata_hash(nb),
        "sidecar": sidecar,
    }
    manifest["sha256"] = sha256_hex(canonical_json(_manifest_core(manifest)))
    if key:
        manifest["hmac_sha256"] = hmac.new(
            key, manifest["sha256"].encode(), hashlib.sha256
        ).hexdigest()
    meta["manifest"] = manifest
    return manifest


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a notebook no longer matches its manifest."""

    kind: str  # cell-changed, cell-added, cell-removed, cells-reordered, metadata-changed,
    # manifest-changed, no-manifest, sidecar-changed, sidecar-missing, signature-bad,
    # unexpected-hash, unreadable
    where: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class VerifyReport:
    """Outcome of `verify_evidence`: intact or not (each difference named), and signed by whom.

    `ok` says intact; `exit_code` is what `seccheck verify` returns: 0 intact and signed by a
    trusted key, 1 changed, 2 intact but UNSIGNED (no signature, no signer given, or untrusted).
    """

    path: Path
    manifest_sha256: str = ""
    cells_checked: int = 0
    sidecar: str | None = None
    signature: str = "none"  # legacy HMAC: none, valid, not-checked (no key given)
    files_checked: list[str] = field(default_factory=list)
    trust: str = "unsigned"  # unsigned, no-signer-given, untrusted, trusted
    signer: str = ""  # principal and fingerprint of the key that signed the manifest file
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 1
        return 0 if self.trust == "trusted" else 2

    def of_kind(self, *kinds: str) -> list[Problem]:
        return [p for p in self.problems if p.kind in kinds]

    @property
    def changed_cells(self) -> list[str]:
        return [p.where for p in self.of_kind("cell-changed")]

    def _intact(self) -> str:
        files = self.files_checked or ([self.sidecar] if self.sidecar else [])
        extra = f"; {', '.join(files)} OK" if files else ""
        sig = {
            "valid": "; HMAC valid (deprecated: use --sign)",
            "not-checked": "; HMAC present, not checked (no key)",
        }.get(self.signature, "")
        return (
            f"{self.path.name}: {self.cells_checked} cells match the manifest "
            f"{self.manifest_sha256[:16]}...{extra}{sig}"
        )

    def __str__(self) -> str:
        if self.ok and self.trust == "trusted":
            return f"OK: {self._intact()}; signed by {self.signer}"
        if self.ok:
            why = {
                "unsigned": "no SSH signature of the manifest (export with --sign KEY)",
                "no-signer-given": f"signed by {self.signer}, but no --signer was given to "
                "trust it",
                "untrusted": f"signed by {self.signer}, which is not among the trusted signers",
            }.get(self.trust, self.trust)
            return f"UNSIGNED: {why}\n  intact: {self._intact()}"
        lines = [f"CHANGED: {self.path.name}: {len(self.problems)} problem(s)"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def _label(cell: dict[str, Any], index: int) -> str:
    own = cell.get("metadata", {}).get(NAMESPACE, {})
    parts = [f"cell {index + 1} id={cell.get('id')}"]
    if own.get("role"):
        parts.append(own["role"])
    if own.get("item_id"):
        parts.append(own["item_id"])
    return " ".join(parts)


def verify_notebook(
    nb: dict[str, Any],
    path: Path,
    *,
    key: bytes | None = None,
    expect: str | None = None,
) -> VerifyReport:
    """Compare a notebook (and its sidecar beside `path`) with its own manifest."""
    report = VerifyReport(path=path)
    manifest = nb.get("metadata", {}).get(NAMESPACE, {}).get("manifest")
    if not isinstance(manifest, dict) or "cells" not in manifest:
        report.problems.append(
            Problem("no-manifest", path.name, "not a sealed seccheck evidence notebook")
        )
        return report
    report.manifest_sha256 = str(manifest.get("sha256", ""))
    try:
        recomputed = sha256_hex(canonical_json(_manifest_core(manifest)))
    except KeyError as exc:
        report.problems.append(
            Problem("manifest-changed", "metadata.seccheck.manifest", f"missing {exc}")
        )
        return report
    if recomputed != manifest.get("sha256"):
        report.problems.append(
            Problem(
                "manifest-changed",
                "metadata.seccheck.manifest",
                "its hash does not match its content",
            )
        )
    if expect and expect.lower() != str(manifest.get("sha256", "")).lower():
        report.problems.append(
            Problem(
                "unexpected-hash",
                "metadata.seccheck.manifest",
                f"manifest hash is {manifest.get('sha256')}, expected {expect}",
            )
        )
    _check_signature(report, manifest, key)
    if metadata_hash(nb) != manifest.get("metadata_sha256"):
        report.problems.append(
            Problem(
                "metadata-changed",
                "metadata.seccheck",
                "notebook-level evidence metadata (scope, runs, versions) differs",
            )
        )
    _check_cells(report, nb, manifest)
    _check_sidecar(report, manifest.get("sidecar"), path)
    return report


def _check_signature(report: VerifyReport, manifest: dict[str, Any], key: bytes | None) -> None:
    signed = manifest.get("hmac_sha256")
    if not signed:
        if key:
            report.problems.append(
                Problem(
                    "signature-bad",
                    "metadata.seccheck.manifest",
                    "a key was given but the manifest carries no HMAC",
                )
            )
        return
    if not key:
        report.signature = "not-checked"
        return
    want = hmac.new(key, str(manifest.get("sha256", "")).encode(), hashlib.sha256).hexdigest()
    if hmac.compare_digest(want, str(signed)):
        report.signature = "valid"
    else:
        report.problems.append(
            Problem(
                "signature-bad",
                "metadata.seccheck.manifest",
                "HMAC does not match (wrong key, or the manifest was re-sealed)",
            )
        )


def _check_cells(report: VerifyReport, nb: dict[str, Any], manifest: dict[str, Any]) -> None:
    version = str(manifest.get("canonicalization") or "seccheck-cell-v1")
    expected = {cid: digest for cid, digest in manifest["cells"]}
    order = [cid for cid, _ in manifest["cells"]]
    cells = nb.get("cells", [])
    report.cells_checked = len(cells)
    present = []
    for index, cell in enumerate(cells):
        cid = cell.get("id")
        label = _label(cell, index)
        if cid not in expected:
            report.problems.append(Problem("cell-added", label, "not in the manifest"))
            continue
        present.append(cid)
        actual = cell_hash(cell, version)
        stored = cell.get("metadata", {}).get(NAMESPACE, {}).get("sha256")
        if actual != expected[cid]:
            what = _what_changed(cell)
            report.problems.append(Problem("cell-changed", label, what))
        elif stored != expected[cid]:
            report.problems.append(Problem("cell-changed", label, "its stored hash was altered"))
    for cid in order:
        if cid not in present and not any(c.get("id") == cid for c in cells):
            report.problems.append(
                Problem("cell-removed", f"id={cid}", "listed in the manifest, missing")
            )
    kept = [cid for cid in order if cid in present]
    if kept != present:
        first = next(i for i, (a, b) in enumerate(zip(kept, present, strict=False)) if a != b)
        report.problems.append(
            Problem(
                "cells-reordered",
                f"from id={present[first]}",
                f"manifest order has id={kept[first]} at this position",
            )
        )


def _what_changed(cell: dict[str, Any]) -> str:
    """Say which part of the cell no longer matches (source, outputs, metadata)."""
    hints = cell.get("metadata", {}).get(NAMESPACE, {}).get("part_sha256") or {}
    now = part_hashes(cell)
    parts = [
        part
        for part in ("source", "outputs", "metadata", "display")
        if part in hints and now.get(part) != hints[part]
    ]
    return "changed: " + ", ".join(parts) if parts else "content differs from the manifest"


def part_hashes(cell: dict[str, Any]) -> dict[str, str]:
    """Per-part hashes kept beside the cell hash, so verify can say what changed."""
    payload = cell_payload(cell)
    payload["metadata"].pop("part_sha256", None)
    return {
        part: sha256_hex(canonical_json(payload[part]))
        for part in ("source", "outputs", "metadata", "display")
    }


def _check_sidecar(report: VerifyReport, sidecar: dict[str, Any] | None, path: Path) -> None:
    if not sidecar:
        return
    from .sidecar import changed_entries

    file = path.parent / str(sidecar.get("file", ""))
    report.sidecar = file.name
    if not file.is_file():
        report.problems.append(
            Problem("sidecar-missing", file.name, "the notebook references it by SHA-256")
        )
        return
    data = file.read_bytes()
    if sha256_hex(data) != sidecar.get("sha256"):
        entries = changed_entries(data)
        detail = ("entries changed: " + ", ".join(entries[:10])) if entries else "bytes differ"
        report.problems.append(Problem("sidecar-changed", file.name, detail))
