"""`seccheck verify`: does an evidence notebook (and its sidecar) still match its manifest?"""

from __future__ import annotations

import argparse
from pathlib import Path

ORDER = 41


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="check an evidence notebook and its sidecar for changes",
        description="Exit 0 when the notebook and its sidecar match the manifest; "
        "exit 1 naming every changed, added, removed or reordered cell.",
    )
    p.add_argument("notebook", help="evidence notebook (.ipynb)")
    p.add_argument("--expect", metavar="SHA256", help="the manifest hash recorded at export time")
    p.add_argument(
        "--key-file",
        help="secret key file, to check the manifest's HMAC "
        "(default: $SECCHECK_EVIDENCE_KEY if set)",
    )
    p.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    from ..evidence import verify_evidence

    key = Path(args.key_file).read_bytes().strip() if args.key_file else None
    report = verify_evidence(args.notebook, key=key, expect=args.expect)
    print(report)
    return 0 if report.ok else 1
