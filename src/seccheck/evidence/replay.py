"""Replay cells: the exact read calls behind an item's results, runnable again by an auditor.

The setup cell needs boto3 and detect-secrets: credentials from the standard chain,
AWS_ENDPOINT_URL honoured (so it replays against the sandbox too), the engine's own guard,
JSON conversion and redaction, embedded from their one source. Each
replay line re-sends one call and compares the fresh, redacted response with the recorded one
(by SHA-256; path by path when the sidecar is beside the notebook).
"""

from __future__ import annotations

import ast
import inspect
import json
from functools import lru_cache
from typing import Any

from ..aws.guard import returns_user_data
from ..aws.recorder import CallRecord
from .sidecar import preview, response_hash

# Fields that change on every call by design; a difference only there still counts as a match.
# Fields that move on their own, by design of the service (timestamps of continuous processes,
# report jobs), not because the configuration changed. A difference inside one of these fields
# (anywhere in the response) still counts as a match; the replay says which ones moved.
VOLATILE: dict[str, list[str]] = {
    "iam.GenerateCredentialReport": ["State", "Description"],
    "iam.GetCredentialReport": ["GeneratedTime"],
    "cloudtrail.GetTrailStatus": [
        "LatestDeliveryTime",
        "LatestDeliveryAttemptTime",
        "LatestNotificationTime",
        "LatestNotificationAttemptTime",
        "LatestCloudWatchLogsDeliveryTime",
        "LatestDigestDeliveryTime",
        "LatestDeliveryAttemptSucceeded",
        "LatestDigestDeliveryAttemptTime",
    ],
    "rds.DescribeDBInstances": ["LatestRestorableTime"],
    "rds.DescribeDBClusters": ["LatestRestorableTime", "EarliestRestorableTime"],
    "efs.DescribeFileSystems": ["SizeInBytes"],
}

_SETUP = '''\
# Replay setup: run this cell before any "Replay" cell. It needs boto3 and detect-secrets.
# Credentials come from the standard chain (environment, profile, SSO, instance role), and
# AWS_ENDPOINT_URL is honoured, so the same cells replay against AWS or the seccheck sandbox.
# seccheck's own guard refuses, before it is sent, every operation seccheck does not declare.
import hashlib
import json
import os
import pathlib
import re

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

SIDECAR = pathlib.Path(__SIDECAR__)
ROLES = __ROLES__  # member account -> role the recorded run assumed there
VOLATILE = __VOLATILE__  # fields that change on every call by design

# --- redaction, exactly as seccheck __VERSION__ applied it when recording ---
__REDACT__
# --- end of redaction ---

# --- the read-only guard of seccheck __VERSION__ (seccheck/aws/guard.py) ---
__GUARD__
# --- end of guard ---

# --- JSON conversion of seccheck __VERSION__ (seccheck/aws/plain.py), as when recording ---
__PLAIN__
# --- end of JSON conversion ---

# The operations seccheck's collectors declare: the only ones the guard lets through.
GUARD = Guard((service, op) for service, ops in __ALLOWED__.items() for op in ops)


def _strip_account_host(request, **_):
    # s3control puts the account id in front of the host, which cannot resolve on loopback.
    loopback = r"^(https?://)\\d{12}\\.(?=localhost|127\\.|\\[::1\\])"
    request.url = re.sub(loopback, r"\\1", request.url)


def _session(**credentials):
    botocore_session = botocore.session.get_session()
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    extra = {}
    if re.match(r"https?://(localhost|127\\.|\\[::1\\])", endpoint):  # the sandbox, on loopback
        extra = {"s3": {"addressing_style": "path"}, "inject_host_prefix": False}
        botocore_session.register("before-sign", _strip_account_host)
    botocore_session.set_default_client_config(
        Config(retries={"mode": "adaptive", "max_attempts": 6}, **extra))
    guard_session(botocore_session, GUARD)
    return boto3.Session(botocore_session=botocore_session, **credentials)


session = _session()
_sessions = {}


def session_for(account):
    """The standard-chain session, or the recorded role assumed in a member account."""
    if account not in _sessions:
        me = session.client("sts").get_caller_identity()
        if account == me["Account"] or account not in ROLES:
            _sessions[account] = session
        else:
            partition = me["Arn"].split(":")[1]  # aws, aws-cn, aws-us-gov: the member's too
            arn = f"arn:{partition}:iam::{account}:role/{ROLES[account]}"
            c = session.client("sts").assume_role(RoleArn=arn, RoleSessionName="seccheck-replay")
            c = c["Credentials"]
            _sessions[account] = _session(
                aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                aws_session_token=c["SessionToken"])
    return _sessions[account]


def paginate(client, method, key, **params):
    items = []
    for page in client.get_paginator(method).paginate(**params):
        items.extend(page.get(key, []))
    return {key: items}


def _plain(response):
    response = dict(response)
    response.pop("ResponseMetadata", None)
    return jsonable(response)


def _sha256(value):
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _recorded(call_id):
    if not SIDECAR.is_file():
        return None
    entry = json.loads(SIDECAR.read_text(encoding="utf-8"))["entries"].get(call_id)
    if entry is None or _sha256(entry["response"]) != entry["sha256"]:
        return None
    return entry["response"]


def _paths(old, new, path=""):
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new), key=str):
            out += _paths(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [p for i, (a, b) in enumerate(zip(old, new)) for p in _paths(a, b, f"{path}[{i}]")]
    return [] if old == new else [path or "(whole response)"]


REPLAYED = {}  # call id -> (verdict, detail), for a look after the cells ran


def replay(call_id, operation, recorded_sha256, call, error=""):
    """Send the call again and compare it with the recorded, redacted response.

    recorded_sha256 is the start of the SHA-256 of the recorded response's canonical JSON (the
    appendix and the sidecar hold it whole).
    """
    try:
        fresh, got = redact_all(_plain(call())), ""
    except PermissionError:
        raise
    except Exception as exc:  # recorded the way seccheck records errors: the code, else the type
        fresh, got = None, type(exc).__name__
        if isinstance(exc, ClientError):
            got = str(exc.response.get("Error", {}).get("Code", ""))
            if not got and exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 501:
                got = "NotImplemented"
    if error or got:
        same = got == error
        detail = f"error {got or 'none'} (recorded: {error or 'none'})"
    else:
        same, detail = _sha256(fresh).startswith(recorded_sha256), ""
        if not same:
            old = _recorded(call_id)
            if old is None:
                detail = "response differs (no sidecar beside the notebook to show where)"
            else:
                paths = _paths(old, fresh)
                changing = VOLATILE.get(operation, [])
                real = [p for p in paths
                        if not set(re.sub(r"\\[\\d+\\]", "", p).split(".")) & set(changing)]
                same = not real
                detail = (f"differs at {', '.join(real[:8])}" if real
                          else f"only volatile fields changed: {', '.join(paths[:8])}")
    verdict = "MATCH" if same else "DIFFERS"
    REPLAYED[call_id] = (verdict, detail)
    print(f"{call_id} {operation}: {verdict}" + (f"  ({detail})" if detail else ""))
    return fresh
'''


def embedded_source(module: Any) -> str:
    """A stdlib-only engine module's source, as it can sit in the middle of a notebook cell."""
    lines = inspect.getsource(module).splitlines()
    start = 0
    tree = ast.parse("\n".join(lines))
    first = tree.body[0] if tree.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        start = first.end_lineno or 0  # the module docstring
    body = [ln for ln in lines[start:] if not ln.startswith("from __future__")]
    if any(isinstance(node, ast.ImportFrom) and node.level for node in tree.body):
        raise ValueError(f"{module.__name__} imports seccheck: it cannot be embedded")
    return "\n".join(body).strip()


def redact_source() -> str:
    """Return the engine's redaction module, embedded so replays redact as recording did.

    The exporter's own extra redaction (`redact_more`) is applied after it, as in the export.
    """
    from ..aws import redact as module
    from . import redaction_audit

    extra = inspect.getsource(redaction_audit.redact_more)
    keys = sorted(redaction_audit.EXTRA_SECRET_KEYS)
    return (
        embedded_source(module)
        + f"\n\n\nEXTRA_SECRET_KEYS = {keys!r}  # redacted by the exporter as well\n\n\n"
        + extra
        + "\n\n\ndef redact_all(value):\n    return redact_more(redact(value))"
    )


def allowed_literal() -> str:
    """The declared operations, grouped by service, as a Python literal for the setup cell."""
    from ..collect.registry import declared_operations

    grouped: dict[str, list[str]] = {}
    for service, operation in sorted(declared_operations()):
        grouped.setdefault(service, []).append(operation)
    lines = [f"    {s!r}: {tuple(ops)!r}," for s, ops in grouped.items()]
    return "{\n" + "\n".join(lines) + "\n}"


def setup_source(*, sidecar_name: str, roles: dict[str, str], version: str) -> str:
    from ..aws import guard, plain

    return (
        _SETUP.replace("__SIDECAR__", repr(sidecar_name))
        .replace("__ROLES__", repr(dict(sorted(roles.items()))))
        .replace("__VOLATILE__", repr(VOLATILE))
        .replace("__VERSION__", version)
        .replace("__REDACT__", redact_source())
        .replace("__GUARD__", embedded_source(guard))
        .replace("__PLAIN__", embedded_source(plain))
        .replace("__ALLOWED__", allowed_literal())
    )


def page_key(record: CallRecord) -> str | None:
    """Return the list key a paginated call was collected under (None: a single call)."""
    if record.extra.get("page_key"):
        return str(record.extra["page_key"])
    resp = record.response
    if not isinstance(resp, dict) or len(resp) != 1:
        return None
    key = next(iter(resp))
    if not isinstance(resp[key], list):
        return None
    return key if key in _result_keys(record.service, record.operation) else None


@lru_cache(maxsize=1)
def _botocore_session() -> Any:
    import botocore.session

    return botocore.session.get_session()


@lru_cache(maxsize=512)
def _result_keys(service: str, operation: str) -> tuple[str, ...]:
    try:
        config = _botocore_session().get_paginator_model(service).get_paginator(operation)
    except Exception:  # noqa: BLE001 - no paginator model: a plain call
        return ()
    keys = config.get("result_key")
    return tuple(keys) if isinstance(keys, list) else (str(keys),)


SHA_PREFIX = 16  # hex characters of a response's SHA-256 written into replay lines
OUTPUT_BUDGET = 12_000  # characters of recorded responses shown under one replay cell


def _client_name(record: CallRecord, multi_account: bool) -> str:
    name = f"{record.service}_{record.region}".replace("-", "_")
    return f"{name}_{record.account}" if multi_account else name


def call_expression(record: CallRecord, client: str) -> str:
    """Write the boto3 call on a named client, as source."""
    from botocore import xform_name

    args = ", ".join(f"{k}={_literal(v)}" for k, v in record.params.items())
    key = page_key(record) if record.outcome == "ok" else None
    method = xform_name(record.operation)
    if key:
        return f"paginate({client}, {method!r}, {key!r}{', ' + args if args else ''})"
    return f"{client}.{method}({args})"


def _literal(value: Any) -> str:
    text = repr(value)
    try:
        if json.loads(json.dumps(value)) == value:
            return text
    except (TypeError, ValueError):
        pass
    return repr(str(value))


def replay_source(item_id: str, records: list[CallRecord]) -> str:
    """Write the cell source: a client per account/service/region, a replay line per call."""
    multi = len({r.account for r in records}) > 1
    lines = [
        f"# Replay: the read-only calls behind {item_id}'s automated results (run the setup cell "
        "first).",
        "# Each replay line re-sends one recorded call and compares the fresh, redacted response "
        "with the",
        "# recorded one (the hex string starts its SHA-256; the sidecar holds the whole response).",
    ]
    clients: dict[str, CallRecord] = {}
    for r in records:
        clients.setdefault(_client_name(r, multi), r)
    for name, r in clients.items():
        lines.append(
            f"{name} = session_for({r.account!r}).client({r.service!r}, region_name={r.region!r})"
        )
    for r in records:
        operation = f"{r.service}.{r.operation}"
        if returns_user_data((r.service, r.operation), r.params):
            lines.append(
                f"# {r.id} {operation}: not replayed. It returns EC2 user data, which only "
                "seccheck's secret scan may read; the record holds its verdict, not the data."
            )
            continue
        recorded = response_hash(r.response)[:SHA_PREFIX] if r.outcome == "ok" else ""
        error = r.error_code if r.outcome in ("error", "absent") else ""
        tail = f", error={error!r}" if error else ""
        expr = call_expression(r, _client_name(r, multi))
        lines.append(f"replay({r.id!r}, {operation!r}, {recorded!r}, lambda: {expr}{tail})")
    return "\n".join(lines)


def recorded_text(
    records: list[CallRecord], shown_elsewhere: dict[str, str], sidecar_name: str
) -> str:
    """Write the saved output of a replay cell: recorded (redacted) responses, in a budget.

    Responses shown under an earlier item are not repeated; past the budget, the rest are
    counted and left to the sidecar, where every response is kept whole.
    """
    parts = [
        f"Recorded responses (redacted) of the {len(records)} call(s) above; every response is "
        f"whole in {sidecar_name}.\n"
    ]
    used, elsewhere, left = 0, 0, 0
    for r in records:
        if r.id in shown_elsewhere:
            elsewhere += 1
            continue
        head = (
            f"recorded {r.id} {r.service}.{r.operation} · {r.account} · {r.region} · {r.started_at}"
        )
        if r.outcome != "ok":
            text = f"{head} · {r.outcome} · {r.error_code}: {r.error_message}".rstrip(": ")
        else:
            body, short = preview(r.response)
            text = f"{head} · ok" + (" · shortened here" if short else "") + f"\n{body}"
        if used + len(text) > OUTPUT_BUDGET and used:
            left += 1
            continue
        used += len(text)
        parts.append(text)
    if elsewhere:
        parts.append(f"({elsewhere} response(s) shown under an earlier item's replay)")
    if left:
        parts.append(
            f"({left} more response(s) not shown here to keep the notebook small; "
            f"see {sidecar_name})"
        )
    return "\n\n".join(parts) + "\n"
