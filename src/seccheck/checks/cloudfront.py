"""CloudFront checks: request logging, web ACLs, HTTPS to viewers and origins."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check

MODERN_VIEWER_TLS = ("TLSv1.2", "TLSv1.3")
OUTDATED_ORIGIN_TLS = ("SSLv3", "TLSv1", "TLSv1.1")


def _who(dist: dict[str, Any]) -> str:
    comment = dist.get("Comment") or ""
    return f"distribution {dist['Id']}" + (f" ({comment})" if comment else "")


def _name(dist: dict[str, Any]) -> str:
    return str(dist.get("Comment") or dist["Id"])


def _items(container: dict[str, Any] | None) -> list[Any]:
    return list((container or {}).get("Items") or [])


@check("DET-02-C04", "cloudfront.distributions", "cloudfront.logging")
def distribution_logging(ctx: Context, dists: list[dict[str, Any]],
                         logging: dict[str, Any]) -> Iterator[Finding]:
    if not dists:
        yield Finding.not_applicable(ctx.account_arn, "no CloudFront distributions")
        return
    vended = logging.get("vended", {})
    for dist in dists:
        arn, who = dist["ARN"], _who(dist)
        standard = logging.get("standard", {}).get(arn, {})
        destinations = vended.get(arn, []) if isinstance(vended, dict) else []
        if destinations:
            yield Finding.passed(arn, f"{who} delivers access logs through CloudWatch Logs "
                                      f"delivery to {', '.join(destinations)}",
                                 name=_name(dist), vended_destinations=destinations)
        elif isinstance(standard, Unreadable):
            yield standard.finding(arn)
        elif standard.get("Enabled"):
            yield Finding.passed(arn, f"{who} writes standard logs to {standard.get('Bucket')}",
                                 name=_name(dist), bucket=standard.get("Bucket"),
                                 prefix=standard.get("Prefix"))
        elif isinstance(vended, Unreadable):
            # Newer distributions may log only through vended delivery, which could not be read.
            yield Finding.warn(arn, f"{who} has standard logging off and its CloudWatch Logs "
                                    f"delivery could not be checked ({vended.reason}); confirm "
                                    "in the console whether it logs", name=_name(dist),
                               standard_logging=False)
        else:
            yield Finding.failed(arn, f"{who} logs no requests: standard logging is off and it "
                                      "has no CloudWatch Logs delivery", name=_name(dist),
                                 standard_logging=False)


@check("INF-02-C02", "cloudfront.distributions", "wafv2.cloudfront_web_acls")
def distribution_web_acl(ctx: Context, dists: list[dict[str, Any]],
                         rules: Any = None) -> Iterator[Finding]:
    """`rules` maps WAFv2 CLOUDFRONT web ACL ARNs to their rule counts; an empty ACL fails."""
    if not dists:
        yield Finding.not_applicable(ctx.account_arn, "no CloudFront distributions")
        return
    for dist in dists:
        arn, acl = dist["ARN"], dist.get("WebACLId") or ""
        count = rules.get(acl) if isinstance(rules, dict) else None
        if isinstance(count, Unreadable):
            yield count.finding(arn)
        elif acl and count == 0:
            yield Finding.failed(arn, f"{_who(dist)} has web ACL {acl}, but it has no rules",
                                 name=_name(dist), web_acl=acl)
        elif acl:
            yield Finding.passed(arn, f"{_who(dist)} is protected by web ACL {acl}",
                                 name=_name(dist), web_acl=acl)
        else:
            yield Finding.failed(arn, f"{_who(dist)} has no AWS WAF web ACL", name=_name(dist),
                                 web_acl=None)


def https_problems(dist: dict[str, Any]) -> list[str]:
    """List what lets plain HTTP or outdated TLS reach viewers or origins of a distribution."""
    problems = []
    behaviors = [("default behaviour", dist.get("DefaultCacheBehavior") or {})]
    behaviors += [(f"path {b.get('PathPattern')}", b) for b in _items(dist.get("CacheBehaviors"))]
    for where, behavior in behaviors:
        policy = behavior.get("ViewerProtocolPolicy")
        if policy not in ("redirect-to-https", "https-only"):
            problems.append(f"{where} accepts plain HTTP from viewers ({policy})")
    cert = dist.get("ViewerCertificate") or {}
    if cert.get("ACMCertificateArn") or cert.get("IAMCertificateId"):
        minimum = str(cert.get("MinimumProtocolVersion", ""))
        if not minimum.startswith(MODERN_VIEWER_TLS):
            problems.append(f"custom certificate allows viewers down to {minimum or 'unset'}")
    for origin in _items(dist.get("Origins")):
        custom = origin.get("CustomOriginConfig")
        if not custom:
            continue
        name = origin.get("Id") or origin.get("DomainName")
        policy = custom.get("OriginProtocolPolicy")
        if policy != "https-only":
            problems.append(f"origin {name} may be reached over HTTP ({policy})")
        old = [p for p in _items(custom.get("OriginSslProtocols")) if p in OUTDATED_ORIGIN_TLS]
        if old:
            problems.append(f"origin {name} allows {', '.join(old)}")
    return problems


@check("DP-02-C04", "cloudfront.distributions")
def distribution_https(ctx: Context, dists: list[dict[str, Any]]) -> Iterator[Finding]:
    if not dists:
        yield Finding.not_applicable(ctx.account_arn, "no CloudFront distributions")
        return
    for dist in dists:
        arn = dist["ARN"]
        problems = https_problems(dist)
        if problems:
            yield Finding.failed(arn, f"{_who(dist)}: " + "; ".join(problems), name=_name(dist),
                                 problems=problems)
        else:
            yield Finding.passed(arn, f"{_who(dist)} uses HTTPS with TLS 1.2 or newer to viewers "
                                      "and origins", name=_name(dist))
