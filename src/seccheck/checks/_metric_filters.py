"""CIS-style CloudTrail metric-filter families, matched by what a filter selects, not its text.

A filter covers a family when its pattern mentions every term of the family (event names,
sources, field tests), whatever the spacing, quoting or order. Event names are matched as whole
words, so `CreateRouteTable` does not count as `CreateRoute`.

JSON patterns (`{ ... }`) are read as logic, not only as text: the pattern is expanded into its
alternatives (`||`) of ANDed tests (`&&`), and an alternative that can never match (an event
with two different names, `$.eventName = A && $.eventName = B`) is dropped. A family's anchor
tests (an event source, `$.userIdentity.type = Root`...) must hold in the same alternative as
each event name; its event names may be spread over alternatives.
"""

from __future__ import annotations

import re


def _event(*names: str) -> list[str]:
    return [rf"(?<![A-Za-z]){name}(?![A-Za-z])" for name in names]


def _test(field: str, op: str, value: str) -> str:
    return rf"\$\.{re.escape(field)}\s*{op}\s*\"?{value}\"?"


FAMILIES: dict[str, list[str]] = {
    "root account usage": [
        _test("userIdentity.type", "=", "Root"),
        r"\$\.userIdentity\.invokedBy\s+NOT\s+EXISTS",
        _test("eventType", "!=", "AwsServiceEvent"),
    ],
    "unauthorized API calls": [
        _test("errorCode", "=", r"\*UnauthorizedOperation"),
        _test("errorCode", "=", r"AccessDenied\*"),
    ],
    "console sign-in without MFA": [
        _test("eventName", "=", "ConsoleLogin"),
        _test("additionalEventData.MFAUsed", "!=", "Yes"),
    ],
    "IAM policy changes": _event(
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy",
    ),
    "CloudTrail configuration changes": _event(
        "CreateTrail",
        "UpdateTrail",
        "DeleteTrail",
        "StartLogging",
        "StopLogging",
    ),
    "S3 bucket policy changes": [
        r"s3\.amazonaws\.com",
        *_event(
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ),
    ],
    "AWS Config changes": [
        r"config\.amazonaws\.com",
        *_event(
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
        ),
    ],
    "Organizations changes": [
        r"organizations\.amazonaws\.com",
        *_event(
            "AttachPolicy",
            "DetachPolicy",
            "CreatePolicy",
            "UpdatePolicy",
            "DeletePolicy",
            "MoveAccount",
            "LeaveOrganization",
            "RemoveAccountFromOrganization",
        ),
    ],
    "console authentication failures": [
        _test("eventName", "=", "ConsoleLogin"),
        _test("errorMessage", "=", "Failed authentication"),
    ],
    "KMS key disabling or scheduled deletion": [
        r"kms\.amazonaws\.com",
        *_event(
            "DisableKey",
            "ScheduleKeyDeletion",
        ),
    ],
    "security group changes": _event(
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
    ),
    "network ACL changes": _event(
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation",
    ),
    "network gateway changes": _event(
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway",
    ),
    "route table changes": _event(
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
    ),
    "VPC changes": _event(
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
    ),
}

_COMPILED = {name: [re.compile(t) for t in terms] for name, terms in FAMILIES.items()}
# Families whose terms are all alternatives (CIS writes them with ||).
_ALL_ALTERNATIVES = {"unauthorized API calls"}
_EVENT_PREFIX = "(?<![A-Za-z])"

_TOKEN = re.compile(
    r"\s*(?:(?P<op>&&|\|\||[{}()])|(?P<test>\$\.[\w.\[\]]+\s*"
    r"(?:NOT\s+EXISTS|IS\s+NULL|!=|=|>=|<=|>|<)\s*(?:\"[^\"]*\"|[^\s(){}&|]+)?))",
    re.IGNORECASE,
)
_EQUALS = re.compile(r"^\$\.([\w.\[\]]+)\s*=\s*\"?([^\"*]*)\"?$")
_MAX_ALTERNATIVES = 256


def alternatives(pattern: str) -> list[list[str]] | None:
    """The pattern as alternatives of ANDed tests, unsatisfiable ones dropped (None: not JSON).

    `&&` binds tighter than `||`. Returns None for space-delimited or unparsable patterns, which
    are then matched as text.
    """
    text = (pattern or "").strip()
    if not text.startswith("{"):
        return None
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            if text[pos:].strip():
                return None
            break
        tokens.append((match.group("op") or match.group("test")).strip())
        pos = match.end()
    try:
        result, rest = _or(tokens)
    except (IndexError, ValueError):
        return None
    if rest:
        return None
    return [c for c in result if _satisfiable(c)]


def _or(tokens: list[str]) -> tuple[list[list[str]], list[str]]:
    left, tokens = _and(tokens)
    while tokens and tokens[0] == "||":
        right, tokens = _and(tokens[1:])
        left = left + right
        if len(left) > _MAX_ALTERNATIVES:
            raise ValueError("too many alternatives")
    return left, tokens


def _and(tokens: list[str]) -> tuple[list[list[str]], list[str]]:
    left, tokens = _atom(tokens)
    while tokens and tokens[0] == "&&":
        right, tokens = _atom(tokens[1:])
        left = [a + b for a in left for b in right]
        if len(left) > _MAX_ALTERNATIVES:
            raise ValueError("too many alternatives")
    return left, tokens


def _atom(tokens: list[str]) -> tuple[list[list[str]], list[str]]:
    head = tokens[0]
    if head in ("(", "{"):
        inner, rest = _or(tokens[1:])
        if not rest or rest[0] not in (")", "}"):
            raise ValueError("unbalanced")
        return inner, rest[1:]
    if head.startswith("$."):
        return [[head]], tokens[1:]
    raise ValueError(f"unexpected {head}")


def _satisfiable(tests: list[str]) -> bool:
    """False when two equality tests give one field two different literal values."""
    seen: dict[str, str] = {}
    for test in tests:
        match = _EQUALS.match(test)
        if not match or "*" in test:
            continue
        field, value = match.group(1), match.group(2).strip()
        if seen.setdefault(field, value) != value:
            return False
    return True


def families_of(pattern: str) -> set[str]:
    """Return the families a filter pattern covers entirely."""
    options = alternatives(pattern)
    if options is None:
        return {
            name
            for name, terms in _COMPILED.items()
            if all(t.search(pattern or "") for t in terms)
        }
    texts = [" ".join(option) for option in options]
    return {name for name, terms in _COMPILED.items() if _covers(name, terms, texts)}


def _covers(name: str, terms: list[re.Pattern[str]], texts: list[str]) -> bool:
    if name in _ALL_ALTERNATIVES:
        return all(any(t.search(text) for text in texts) for t in terms)
    anchors = [t for t in terms if not t.pattern.startswith(_EVENT_PREFIX)]
    events = [t for t in terms if t.pattern.startswith(_EVENT_PREFIX)]
    anchored = [text for text in texts if all(a.search(text) for a in anchors)]
    if not anchored:
        return False
    return all(any(e.search(text) for text in anchored) for e in events)
