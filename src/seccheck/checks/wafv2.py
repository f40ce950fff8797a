"""AWS WAF checks: web ACL logging, web ACLs with rules, web ACLs in front of public ALBs.

A web ACL with no rules only applies its default action (usually Allow): it is not protection
(Prowler `wafv2_webacl_with_rules`), so INF-02-C01 does not count one as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check


@check("DET-02-C07", "wafv2.web_acls")
def web_acl_logging(ctx: Context, acls: list[dict[str, Any]]) -> Iterator[Finding]:
    if not acls:
        yield Finding.not_applicable(ctx.account_arn, f"no AWS WAF web ACLs in {ctx.region}")
        return
    for acl in acls:
        arn, logging = acl["ARN"], acl.get("LoggingConfiguration")
        who = f"web ACL {acl.get('Name')} ({acl.get('Scope', 'REGIONAL')})"
        if isinstance(logging, Unreadable):
            yield logging.finding(arn)
        elif logging and logging.get("LogDestinationConfigs"):
            destinations = list(logging["LogDestinationConfigs"])
            yield Finding.passed(arn, f"{who} logs to {', '.join(destinations)}",
                                 destinations=destinations)
        else:
            yield Finding.failed(arn, f"{who} has no logging configuration")


@check("INF-02-C01", "wafv2.alb_web_acls")
def alb_web_acl(ctx: Context, albs: dict[str, Any]) -> Iterator[Finding]:
    if not albs:
        reason = f"no internet-facing Application Load Balancers in {ctx.region}"
        yield Finding.not_applicable(ctx.account_arn, reason)
        return
    for arn, acl in albs.items():
        name = arn.split("/")[-2] if arn.count("/") >= 2 else arn
        if isinstance(acl, Unreadable):
            yield acl.finding(arn)
        elif acl and acl.get("RuleCount") == 0:
            yield Finding.failed(arn, f"internet-facing ALB {name} has web ACL {acl.get('Name')}, "
                                      "but it has no rules", web_acl=acl.get("ARN"))
        elif acl:
            yield Finding.passed(arn, f"internet-facing ALB {name} is protected by web ACL "
                                      f"{acl.get('Name')}", web_acl=acl.get("ARN"))
        else:
            yield Finding.failed(arn, f"internet-facing ALB {name} has no AWS WAF web ACL")


@check("INF-02-C05", "wafv2.web_acls")
def web_acl_rules(ctx: Context, acls: list[dict[str, Any]]) -> Iterator[Finding]:
    if not acls:
        yield Finding.not_applicable(ctx.account_arn, f"no AWS WAF web ACLs in {ctx.region}")
        return
    for acl in acls:
        arn, count = acl["ARN"], acl.get("RuleCount")
        who = f"web ACL {acl.get('Name')} ({acl.get('Scope', 'REGIONAL')})"
        if isinstance(count, Unreadable):
            yield count.finding(arn)
        elif count is None:
            yield Finding.not_assessable(arn, f"{who}: its rules were not read")
        elif count:
            yield Finding.passed(arn, f"{who} has {count} rule(s)", rules=count)
        else:
            yield Finding.failed(arn, f"{who} has no rules: every request gets its default "
                                      "action", rules=0)
