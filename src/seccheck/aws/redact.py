"""Redaction of recorded responses and result details: no secret value is ever stored.

Secrets are found by name (a field called SecretAccessKey, a Lambda environment map) and by
value, with detect-secrets' detectors: every string is checked for key ids, private keys and
service tokens, and free-form name/value pairs people write themselves (tags, environment
variables, user data lines) also for secret-named keys with a value (`db_password: ...`) and
for a bare 40-character AWS secret key. A string found to hold a secret is replaced whole.

Evidence notebooks embed this module's source in their replay cells, so it imports nothing of
seccheck (detect-secrets is its one dependency).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

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
# Maps whose keys and values are both written by people (tags as a dict).
_FREE_FORM_MAPS = re.compile(r"(?i)^(tags|tagset|tag_map|labels)$")
# Name/value pairs written by people: tags ({"Key", "Value"}), env entries ({"name", "value"}).
_PAIR_NAMES = ("Key", "key", "Name", "name", "ParameterKey")
_PAIR_VALUES = ("Value", "value", "ParameterValue")
# A bare AWS secret access key: 40 base64 characters, mixed case and digits.
_SECRET_KEY_SHAPE = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")

_KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}")

# detect-secrets detectors that judge a value by its shape. Entropy detectors would flag ids,
# digests and ARNs everywhere; the IP detector is not about secrets. The keyword detector
# ("password = ...") runs on free-form text only: AWS field names such as
# MinimumPasswordLength are settings, not secrets.
_NOT_USED = {"Base64HighEntropyString", "HexHighEntropyString", "IPPublicDetector"}
_CLASSES: list[Any] = list(get_mapping_from_secret_type_to_class().values())
_DETECTORS: dict[str, Any] = {c.__name__: c() for c in _CLASSES if c.__name__ not in _NOT_USED}
_KEYWORD = _DETECTORS.pop("KeywordDetector")
_SHORTEST = 12  # no detector's secret is shorter; skipping short strings keeps runs fast
_WINDOW, _OVERLAP = 2000, 200  # long lines are looked at in overlapping windows


def _mixed(token: str) -> bool:
    return bool(
        re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"[0-9/+]", token)
    )


def _windows(text: str) -> list[str]:
    """Lines, long ones cut into overlapping windows (nothing is skipped, the cache stays small)."""
    out = []
    for line in text.splitlines():
        if len(line) <= _WINDOW:
            out.append(line)
        else:
            step = _WINDOW - _OVERLAP
            out += [line[i : i + _WINDOW] for i in range(0, len(line) - _OVERLAP, step)]
    return out


@lru_cache(maxsize=65536)
def _line_kinds(line: str, free_form: bool) -> frozenset[str]:
    if REDACTED in line or len(line) < 4:
        return frozenset()
    kinds = set()
    for detector in [*_DETECTORS.values(), *([_KEYWORD] if free_form else [])]:
        for found in detector.analyze_line(filename="value.yaml", line=line, line_number=1):
            # An access key id is an identifier (IAM lists it, results name it); written into
            # free-form text (a tag, an environment variable) it marks a leaked credential.
            if free_form or not _KEY_ID.fullmatch(found.secret_value or ""):
                kinds.add(found.type)
    if free_form and any(_mixed(t) for t in _SECRET_KEY_SHAPE.findall(line)):
        kinds.add("AWS secret access key (40 characters)")
    return frozenset(kinds)


def secret_kinds(text: str, free_form: bool = False) -> tuple[str, ...]:
    """The kinds of secret detect-secrets finds in `text` (never the values).

    `free_form` text (tags, environment, user data, "name: value" pairs) is also checked for
    secret-named keys with a value and for bare 40-character secret keys.
    """
    if len(text) < (4 if free_form else _SHORTEST) or text == REDACTED:
        return ()
    kinds: set[str] = set()
    for line in _windows(text):
        kinds |= _line_kinds(line, free_form)
    if _PRIVATE_KEY_PEM.search(text):
        kinds.add("Private Key")
    return tuple(sorted(kinds))


def _pair(value: dict[Any, Any]) -> tuple[str, str] | None:
    """The (name, value key) of a tag-like {"Key": ..., "Value": ...} dict, if it is one."""
    name = next((value[k] for k in _PAIR_NAMES if isinstance(value.get(k), str)), None)
    slot = next((k for k in _PAIR_VALUES if isinstance(value.get(k), str)), None)
    return (name, slot) if name is not None and slot is not None else None


def _secret_pair(name: str, text: str) -> bool:
    if not text or text == REDACTED:
        return False
    return bool(secret_kinds(text, True) or secret_kinds(f"{name}: {text}", True))


def redact(value: Any, key: str | None = None) -> Any:
    """Deep copy of `value` with secret fields and secret-looking values replaced by a marker."""
    if isinstance(value, dict):
        pair = _pair(value)
        out = {}
        for k, v in value.items():
            if isinstance(k, str) and _SECRET_KEY.match(k) and not isinstance(v, (dict, list)):
                out[k] = REDACTED if v not in (None, "") else v
            elif isinstance(k, str) and _SECRET_MAPS.match(k) and isinstance(v, dict):
                out[k] = {name: REDACTED for name in v}
            elif isinstance(k, str) and _FREE_FORM_MAPS.match(k) and isinstance(v, dict):
                out[k] = {
                    n: REDACTED if isinstance(t, str) and _secret_pair(str(n), t) else redact(t, n)
                    for n, t in v.items()
                }
            elif pair is not None and k == pair[1] and _secret_pair(pair[0], v):
                out[k] = REDACTED
            else:
                out[k] = redact(v, k)
        return out
    if isinstance(value, list):
        return [redact(v, key) for v in value]
    if isinstance(value, str) and secret_kinds(value):
        return REDACTED
    return value


# Names that reasons give: IAM actions ("the scanning identity needs secretsmanager:ListSecrets")
# and facts ("could not collect secretsmanager.secrets: ..."). The keyword detector reads
# `secret...: Word` as a secret-named key with a value and would hide the whole reason.
_ACTION_NAMES = re.compile(
    r"\bsecretsmanager(?::(?:ListSecrets|GetResourcePolicy|DescribeSecret)"
    r"|\.(?:secrets|secret_policies))\b"
)


def redact_text(text: str) -> str:
    """Free text (a result's reason) with any secret value found in it replaced by the marker."""
    actions = _ACTION_NAMES.findall(text)
    if not actions:
        return _redact_free_text(text)
    out = _redact_free_text(_ACTION_NAMES.sub(lambda m: f"IAM_ACTION_{actions.index(m[0])}", text))
    for number, action in enumerate(actions):
        out = out.replace(f"IAM_ACTION_{number}", action)
    return out


def _redact_free_text(text: str) -> str:
    if not secret_kinds(text, True):
        return text
    out = text
    for line in _windows(text):
        for detector in [*_DETECTORS.values(), _KEYWORD]:
            for found in detector.analyze_line(filename="value.yaml", line=line, line_number=1):
                if found.secret_value:
                    out = out.replace(found.secret_value, REDACTED)
        for token in _SECRET_KEY_SHAPE.findall(line):
            if _mixed(token):
                out = out.replace(token, REDACTED)
    return out if not secret_kinds(out, True) else REDACTED


def unredacted(value: Any) -> list[tuple[str, str]]:
    """Paths (and kinds) in a JSON document that `redact` would still change: leaks."""
    return list(_differences(value, redact(value), ""))


def _differences(raw: Any, redacted: Any, path: str) -> Iterator[tuple[str, str]]:
    if raw == redacted:
        return
    if isinstance(raw, dict) and isinstance(redacted, dict):
        for k, v in raw.items():
            yield from _differences(v, redacted.get(k), f"{path}.{k}")
    elif isinstance(raw, list) and isinstance(redacted, list) and len(raw) == len(redacted):
        for i, (a, b) in enumerate(zip(raw, redacted, strict=True)):
            yield from _differences(a, b, f"{path}[{i}]")
    else:
        kinds = secret_kinds(raw, True) if isinstance(raw, str) else ()
        yield path or ".", ", ".join(kinds) or "a value the redaction rules remove"


@dataclass(frozen=True)
class Leak:
    where: str
    kind: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}"


class SecretLeakError(RuntimeError):
    """Raised instead of writing a file that still contains secret material."""

    def __init__(self, leaks: list[Leak]):
        self.leaks = leaks
        listed = "\n".join(f"  - {leak}" for leak in leaks[:20])
        more = f"\n  ... and {len(leaks) - 20} more" if len(leaks) > 20 else ""
        super().__init__(
            "seccheck refused to write: secret material was found that redaction "
            f"missed (values not shown):\n{listed}{more}\n"
            "Nothing was written. Please report this (the kind and place above) so the redaction "
            "rules in seccheck.aws.redact can be extended."
        )
