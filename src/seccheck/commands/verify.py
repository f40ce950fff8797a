"""`seccheck verify`: does an evidence notebook (and its sidecar) still match its manifest?"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import _arguments as arguments

ORDER = 41


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="check an evidence notebook and its sidecar for changes",
        description="Exit 0 when the notebook and every file of the export match the manifest "
        "and the manifest is signed by a trusted key; 1 naming every changed, added, removed or "
        "reordered cell or file; 2 when intact but UNSIGNED (no signature, no --signer, or a "
        "signer you do not trust).",
    )
    p.add_argument("notebook", type=arguments.input_file, help="evidence notebook (.ipynb)")
    p.add_argument(
        "--signer",
        metavar="PUBKEY_OR_ALLOWED_SIGNERS",
        type=arguments.input_file,
        help="the public key (id_ed25519.pub) or allowed_signers file you trust",
    )
    p.add_argument("--expect", metavar="SHA256", help="the manifest hash recorded at export time")
    p.add_argument(
        "--key-file",
        type=arguments.input_file,
        help="deprecated: secret key file, to check the legacy HMAC of the manifest "
        "(default: $SECCHECK_EVIDENCE_KEY if set)",
    )
    p.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    import sys

    from ..evidence import verify_evidence
    from ..evidence.signing import SigningError

    key = Path(args.key_file).read_bytes().strip() if args.key_file else None
    try:
        report = verify_evidence(args.notebook, key=key, expect=args.expect, signers=args.signer)
    except SigningError as exc:
        print(f"cannot use --signer: {exc}", file=sys.stderr)
        return 2
    print(report)
    return report.exit_code
