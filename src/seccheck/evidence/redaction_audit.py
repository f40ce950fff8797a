"""A last look for secrets before anything is written: exporters refuse to write if one remains.

The engine redacts what it records (`seccheck.aws.redact`); this is the second, independent
line. It scans the exact text about to be written (notebook JSON, HTML, sidecar, CSV, OCSF,
JUnit), the strings inside JSON documents, HTML-unescaped text, and base64 blobs decoded once
(EC2 user data travels base64-encoded). It reports *where* and *what kind*, never the value.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..aws.redact import REDACTED, Leak, SecretLeakError, secret_kinds, unredacted

__all__ = ["Leak", "SecretLeakError", "audit", "redact_more", "scan_json", "scan_text"]

_NOT_REDACTED = r"(?!\*\*\*REDACTED)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("private key (PEM)", re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")),
    (
        "aws_secret_access_key value",
        re.compile(
            r"(?i)aws_secret_access_key\W{0,4}[=:]\s*['\"]?"
            + _NOT_REDACTED
            + r"[A-Za-z0-9/+=]{16,}"
        ),
    ),
    (
        "SecretAccessKey value",
        re.compile(
            r"(?i)secret_?access_?key['\"]?\s*[=:]\s*['\"]?"
            + _NOT_REDACTED
            + r"[A-Za-z0-9/+=]{16,}"
        ),
    ),
    (
        "session token value",
        re.compile(
            r"(?i)session_?token['\"]?\s*[=:]\s*['\"]?" + _NOT_REDACTED + r"[A-Za-z0-9/+=]{32,}"
        ),
    ),
    (
        "secret-named variable with a value",
        # DB_PASSWORD=..., "API_TOKEN": "...": upper-case names as in env files, user data and
        # Lambda variables (AWS API fields are CamelCase, e.g. MinimumPasswordLength: 14).
        re.compile(
            r"\b[A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)"
            r"[A-Z0-9_]*['\"]?\s*[=:]\s*['\"]?" + _NOT_REDACTED + r"(?!\$\{)[^\s'\",}]{4,}"
        ),
    ),
]
# Keys the engine's redaction did not cover when this was written; the exporter redacts them
# too (see `redact_more`), and the scan refuses any that still carry a value. A virtual MFA
# device's seed lets anyone generate its codes (moto, and some SDK paths, return it on list).
EXTRA_SECRET_KEYS = frozenset({"Base32StringSeed", "QRCodePNG"})
_MFA_SEED = r"(?i)base32_?string_?seed['\"]?\s*[=:]\s*['\"]?" + _NOT_REDACTED + r"[A-Z2-7=]{16,}"
_PATTERNS.append(("virtual MFA seed", re.compile(_MFA_SEED)))
_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
_SECRET_KEY_SHAPE = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")
# Literal values of the credentials in use are searched for too, when long enough to be unique.
LITERAL_MIN = 16


def redact_more(value: Any) -> Any:
    """Redact EXTRA_SECRET_KEYS as well, on top of what the engine redacted when recording."""
    if isinstance(value, dict):
        return {k: ("***REDACTED***" if k in EXTRA_SECRET_KEYS and v not in (None, "")
                    and not isinstance(v, (dict, list)) else redact_more(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [redact_more(v) for v in value]
    return value


def _mixed(token: str) -> bool:
    # Secret keys are base64-like with mixed case and digits; hex digests are not.
    return bool(
        re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"[0-9/+]", token)
    )


def known_secrets(extra: Iterable[str] = ()) -> list[str]:
    """Secret values of the credentials in this process's environment, plus `extra`."""
    values = [
        os.environ.get(k, "")
        for k in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
    ]
    return [v for v in [*values, *extra] if v and len(v) >= LITERAL_MIN and v != REDACTED]


def scan_text(
    text: str, where: str, literals: Iterable[str] = (), *, decode: bool = True
) -> list[Leak]:
    """Secret material in one piece of text (and in base64 blobs inside it)."""
    leaks: list[Leak] = []
    variants = [text]
    if "&" in text:
        unescaped = html.unescape(text)
        if unescaped != text:
            variants.append(unescaped)
    for variant in variants:
        for kind, pattern in _PATTERNS:
            if pattern.search(variant):
                leaks.append(Leak(where, kind))
        for match in _KEY_ID.finditer(variant):
            window = variant[max(0, match.start() - 300) : match.end() + 300]
            if any(_mixed(t) for t in _SECRET_KEY_SHAPE.findall(window)):
                leaks.append(Leak(where, "40-character secret key next to an access key id"))
                break
        for literal in literals:
            if literal in variant:
                leaks.append(Leak(where, "the secret value of the credentials in use"))
        leaks += [Leak(where, f"{kind} (detect-secrets)") for kind in secret_kinds(variant)]
    if decode:
        for blob in _BASE64.findall(text):
            decoded = _decode(blob)
            if decoded:
                leaks += [
                    Leak(where, f"{leak.kind} (base64-encoded)")
                    for leak in scan_text(decoded, where, literals, decode=False)
                ]
    return _unique(leaks)


def _decode(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return text if text and printable / len(text) > 0.95 else None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", str(k)
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value


def scan_json(value: Any, where: str, literals: Iterable[str] = ()) -> list[Leak]:
    """Scan every string in a JSON document, plus compact dumps of its small objects.

    Strings are scanned one by one (so escaping does not hide anything), and each dict is also
    scanned as compact JSON so a key/value pair such as {"DB_PASSWORD": "..."} is seen whole.
    """
    lits = list(literals)
    leaks: list[Leak] = []
    for path, text in _strings(value, ""):
        leaks += scan_text(text, f"{where}{path}", lits)
    for path, obj in _dicts(value, ""):
        leaks += scan_text(
            json.dumps(obj, ensure_ascii=False, default=str), f"{where}{path}", lits, decode=False
        )
    # Whatever the engine's redaction would still remove (secret-named fields, tags and
    # environment entries whose value detect-secrets flags) is a leak too.
    leaks += [Leak(f"{where}{path}", kind) for path, kind in unredacted(value)]
    return _unique(leaks)


def _dicts(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        flat = {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
        if flat:
            yield path or ".", flat
        for k, v in value.items():
            yield from _dicts(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _dicts(v, f"{path}[{i}]")


def _unique(leaks: list[Leak]) -> list[Leak]:
    seen: dict[tuple[str, str], Leak] = {}
    for leak in leaks:
        seen.setdefault((leak.where, leak.kind), leak)
    return list(seen.values())


def audit(
    documents: dict[str, str | bytes | Any],
    literals: Iterable[str] | None = None,
    *,
    ignore: Iterable[str] = (),
) -> None:
    """Scan named documents (text, bytes or parsed JSON); raise SecretLeakError on any finding.

    `ignore` lists exact substrings known to be safe and large (the bundled plotly.js), which
    are cut out before scanning to keep the scan fast.
    """
    lits = known_secrets() if literals is None else list(literals)
    skip = [s for s in ignore if s]
    leaks: list[Leak] = []
    for name, doc in documents.items():
        if isinstance(doc, bytes):
            doc = doc.decode("utf-8", errors="replace")
        if isinstance(doc, str) and name.endswith((".json", ".ipynb")):
            try:
                doc = json.loads(doc)
            except ValueError:
                pass
        if isinstance(doc, str):
            leaks += scan_text(_cut(doc, skip), name, lits)
        else:
            leaks += scan_json(_cut_json(doc, skip), name, lits)
    if leaks:
        raise SecretLeakError(_unique(leaks))


def _cut(text: str, skip: list[str]) -> str:
    for s in skip:
        if s in text:
            text = text.replace(s, "")
    return text


def _cut_json(value: Any, skip: list[str]) -> Any:
    if not skip:
        return value
    if isinstance(value, dict):
        return {k: _cut_json(v, skip) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut_json(v, skip) for v in value]
    if isinstance(value, str):
        return _cut(value, skip)
    return value
