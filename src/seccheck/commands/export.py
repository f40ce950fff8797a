"""`seccheck export`: a sealed evidence notebook (and HTML, CSV, OCSF, JUnit) of an assessment."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..evidence.source import EvidenceSource
    from ..runner import RunReport

from . import _arguments as arguments

ORDER = 40
FORMATS = ("csv", "ocsf", "junit")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write the sealed, replayable evidence notebook and standard outputs",
        description="Export an assessment (or a results JSON from `seccheck run --output`) as a "
        "sealed evidence notebook with its sidecar, and optionally HTML, CSV, OCSF and JUnit.",
    )
    p.add_argument("source", help="assessment file (or results JSON)")
    p.add_argument(
        "--out",
        "-o",
        type=arguments.output_file,
        help="evidence notebook to write, e.g. evidence.ipynb",
    )
    p.add_argument(
        "--html", action="store_true", help="also write the report as HTML beside it (no code)"
    )
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also write the report as PDF (printed by headless Chromium; implies --html)",
    )
    for fmt in FORMATS:
        p.add_argument(
            f"--{fmt}",
            metavar="PATH",
            type=arguments.output_file,
            help=f"also write the latest results as {fmt.upper()}",
        )
    p.add_argument(
        "--compare",
        metavar="EARLIER",
        help="show what changed since an earlier assessment, "
        "evidence notebook or results JSON (default: since the picture before the last run)",
    )
    p.add_argument(
        "--sign",
        metavar="KEY",
        type=arguments.input_file,
        help="OpenSSH ed25519 private key: writes a detached SSH signature of the manifest "
        "(passphrase from $SECCHECK_SIGN_PASSPHRASE)",
    )
    p.add_argument(
        "--key-file",
        type=arguments.input_file,
        help="deprecated (an HMAC key lets its holder forge too; use --sign): adds an HMAC of "
        "the manifest (default: $SECCHECK_EVIDENCE_KEY if set)",
    )
    p.set_defaults(handler=export)


def export(args: argparse.Namespace) -> int:
    from rich.console import Console

    from ..evidence import _key
    from ..evidence.load import load_source
    from ..evidence.redaction_audit import SecretLeakError
    from ..evidence.report import PdfError
    from ..evidence.signing import SigningError

    err = Console(stderr=True)
    wanted = {fmt: getattr(args, fmt) for fmt in FORMATS if getattr(args, fmt)}
    if not args.out and not wanted:
        err.print(
            "[red]nothing to write:[/red] give --out evidence.ipynb and/or "
            "--csv/--ocsf/--junit PATH"
        )
        return 2
    try:
        source = load_source(Path(args.source))
        if args.compare:
            from ..evidence.load import with_baseline

            source = with_baseline(source, Path(args.compare))
    except (OSError, ValueError) as exc:
        err.print(f"[red]cannot read {args.source}:[/red] {exc}", soft_wrap=True)
        return 2
    key = _key(Path(args.key_file).read_bytes().strip() if args.key_file else None)
    if key:
        err.print(
            "[yellow]deprecated:[/yellow] the HMAC key (--key-file / $SECCHECK_EVIDENCE_KEY) "
            "lets anyone who holds it forge evidence; sign with --sign KEY instead"
        )
    try:
        if args.out:
            from ..evidence.export import write_evidence

            result = write_evidence(
                source,
                Path(args.out),
                html=args.html,
                pdf=args.pdf,
                key=key,
                sign=Path(args.sign) if args.sign else None,
                evidence_root=Path(args.source).parent,
            )
            err.print(
                f"evidence notebook: {result.notebook} ({_mb(result.sizes[result.notebook.name])}, "
                f"{result.cells} cells, {result.results} results, {result.calls} calls)"
            )
            err.print(
                f"sidecar:           {result.sidecar} ({_mb(result.sizes[result.sidecar.name])})"
            )
            if result.html:
                err.print(
                    f"HTML report:       {result.html} ({_mb(result.sizes[result.html.name])})"
                )
            if result.pdf:
                err.print(
                    f"PDF report:        {result.pdf} ({_mb(result.sizes[result.pdf.name])})"
                )
            err.print(
                f"manifest:          {result.manifest} SHA-256 "
                f"[bold]{result.manifest_sha256}[/bold]" + (" (HMAC added)" if key else "")
            )
            if result.signature:
                from ..evidence.manifest_file import verify_command

                err.print(f"signature:         {result.signature} (SSH key {result.signer})")
                err.print(
                    f"Check it: `seccheck verify {_reachable(result.notebook)} --signer "
                    f"allowed_signers`, or without seccheck: "
                    f"`{verify_command(result.manifest.name if result.manifest else '')}`"
                )
            else:
                err.print(
                    "UNSIGNED: give --sign KEY (an ed25519 SSH key) so an auditor can tell it from "
                    "a re-sealed copy; or record the manifest hash elsewhere and check it with "
                    f"`seccheck verify {_reachable(result.notebook)} --expect HASH`."
                )
        if wanted:
            from ..formats import writers

            report = report_of(source)
            for fmt, path in wanted.items():
                writers()[fmt](report, source.checklist, Path(path))
                err.print(f"{fmt.upper()}: {path}")
    except SigningError as exc:
        err.print(f"[red]cannot sign:[/red] {exc}")
        return 2
    except ValueError as exc:  # an attached evidence file changed since it was attached
        err.print(f"[red]cannot export:[/red] {exc}")
        return 1
    except PdfError as exc:
        err.print(f"[red]cannot write the PDF:[/red] {exc} (nothing was written)")
        return 1
    except SecretLeakError as exc:
        err.print(f"[red]{exc}[/red]")
        return 1
    return 0


def report_of(source: EvidenceSource) -> RunReport:
    """Put the latest results of an assessment in the shape the standard writers take."""
    from ..runner import RunReport

    last = source.runs[-1] if source.runs else None
    start, end = source.window
    checklist = source.checklist
    return RunReport(
        run_id=last.id if last else "assessment",
        started_at=start,
        ended_at=end,
        scope=last.scope if last else {},
        checklist={"name": checklist.name, "version": checklist.version, "hash": checklist.hash},
        results=list(source.results),
        calls=dict(source.calls),
        tool_version=last.tool_version
        if last and last.tool_version
        else __import__("seccheck").__version__,
    )


def _reachable(path: Path) -> str:
    """Name a written file so that a command pasted in this shell finds it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"
