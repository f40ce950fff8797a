"""Load balancer checks: access logs, TLS on ALB/NLB listeners and on Classic Load Balancers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Status, Unreadable
from .registry import Context, check

OUTDATED_PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")
SECURE_V2 = ("HTTPS", "TLS")
PASSTHROUGH_V2 = ("TCP", "UDP", "TCP_UDP")
SECURE_CLASSIC = ("HTTPS", "SSL")
SEVERITY_ORDER = (Status.FAIL, Status.NOT_ASSESSABLE, Status.WARN, Status.PASS)


def classic_arn(ctx: Context, name: str) -> str:
    prefix = f"arn:{ctx.partition}:elasticloadbalancing:{ctx.region}:{ctx.account}"
    return f"{prefix}:loadbalancer/{name}"


def _kind(lb: dict[str, Any]) -> str:
    return {"application": "ALB", "network": "NLB", "gateway": "GWLB"}.get(lb.get("Type", ""), "LB")


@check("DET-02-C03", "elbv2.load_balancers", "elbv2.attributes", "elb.load_balancers",
       "elb.attributes", "elbv2.listeners", "elbv2.vended_access_logs")
def access_logs(
    ctx: Context,
    lbs: list[dict[str, Any]],
    attributes: dict[str, Any],
    classic: list[dict[str, Any]],
    classic_attributes: dict[str, Any],
    listeners: dict[str, Any] | None = None,
    vended: dict[str, list[dict[str, Any]]] | Unreadable | None = None,
) -> Iterator[Finding]:
    """S3 access logs (attributes) or CloudWatch Logs vended delivery of ALB/NLB access logs."""
    # Gateway Load Balancers pass packets to appliances and have no access logs.
    loggable = [lb for lb in lbs if lb.get("Type") != "gateway"]
    if not loggable and not classic:
        yield Finding.not_applicable(ctx.account_arn, f"no load balancers in {ctx.region}")
        return
    for lb in loggable:
        arn, name = lb["LoadBalancerArn"], lb.get("LoadBalancerName", "")
        attrs = attributes.get(arn, {})
        who = f"{_kind(lb)} {name}"
        delivered = vended.get(arn, []) if isinstance(vended, dict) else []
        if delivered:
            # Vended delivery is judged first: it stands even when the attributes are unreadable.
            targets = sorted({str(d.get("destination")) for d in delivered})
            yield Finding.passed(arn, f"{who} delivers access logs through CloudWatch Logs "
                                      f"delivery to {', '.join(targets)}",
                                 vended_destinations=targets)
            continue
        if isinstance(attrs, Unreadable):
            yield attrs.finding(arn)
            continue
        # A key that was never set is reported missing by some endpoints: it means off.
        enabled = attrs.get("access_logs.s3.enabled", "false") == "true"
        bucket = attrs.get("access_logs.s3.bucket", "")
        if enabled:
            yield Finding.passed(arn, f"{who} writes access logs to s3://{bucket}", bucket=bucket)
            continue
        if lb.get("Type") == "network" and listeners is not None:
            # "Access logs are created only if the load balancer has a TLS listener" (NLB guide).
            own = listeners.get(arn, [])
            if isinstance(own, Unreadable):
                yield Finding.not_assessable(arn, f"{who} does not write access logs, and its "
                                                  f"listeners could not be read: {own.reason}")
                continue
            if not any(str(li.get("Protocol")) == "TLS" for li in own):
                yield Finding.not_applicable(arn, f"{who} has no TLS listener; NLB access logs "
                                                  "are only written for TLS requests")
                continue
        if isinstance(vended, Unreadable):
            yield Finding.not_assessable(arn, f"{who} writes no access logs to S3, and whether it "
                                              "delivers them through CloudWatch Logs could not "
                                              f"be read: {vended.reason}", bucket=bucket or None)
            continue
        yield Finding.failed(arn, f"{who} does not write access logs (neither to S3 nor through "
                                  "CloudWatch Logs delivery)", bucket=bucket or None)
    for lb in classic:
        name = lb["LoadBalancerName"]
        resource = classic_arn(ctx, name)
        attrs = classic_attributes.get(name, {})
        if isinstance(attrs, Unreadable):
            yield attrs.finding(resource)
            continue
        log = attrs.get("AccessLog") or {}
        bucket = log.get("S3BucketName")
        if log.get("Enabled"):
            yield Finding.passed(resource, f"Classic Load Balancer {name} writes access logs to "
                                           f"s3://{bucket}", bucket=bucket)
        else:
            yield Finding.failed(resource, f"Classic Load Balancer {name} does not write access "
                                           "logs", bucket=bucket)


def _listener_verdict(listener: dict[str, Any],
                      policies: dict[str, list[str]]) -> tuple[Status, str]:
    protocol, port = str(listener.get("Protocol", "")).upper(), listener.get("Port")
    where = f"{protocol} listener on port {port}"
    if protocol in SECURE_V2:
        policy = listener.get("SslPolicy", "")
        allowed = policies.get(policy)
        if allowed is None:
            return Status.NOT_ASSESSABLE, f"{where} uses TLS policy {policy}, which was not found"
        outdated = [p for p in OUTDATED_PROTOCOLS if p in allowed]
        if outdated:
            return Status.FAIL, f"{where} uses {policy}, which still allows {', '.join(outdated)}"
        return Status.PASS, f"{where} uses {policy} ({', '.join(allowed)})"
    if protocol == "HTTP":
        redirects = [
            a for a in listener.get("DefaultActions", [])
            if a.get("Type") == "redirect"
            and str((a.get("RedirectConfig") or {}).get("Protocol", "")).upper() == "HTTPS"
        ]
        if redirects:
            return Status.PASS, f"{where} redirects to HTTPS"
        return Status.FAIL, f"{where} serves plain HTTP without redirecting to HTTPS"
    if protocol in PASSTHROUGH_V2:
        return Status.WARN, (f"{where} passes traffic through unencrypted by the load balancer; "
                             "confirm the application protocol is encrypted end to end")
    return Status.PASS, f"{where} ({protocol}) carries no client TLS"


def _worst(verdicts: list[tuple[Status, str]]) -> Status:
    return next(s for s in SEVERITY_ORDER if any(v[0] == s for v in verdicts))


def _combined(
    resource: str, who: str, verdicts: list[tuple[Status, str]], **details: Any
) -> Finding:
    status = _worst(verdicts)
    if status == Status.PASS:
        reason = f"{who}: " + "; ".join(text for _, text in verdicts)
    else:
        reason = f"{who}: " + "; ".join(text for s, text in verdicts if s == status)
    return Finding(resource, status, reason, details)


@check("DP-02-C02", "elbv2.load_balancers", "elbv2.listeners", "elbv2.ssl_policies")
def listener_tls(ctx: Context, lbs: list[dict[str, Any]], listeners: dict[str, Any],
                 policies: dict[str, list[str]]) -> Iterator[Finding]:
    found = False
    for lb in lbs:
        if lb.get("Type") == "gateway":
            continue
        arn, name = lb["LoadBalancerArn"], lb.get("LoadBalancerName", "")
        lb_listeners = listeners.get(arn, [])
        if isinstance(lb_listeners, Unreadable):
            found = True
            yield lb_listeners.finding(arn)
            continue
        if not lb_listeners:
            continue
        found = True
        verdicts = [_listener_verdict(item, policies) for item in lb_listeners]
        summary = [
            {"port": item.get("Port"), "protocol": item.get("Protocol"),
             "ssl_policy": item.get("SslPolicy"), "verdict": verdict.value}
            for item, (verdict, _) in zip(lb_listeners, verdicts, strict=True)
        ]
        yield _combined(arn, f"{_kind(lb)} {name}", verdicts, listeners=summary)
    if not found:
        yield Finding.not_applicable(ctx.account_arn, f"no ALB or NLB listeners in {ctx.region}")


def _negotiated_protocols(policy: dict[str, Any],
                          references: dict[str, list[str]]) -> list[str] | None:
    """TLS versions a Classic negotiation policy enables (None when it cannot be told)."""
    attrs = {a.get("AttributeName", ""): a.get("AttributeValue", "")
             for a in policy.get("PolicyAttributeDescriptions", [])}
    protocols = {k[len("Protocol-"):]: v for k, v in attrs.items() if k.startswith("Protocol-")}
    if protocols:
        return [p for p, v in protocols.items() if str(v).lower() == "true"]
    reference = attrs.get("Reference-Security-Policy")
    return references.get(reference) if reference else None


def _classic_listener_verdict(description: dict[str, Any], policies: list[dict[str, Any]],
                              references: dict[str, list[str]]) -> tuple[Status, str]:
    listener = description.get("Listener", {})
    protocol, port = str(listener.get("Protocol", "")).upper(), listener.get("LoadBalancerPort")
    where = f"{protocol} listener on port {port}"
    if protocol not in SECURE_CLASSIC:
        return Status.FAIL, f"{where} does not use HTTPS or SSL"
    names = set(description.get("PolicyNames", []))
    negotiation = [p for p in policies if p.get("PolicyName") in names
                   and p.get("PolicyTypeName") == "SSLNegotiationPolicyType"]
    if not negotiation:
        return Status.NOT_ASSESSABLE, f"{where} has no readable TLS negotiation policy"
    enabled = _negotiated_protocols(negotiation[0], references)
    policy_name = negotiation[0].get("PolicyName")
    if enabled is None:
        return Status.NOT_ASSESSABLE, f"{where}: policy {policy_name} has unknown TLS versions"
    outdated = [p for p in OUTDATED_PROTOCOLS if p in enabled]
    if outdated:
        return Status.FAIL, f"{where} policy {policy_name} still enables {', '.join(outdated)}"
    return Status.PASS, f"{where} uses policy {policy_name} ({', '.join(sorted(enabled))})"


@check("DP-02-C03", "elb.load_balancers", "elb.policies", "elbv2.ssl_policies")
def classic_listener_tls(ctx: Context, classic: list[dict[str, Any]], policies: dict[str, Any],
                         references: dict[str, list[str]]) -> Iterator[Finding]:
    if not classic:
        yield Finding.not_applicable(ctx.account_arn, f"no Classic Load Balancers in {ctx.region}")
        return
    for lb in classic:
        name = lb["LoadBalancerName"]
        resource = classic_arn(ctx, name)
        lb_policies = policies.get(name, [])
        descriptions = lb.get("ListenerDescriptions", [])
        if isinstance(lb_policies, Unreadable):
            secure = [d for d in descriptions
                      if str(d.get("Listener", {}).get("Protocol", "")).upper() in SECURE_CLASSIC]
            if len(secure) == len(descriptions):
                yield lb_policies.finding(resource)
                continue
            lb_policies = []  # plain listeners fail whatever the policies say
        if not descriptions:
            yield Finding.not_applicable(resource, f"Classic Load Balancer {name} has no listeners")
            continue
        verdicts = [_classic_listener_verdict(d, lb_policies, references) for d in descriptions]
        summary = [
            {"port": d.get("Listener", {}).get("LoadBalancerPort"),
             "protocol": d.get("Listener", {}).get("Protocol"), "verdict": verdict.value}
            for d, (verdict, _) in zip(descriptions, verdicts, strict=True)
        ]
        yield _combined(resource, f"Classic Load Balancer {name}", verdicts, listeners=summary)
