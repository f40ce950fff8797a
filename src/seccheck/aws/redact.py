"""Redaction of recorded responses and result details: no secret value is ever stored."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "***REDACTED***"

# Keys whose values are secret whatever they hold.
_SECRET_KEY = re.compile(
    r"(?i)^(secretaccesskey|sessiontoken|secretkey|password|passwd|masteruserpassword|"
    r"privatekey|secretstring|secretbinary|userdata|authtoken|accesstoken|refreshtoken|"
    r"idtoken|clientsecret|apikey|base32stringseed|qrcodepng)$"
)
# Keys whose children (a free-form map) may carry secrets: keep the names, drop the values.
_SECRET_MAPS = re.compile(r"(?i)^(variables|environment_variables|environmentvariables)$")
_PRIVATE_KEY_PEM = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def redact(value: Any, key: str | None = None) -> Any:
    """Deep copy of `value` with secret fields replaced by a marker."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(k, str) and _SECRET_KEY.match(k) and not isinstance(v, (dict, list)):
                out[k] = REDACTED if v not in (None, "") else v
            elif isinstance(k, str) and _SECRET_MAPS.match(k) and isinstance(v, dict):
                out[k] = {name: REDACTED for name in v}
            else:
                out[k] = redact(v, k)
        return out
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if isinstance(value, str) and _PRIVATE_KEY_PEM.search(value):
        return REDACTED
    return value
