"""Evidence for audits: the sealed evidence notebook, its sidecar, HTML, and verification.

`export_evidence(state_path, out_path)` writes `evidence.ipynb` (outputs in place, a SHA-256 per
cell and a manifest), `evidence.sidecar.json` (whole recorded responses) and, by default,
`evidence.html` (opens offline, charts included). `verify_evidence(path)` says whether any of
it changed, naming the cells or the sidecar. Heavy imports (nbformat, nbconvert, plotly) happen
inside the functions, so importing this package stays cheap.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .manifest import Problem, VerifyReport

if TYPE_CHECKING:
    from .export import ExportResult

__all__ = ["Problem", "VerifyReport", "export_evidence", "verify_evidence", "write_evidence_from"]

KEY_ENV = "SECCHECK_EVIDENCE_KEY"


def _key(key: bytes | str | None) -> bytes | None:
    if key is None:
        key = os.environ.get(KEY_ENV) or None
    if isinstance(key, str):
        key = key.encode()
    return key


def export_evidence(
    state_path: str | Path,
    out_path: str | Path,
    *,
    html: bool = True,
    key: bytes | str | None = None,
    compare: str | Path | None = None,
) -> Path:
    """Export an assessment (or a results JSON) as a sealed evidence notebook; return its path.

    The HTML lands beside it (`evidence.html`), the sidecar too (`evidence.sidecar.json`).
    `key` (or $SECCHECK_EVIDENCE_KEY) adds an HMAC-SHA256 of the manifest. `compare` names an
    earlier assessment / evidence notebook / results JSON to show the changes since.
    Raises SecretLeakError, writing nothing, if any secret material is found.
    """
    return write_evidence_from(state_path, out_path, html=html, key=key, compare=compare).notebook


def write_evidence_from(
    state_path: str | Path,
    out_path: str | Path,
    *,
    html: bool = True,
    key: bytes | str | None = None,
    compare: str | Path | None = None,
) -> ExportResult:
    """Like `export_evidence`, returning sizes, timings and the manifest hash too.

    `compare`: an earlier assessment, evidence notebook or results JSON; the notebook then shows
    what changed since it (by default: since the picture before the assessment's last run).
    """
    from .export import write_evidence
    from .load import load_source, with_baseline

    source = load_source(Path(state_path))
    if compare is not None:
        source = with_baseline(source, Path(compare))
    return write_evidence(
        source, Path(out_path), html=html, key=_key(key), evidence_root=Path(state_path).parent
    )


def verify_evidence(
    path: str | Path,
    *,
    key: bytes | str | None = None,
    expect: str | None = None,
    signers: str | Path | None = None,
) -> VerifyReport:
    """Check an evidence notebook and every file of its export against its manifest.

    `signers`: a public key or an `allowed_signers` file; the report's `trust` says whether the
    manifest file's SSH signature was made by one of them. `key`/`expect` check the legacy
    HMAC and the recorded hash of the manifest embedded in the notebook.
    """
    import json

    from .manifest import verify_notebook
    from .manifest_file import check_manifest_file
    from .signing import load_trusted

    path = Path(path)
    trusted = load_trusted(Path(signers)) if signers is not None else None
    try:
        nb: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        report = VerifyReport(path=path)
        report.problems.append(Problem("unreadable", path.name, str(exc)))
        return report
    legacy = verify_notebook(nb, path, key=_key(key), expect=expect)
    report = VerifyReport(path=path, sidecar=legacy.sidecar, signature=legacy.signature)
    if not check_manifest_file(report, nb, path, trusted):
        return legacy
    report.problems[:0] = legacy.of_kind("manifest-changed", "signature-bad")
    if expect and expect.lower() != report.manifest_sha256:
        report.problems.insert(
            0,
            Problem(
                "unexpected-hash",
                f"{path.stem}.manifest.json",
                f"its SHA-256 is {report.manifest_sha256}, expected {expect}",
            ),
        )
    return report
