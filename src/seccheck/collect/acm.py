"""ACM facts (regional): certificate summaries.

The summary carries status, type, expiry and whether the certificate is in use, so no
per-certificate call is needed. ACM lists only some key types unless asked for all of them.
"""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "acm": ("ListCertificates",),
}

ALL_KEY_TYPES = [
    "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
    "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
]  # fmt: skip


@fact("acm.certificates", scope="regional")
def certificates(api: Api) -> list[dict[str, Any]]:
    return api.paginate("acm", "list_certificates", "CertificateSummaryList",
                        Includes={"keyTypes": ALL_KEY_TYPES}) or []
