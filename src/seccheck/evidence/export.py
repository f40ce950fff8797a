"""Building and writing the evidence notebook (and its sidecar and HTML) from an EvidenceSource.

Order of work: build every cell with its outputs in place, move whole responses to the sidecar,
seal (cell hashes + manifest), validate with nbformat, render HTML, scan everything for secrets,
and only then write, sidecar first. Nothing is written when any step fails.
"""

from __future__ import annotations

import platform
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .._version import __version__
from ..notebooks import KERNELSPEC
from . import content, figures, replay
from .manifest import NAMESPACE, seal
from .sidecar import Sidecar, pack_results, sidecar_path
from .source import EvidenceSource

SCHEMA = "seccheck.evidence/v1"
APPENDIX_ROWS_PER_CELL = 500


@dataclass
class ExportResult:
    notebook: Path
    sidecar: Path
    html: Path | None
    manifest_sha256: str
    pdf: Path | None = None
    manifest: Path | None = None
    signature: Path | None = None
    signer: str | None = None
    sizes: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    cells: int = 0
    calls: int = 0
    results: int = 0


class _Builder:
    """Accumulates cells with stable ids and our namespaced metadata."""

    def __init__(self) -> None:
        import nbformat

        self.v4 = nbformat.v4
        self.cells: list[Any] = []

    def _meta(
        self,
        cell: Any,
        cell_id: str,
        role: str,
        item_id: str | None,
        tags: list[str],
        extra: dict[str, Any],
    ) -> Any:
        cell.id = cell_id
        own: dict[str, Any] = {"role": role, **extra}
        if item_id:
            own["item_id"] = item_id
        cell.metadata[NAMESPACE] = own
        cell.metadata["tags"] = ["seccheck-evidence", *tags]
        self.cells.append(cell)
        return cell

    def markdown(
        self, cell_id: str, text: str, role: str, item_id: str | None = None, **extra: Any
    ) -> Any:
        return self._meta(self.v4.new_markdown_cell(text), cell_id, role, item_id, [], extra)

    def code(
        self,
        cell_id: str,
        source: str,
        outputs: list[dict[str, Any]],
        role: str,
        item_id: str | None = None,
        tags: list[str] | None = None,
        **extra: Any,
    ) -> Any:
        cell = self.v4.new_code_cell(source)
        cell.outputs = [self.v4.new_output(**o) for o in outputs]
        return self._meta(cell, cell_id, role, item_id, tags or [], extra)


def _cid(*parts: str) -> str:
    return "-".join(p.lower().replace("_", "-") for p in parts)[:64]


def build_notebook(
    src: EvidenceSource,
    *,
    notebook_name: str,
    sidecar_name: str,
    generated_at: str | None = None,
    signer: str | None = None,
) -> tuple[Any, Sidecar]:
    """Build the evidence notebook (not yet sealed) and the sidecar holding whole responses."""
    import nbformat

    generated_at = generated_at or datetime.now(timezone.utc).isoformat(timespec="seconds").replace(
        "+00:00", "Z"
    )
    tool = _tool_versions()
    b = _Builder()
    checklist = src.checklist
    b.markdown("cover", content.cover(src, generated_at, tool, notebook_name, signer), "cover")
    b.markdown(
        "summary",
        content.summary(src),
        "summary",
        counts={
            s.value: sum(1 for r in src.results if r.status is s) for s in content.STATUS_ORDER
        },
    )
    b.code(
        "plotlyjs",
        figures.PLOTLYJS_SOURCE,
        [figures.plotlyjs_output()],
        "plotlyjs",
        tags=["plotlyjs"],
    )
    charts = [
        ("chart-severity", figures.status_by_severity_source(src)),
        ("chart-sections", figures.status_by_section_source(src)),
        ("chart-answers", figures.answers_source(src)),
    ]
    if src.item_statuses:
        charts.insert(0, ("chart-items", figures.verdicts_source(src)))
    for cid, source in charts:
        b.code(cid, source, [figures.render(source, f"seccheck-{cid}")], "chart", tags=["chart"])
    if src.previous_results is not None:
        from .diff import Snapshot, diff_snapshots
        from .diff_cells import diff_section_cells

        old = Snapshot(
            results=src.previous_results,
            answers=src.previous_answers or {},
            acceptances=src.previous_acceptances,
            label=src.previous_label
            or (f"the picture before {src.runs[-1].id}" if src.runs else "previous"),
        )
        new = Snapshot(
            results=src.results,
            answers=src.answers,
            label=src.runs[-1].id if src.runs else "latest",
            acceptances=src.acceptances_known,
        )
        for cell in diff_section_cells(diff_snapshots(old, new)):
            b.cells.append(cell)
    from .accepted import accepted_section

    b.markdown("accepted", accepted_section(src), "accepted")
    b.markdown("contents", content.contents(src), "contents")
    roles = {a.get("id"): a.get("via_role") for a in src.scope["accounts"] if a.get("via_role")}
    b.code(
        "replay-setup",
        replay.setup_source(sidecar_name=sidecar_name, roles=roles, version=__version__),
        [],
        "replay-setup",
        tags=["replay"],
    )

    sidecar = Sidecar()
    shown: dict[str, str] = {}
    sections = {s.id: s for s in checklist.sections}
    current_section = None
    for item in checklist.items:
        if item.section != current_section:
            current_section = item.section
            section = sections[item.section]
            b.markdown(
                _cid("section", section.id),
                f"# {content.esc(section.id)} · {content.esc(section.title)}\n\n"
                f"<p>{content.esc(section.description)}</p>",
                "section",
            )
        _item_cells(b, src, item, sections[item.section].title, sidecar, shown, sidecar_name)

    b.markdown(
        "appendix",
        "# Appendix: API call records\n\n<p>Every call the runs made, in order: "
        "parameters and outcome as recorded (redacted), and the SHA-256 of each response "
        "(the sidecar holds every response whole).</p>",
        "appendix",
    )
    records = sorted(src.calls.values(), key=lambda c: c.id)
    for record in records:
        if record.outcome == "ok" and record.id not in sidecar.entries:
            sidecar.put(record.id, record.response)
    sidecar.results = pack_results(src.results)
    digests = {cid: e["sha256"] for cid, e in sidecar.entries.items()}
    for n, start in enumerate(range(0, len(records), APPENDIX_ROWS_PER_CELL), start=1):
        chunk = records[start : start + APPENDIX_ROWS_PER_CELL]
        b.markdown(
            _cid("appendix-calls", str(n)),
            f"## Calls {chunk[0].id} to {chunk[-1].id}\n\n" + content.calls_table(chunk, digests),
            "appendix-calls",
            calls=[c.id for c in chunk],
        )

    nb = nbformat.v4.new_notebook()
    nb.cells = b.cells
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["title"] = f"Evidence: {checklist.name}"
    nb.metadata[NAMESPACE] = {
        "schema": SCHEMA,
        "generated_at": generated_at,
        "generated_by": tool,
        "checklist": {
            "name": checklist.name,
            "version": checklist.version,
            "hash": checklist.hash,
            "wa_framework_version": checklist.wa_framework_version,
        },
        "scope": src.scope,
        "runs": [r.to_dict() for r in src.runs],
        "source": dict(src.origin),
        "item_statuses": dict(src.item_statuses),
    }
    return nb, sidecar


def _item_cells(
    b: _Builder,
    src: EvidenceSource,
    item: Any,
    section_title: str,
    sidecar: Sidecar,
    shown: dict[str, str],
    sidecar_name: str,
) -> None:
    results = src.results_for(item.id)
    status = src.item_statuses.get(item.id, "")
    b.markdown(
        _cid(item.id, "guidance"),
        content.item_guidance(item, section_title, status, src.item_colours.get(item.id)),
        "guidance",
        item.id,
    )
    if item.manual_questions:
        answers = {q.id: src.answers[q.id] for q in item.manual_questions if q.id in src.answers}
        b.markdown(
            _cid(item.id, "answers"),
            content.answers_block(item, src.answers),
            "answers",
            item.id,
            answers={q: a.to_dict() for q, a in answers.items()},
            questions=[q.id for q in item.manual_questions],
        )
    if item.checks:
        multi = len(src.scope["accounts"]) > 1
        b.markdown(
            _cid(item.id, "results"),
            content.results_block(item, results, multi_account=multi),
            "results",
            item.id,
            # The results themselves (all of them, machine-readable) are in the sidecar.
            counts={st: n for st, n in Counter(r.status.value for r in results).items()},
            results_in="sidecar",
        )
    records = src.calls_for(results)
    if records:
        text = replay.recorded_text(records, shown, sidecar_name)
        for r in records:
            if r.outcome == "ok" and r.id not in sidecar.entries:
                sidecar.put(r.id, r.response)
            shown.setdefault(r.id, f"{item.id} replay")
        b.code(
            _cid(item.id, "replay"),
            replay.replay_source(item.id, records),
            [{"output_type": "stream", "name": "stdout", "text": text}],
            "replay",
            item.id,
            tags=["replay"],
            calls=[r.id for r in records],
        )


def _tool_versions() -> dict[str, str]:
    import botocore
    import nbformat

    return {
        "seccheck": __version__,
        "botocore": botocore.__version__,
        "nbformat": nbformat.__version__,
        "python": platform.python_version(),
    }


def write_evidence(
    src: EvidenceSource,
    out: Path,
    *,
    html: bool = True,
    key: bytes | None = None,
    generated_at: str | None = None,
    sign: Path | None = None,
    pdf: bool = False,
    evidence_root: Path | None = None,
) -> ExportResult:
    """Build, seal and check for secrets; then write the notebook, sidecar and (maybe) report.

    The report (`html`: evidence.html, `pdf`: evidence.pdf printed from it by headless
    Chromium) is rendered from the evidence data, not from the notebook: no code, no prompts.
    Files attached to answers (found under `evidence_root`, the assessment's folder) are copied
    into `<notebook stem>.files/` and covered by the manifest.

    Then the manifest file over all of them, and with `sign` (an OpenSSH ed25519 private key)
    its detached SSH signature. A key that cannot be used fails before anything is written.
    """
    import nbformat

    from . import signing
    from .digest import sha256_hex
    from .html import offline_problems
    from .manifest_file import build_manifest, manifest_path, signature_path
    from .redaction_audit import audit

    out = Path(out)
    private_key = signing.load_private_key(sign) if sign is not None else None
    signer = signing.signer_of(private_key) if private_key is not None else None
    src = _redacted(src)
    src, attached = _attachments(src, out, evidence_root)
    clock: dict[str, float] = {}
    t0 = time.perf_counter()
    side_path = sidecar_path(out)
    nb, sidecar = build_notebook(
        src,
        notebook_name=out.name,
        sidecar_name=side_path.name,
        generated_at=generated_at,
        signer=signer.fingerprint if signer else None,
    )
    side_bytes = sidecar.to_bytes(out.name)
    seal(nb, {"file": side_path.name, "sha256": sha256_hex(side_bytes)}, key)
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    clock["build"] = time.perf_counter() - t0
    page = None
    html_path = out.with_suffix(".html") if html or pdf else None
    pdf_path = out.with_suffix(".pdf") if pdf else None
    pdf_bytes = None
    if html_path:
        from .report import render_html

        t1 = time.perf_counter()
        own = nb.metadata[NAMESPACE]
        page = render_html(
            src,
            generated_at=own["generated_at"],
            tool=own["generated_by"],
            notebook_name=out.name,
            signer=signer.fingerprint if signer else None,
            digests={cid: e["sha256"] for cid, e in sidecar.entries.items()},
        )
        problems = offline_problems(page)
        if problems:
            raise RuntimeError(f"the HTML rendering would not work offline: {'; '.join(problems)}")
        clock["html"] = time.perf_counter() - t1
    if pdf_path and page is not None:
        t3 = time.perf_counter()
        pdf_bytes = _print_pdf(page, html_path.name if html_path else "report.html")
        clock["pdf"] = time.perf_counter() - t3
    t2 = time.perf_counter()
    documents: dict[str, Any] = {out.name: text, side_path.name: side_bytes}
    if html_path and page is not None:
        documents[html_path.name] = page
    audit(documents, ignore=[figures.plotlyjs_payload()])
    clock["secret_scan"] = time.perf_counter() - t2
    out.parent.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {side_path.name: side_bytes}
    if html_path and page is not None:
        files[html_path.name] = page.encode("utf-8")
    if pdf_path and pdf_bytes is not None:
        files[pdf_path.name] = pdf_bytes
    files.update(attached)
    man_path = manifest_path(out)
    man_bytes = build_manifest(nb, out.name, files, signer)
    sig_path = signature_path(man_path)
    for name, data in files.items():
        (out.parent / name).parent.mkdir(parents=True, exist_ok=True)
        _atomic(out.parent / name, data)
    _atomic(out, text.encode("utf-8"))
    _atomic(man_path, man_bytes)
    if private_key is not None:
        _atomic(sig_path, signing.sign(man_bytes, private_key).encode())
    elif sig_path.exists():
        sig_path.unlink()  # a signature of an earlier export would not match this manifest
    clock["total"] = time.perf_counter() - t0
    written = (out, side_path, html_path, pdf_path, man_path)
    sizes = {p.name: p.stat().st_size for p in written if p is not None}
    return ExportResult(
        out,
        side_path,
        html_path,
        manifest_sha256=sha256_hex(man_bytes),
        pdf=pdf_path,
        manifest=man_path,
        signature=sig_path if private_key is not None else None,
        signer=signer.fingerprint if signer else None,
        sizes=sizes,
        seconds=clock,
        cells=len(nb.cells),
        calls=len(src.calls),
        results=len(src.results),
    )


def _redacted(src: EvidenceSource) -> EvidenceSource:
    """Copy the source with the exporter's extra redaction on every call record and result."""
    import dataclasses

    from .redaction_audit import redact_more

    calls = {
        cid: dataclasses.replace(c, params=redact_more(c.params), response=redact_more(c.response))
        for cid, c in src.calls.items()
    }
    results = [dataclasses.replace(r, details=redact_more(r.details)) for r in src.results]
    return dataclasses.replace(src, calls=calls, results=results)


def _attachments(
    src: EvidenceSource, out: Path, root: Path | None
) -> tuple[EvidenceSource, dict[str, bytes]]:
    """Files attached to answers, to copy beside the notebook: {relative path: bytes}.

    Each answer's file entry gains `exported_as` (its path in the export). A file whose bytes
    no longer match the SHA-256 recorded when it was attached is refused, naming it.
    """
    import dataclasses
    import hashlib

    if root is None:
        return src, {}
    copies: dict[str, bytes] = {}
    answers = {}
    for qid, answer in src.answers.items():
        files = []
        for f in answer.files:
            f = dict(f)
            stored = f.get("stored_at") or f.get("path")
            file = root / str(stored) if stored else None
            if file is not None and file.is_file():
                data = file.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if f.get("sha256") and f["sha256"] != digest:
                    raise ValueError(
                        f"evidence file {file} (attached to {qid}) changed since it was "
                        f"attached: SHA-256 {digest}, recorded {f['sha256']}"
                    )
                name = f"{out.stem}.files/{qid}/{digest[:12]}-{Path(str(stored)).name}"
                copies[name] = data
                f["exported_as"] = name
                f.setdefault("sha256", digest)
            files.append(f)
        answers[qid] = dataclasses.replace(answer, files=files)
    return dataclasses.replace(src, answers=answers), copies


def _print_pdf(page: str, name: str) -> bytes:
    """Print the report in a scratch folder, so a failure leaves the export folder untouched."""
    import tempfile

    from .report import write_pdf

    with tempfile.TemporaryDirectory(prefix="seccheck-report-") as tmp:
        html = Path(tmp) / name
        html.write_text(page, encoding="utf-8")
        return write_pdf(html, html.with_suffix(".pdf"))


def _atomic(path: Path, data: bytes) -> None:
    # An exclusively created temporary renamed over the target: a symlink planted at the target
    # (or at a predictable temporary name) is replaced, never written through.
    from ..locking import atomic_write

    atomic_write(path, data, keep_backup=False, shared=False)
