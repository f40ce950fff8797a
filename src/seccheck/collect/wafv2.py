"""AWS WAF facts (regional): web ACLs with their logging and rules, and each public ALB's ACL.

CloudFront web ACLs (Scope=CLOUDFRONT) live in CloudFront's region of the partition (us-east-1
in aws); they are collected once per account, with the run's home region, so each is reported
exactly once, whether or not that region is in the run. AWS WAF is regional only in the China
Regions, and CloudFront does not exist in aws-us-gov: there the CLOUDFRONT scope is never asked
for. ListWebACLs gives summaries only, so each web ACL's rules are read with GetWebACL (one call
each): a web ACL with no rules protects nothing. When the run also asks which web ACL guards
each public ALB, GetWebACLForResource has already returned the whole of those web ACLs, rules
included, so they are not read a second time.
"""

from __future__ import annotations

from typing import Any

from ..aws.endpoints import global_region
from ..aws.errors import ApiError, NotOffered
from ..results import Unreadable
from .api import Api
from .elb import load_balancers
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "wafv2": (
        "GetLoggingConfiguration",
        "GetWebACL",
        "GetWebACLForResource",
        "ListLoggingConfigurations",
        "ListWebACLs",
    ),
}

# "AWS WAF is supported at a regional level only in the Beijing and Ningxia Regions."
REGIONAL_ONLY_PARTITIONS = {"aws-cn": "the China Regions"}


def cloudfront_scope_region(partition: str) -> str | None:
    """Where Scope=CLOUDFRONT web ACLs are listed in `partition`; None: there are none."""
    if partition in REGIONAL_ONLY_PARTITIONS:
        return None
    return global_region("cloudfront", partition)


def rule_count(acl: dict[str, Any]) -> int:
    """Rules of a WebACL, Firewall Manager rule groups included (they run as rules too)."""
    return sum(len(acl.get(key) or []) for key in (
        "Rules", "PreProcessFirewallManagerRuleGroups", "PostProcessFirewallManagerRuleGroups"))


def _rules_of(
    api: Api, acls: list[dict[str, Any]], region: str | None = None
) -> list[int | Unreadable]:
    """Each web ACL's rule count (GetWebACL, side by side), in the order given."""

    def read(acl: dict[str, Any]) -> int:
        resp = api.call("wafv2", "get_web_acl", region=region, resource=acl["ARN"],
                        Name=acl["Name"], Scope=acl["Scope"], Id=acl["Id"])
        return rule_count(resp.get("WebACL") or {})

    return read_each(api, "wafv2", acls, read)


def _list_web_acls(api: Api, scope: str, region: str | None = None) -> list[dict[str, Any]]:
    acls: list[dict[str, Any]] = []
    marker: str | None = None
    while True:
        params: dict[str, Any] = {"Scope": scope, "Limit": 100}
        if marker:
            params["NextMarker"] = marker
        page = api.call("wafv2", "list_web_acls", region=region, **params)
        acls.extend({**acl, "Scope": scope} for acl in page.get("WebACLs", []))
        marker = page.get("NextMarker")
        if not marker or not page.get("WebACLs"):
            return acls


def _list_logging(api: Api, scope: str, region: str | None = None) -> dict[str, dict[str, Any]]:
    configs: dict[str, dict[str, Any]] = {}
    marker: str | None = None
    while True:
        params: dict[str, Any] = {"Scope": scope, "Limit": 100}
        if marker:
            params["NextMarker"] = marker
        page = api.call("wafv2", "list_logging_configurations", region=region, **params)
        for config in page.get("LoggingConfigurations", []):
            configs[config["ResourceArn"]] = config
        marker = page.get("NextMarker")
        if not marker or not page.get("LoggingConfigurations"):
            return configs


def _logging_of(
    api: Api, arn: str, region: str | None = None
) -> dict[str, Any] | None | Unreadable:
    try:
        resp = api.call("wafv2", "get_logging_configuration", region=region, resource=arn,
                        absent_on=("WAFNonexistentItemException",), ResourceArn=arn)
    except ApiError as err:
        return Unreadable(err.status, err.reason)
    return resp.get("LoggingConfiguration") if resp else None


def _rules_known_from_albs(api: Api) -> dict[str, int]:
    """Web ACL ARN -> rule count, for the ACLs GetWebACLForResource returned whole.

    Each such ACL is cited with the GetWebACLForResource call that showed its rules. When the
    load balancers cannot be listed, nothing is known and every ACL is read with GetWebACL.
    """
    try:
        by_alb = alb_web_acls(api)
    except ApiError:
        return {}
    known: dict[str, int] = {}
    for call_id, tag in list(api.used):
        acl = by_alb.get(tag) if tag else None
        if isinstance(acl, dict) and acl.get("ARN"):
            known[acl["ARN"]] = acl["RuleCount"]
            api.used.append((call_id, acl["ARN"]))
    return known


@fact("wafv2.web_acls", scope="regional")
def web_acls(api: Api) -> list[dict[str, Any]]:
    """Web ACL summaries with `LoggingConfiguration` (None: off) and `RuleCount` (or Unreadable).

    CLOUDFRONT-scope web ACLs are collected once per account, by the run's home region (their
    calls go to CloudFront's region), so a run that leaves us-east-1 out still judges them.
    Logging is listed once per scope; only if that listing is refused is it read per web ACL.
    """
    edge = cloudfront_scope_region(api.partition)
    scopes: dict[str, str | None] = {"REGIONAL": None}
    if edge is not None and api.region == (api.run.home_region or edge):
        scopes["CLOUDFRONT"] = edge
    known = _rules_known_from_albs(api) if api.collects("wafv2.alb_web_acls") else {}
    acls: dict[str, dict[str, Any]] = {}
    for scope, region in scopes.items():
        listed = [acl for acl in _list_web_acls(api, scope, region) if acl["ARN"] not in acls]
        unread = [acl for acl in listed if acl["ARN"] not in known]
        counts = dict(zip((acl["ARN"] for acl in unread), _rules_of(api, unread, region),
                          strict=True))
        for acl in listed:
            acls[acl["ARN"]] = {**acl, "RuleCount": known.get(acl["ARN"], counts.get(acl["ARN"]))}
    if not acls:
        return []
    try:
        configs = {arn: config for scope, region in scopes.items()
                   for arn, config in _list_logging(api, scope, region).items()}
    except ApiError:
        return [{**acl, "LoggingConfiguration": _logging_of(api, acl["ARN"], scopes[acl["Scope"]])}
                for acl in acls.values()]
    return [{**acl, "LoggingConfiguration": configs.get(arn)} for arn, acl in acls.items()]


@fact("wafv2.alb_web_acls", scope="regional")
def alb_web_acls(api: Api) -> dict[str, dict[str, Any] | None | Unreadable]:
    """Internet-facing ALB ARN -> its web ACL summary (None when it has none)."""

    def read(arn: str) -> dict[str, Any] | None:
        acl = api.call("wafv2", "get_web_acl_for_resource", resource=arn,
                       ResourceArn=arn).get("WebACL")
        return ({"Name": acl.get("Name"), "ARN": acl.get("ARN"), "RuleCount": rule_count(acl)}
                if acl else None)

    arns = [lb["LoadBalancerArn"] for lb in load_balancers(api)
            if lb.get("Type") == "application" and lb.get("Scheme") == "internet-facing"]
    return dict(zip(arns, read_each(api, "wafv2", arns, read), strict=True))


@fact("wafv2.cloudfront_web_acls", scope="global")
def cloudfront_web_acls(api: Api) -> dict[str, int | Unreadable] | Unreadable:
    """CLOUDFRONT web ACL ARN -> its rule count, for judging what distributions point at."""
    region = cloudfront_scope_region(api.partition)
    if region is None:
        where = REGIONAL_ONLY_PARTITIONS.get(api.partition)
        raise NotOffered(
            f"AWS WAF is supported at a regional level only in {where}: a CloudFront "
            "distribution cannot have a web ACL there" if where else
            f"Amazon CloudFront is not offered in the {api.partition} partition",
            nothing_exists=not where,
        )
    try:
        acls = _list_web_acls(api, "CLOUDFRONT", region)
    except ApiError as err:
        return Unreadable(err.status, err.reason)
    counts = _rules_of(api, acls, region)
    return {acl["ARN"]: count for acl, count in zip(acls, counts, strict=True)}
