"""CloudFront estate: Acme's distributions (global, served from us-east-1).

Good: acme-web (HTTPS everywhere, TLS 1.2 certificate, standard logging, web ACL) and acme-docs
(logging through CloudWatch Logs vended delivery instead of standard logging, web ACL).
Bad (workshop, scale): acme-legacy-site (plain HTTP to viewers and origin, TLS 1.0, no logging,
no web ACL).
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext
from ._acme import log_buckets, suffix

ORDER = 45
REGION = "us-east-1"
FORWARD_NOTHING = {"QueryString": False, "Cookies": {"Forward": "none"}}


def seed(ctx: SeedContext) -> None:
    if REGION not in ctx.regions:
        ctx.shared["cloudfront"] = {"good": [], "bad": []}
        return
    cloudfront, logs = ctx.client("cloudfront", REGION), ctx.client("logs", REGION)
    bucket = log_buckets(ctx)["access"]
    certs, edge_acls = ctx.shared["acm"][REGION]["www"], ctx.shared["wafv2"]["edge_acls"]
    destination = logs.put_delivery_destination(
        name="acme-cloudfront-logs", outputFormat="json",
        deliveryDestinationConfiguration={"destinationResourceArn": f"arn:aws:s3:::{bucket}"},
    )["deliveryDestination"]["arn"]
    published: dict[str, list[str]] = {"good": [], "bad": []}
    for copy in range(ctx.copies):
        tail = suffix(copy)
        web = _create(cloudfront, f"acme-web{tail}", _web_config(
            f"acme-web{tail}", certs[copy], edge_acls[copy], bucket))
        docs = _create(cloudfront, f"acme-docs{tail}", _docs_config(f"acme-docs{tail}",
                                                                    edge_acls[copy]))
        source = f"acme-docs{tail}-access"
        logs.put_delivery_source(name=source, resourceArn=docs, logType="ACCESS_LOGS")
        logs.create_delivery(deliverySourceName=source, deliveryDestinationArn=destination)
        published["good"] += [web, docs]
        if ctx.bad:
            published["bad"].append(_create(cloudfront, f"acme-legacy-site{tail}",
                                            _legacy_config(f"acme-legacy-site{tail}", certs[copy])))
    ctx.shared["cloudfront"] = published


def _create(cloudfront: Any, name: str, config: dict[str, Any]) -> str:
    config = {"CallerReference": name, "Comment": name, "Enabled": True, **config}
    return str(cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["ARN"])


def _behavior(origin: str, policy: str, path: str | None = None) -> dict[str, Any]:
    behavior: dict[str, Any] = {
        "TargetOriginId": origin, "ViewerProtocolPolicy": policy, "MinTTL": 0,
        "ForwardedValues": FORWARD_NOTHING, "TrustedSigners": {"Enabled": False, "Quantity": 0},
    }
    if path:
        behavior["PathPattern"] = path
    return behavior


def _s3_origin(origin_id: str, domain: str) -> dict[str, Any]:
    return {"Id": origin_id, "DomainName": domain, "S3OriginConfig": {"OriginAccessIdentity": ""}}


def _custom_origin(
    origin_id: str, domain: str, policy: str, protocols: list[str]
) -> dict[str, Any]:
    return {"Id": origin_id, "DomainName": domain, "CustomOriginConfig": {
        "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": policy,
        "OriginSslProtocols": {"Quantity": len(protocols), "Items": protocols}}}


def _web_config(name: str, cert: str, acl: str, bucket: str) -> dict[str, Any]:
    return {
        "Origins": {"Quantity": 2, "Items": [
            _s3_origin("assets", "acme-web-assets.s3.amazonaws.com"),
            _custom_origin("api", "api.acme.example", "https-only", ["TLSv1.2"]),
        ]},
        "DefaultCacheBehavior": _behavior("assets", "redirect-to-https"),
        "CacheBehaviors": {"Quantity": 1, "Items": [_behavior("api", "https-only", "/api/*")]},
        "ViewerCertificate": {"ACMCertificateArn": cert, "SSLSupportMethod": "sni-only",
                              "MinimumProtocolVersion": "TLSv1.2_2021"},
        "Logging": {"Enabled": True, "IncludeCookies": False,
                    "Bucket": f"{bucket}.s3.amazonaws.com", "Prefix": f"cloudfront/{name}/"},
        "WebACLId": acl,
    }


def _docs_config(name: str, acl: str) -> dict[str, Any]:
    return {
        "Origins": {"Quantity": 1, "Items": [_s3_origin("docs", "acme-docs.s3.amazonaws.com")]},
        "DefaultCacheBehavior": _behavior("docs", "redirect-to-https"),
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
        "WebACLId": acl,
    }


def _legacy_config(name: str, cert: str) -> dict[str, Any]:
    return {
        "Origins": {"Quantity": 1, "Items": [
            _custom_origin("legacy", "legacy.acme.example", "http-only", ["TLSv1"])]},
        "DefaultCacheBehavior": _behavior("legacy", "allow-all"),
        "ViewerCertificate": {"ACMCertificateArn": cert, "SSLSupportMethod": "sni-only",
                              "MinimumProtocolVersion": "TLSv1"},
    }


def expected(profile: str) -> dict[str, set[str]]:
    statuses = {"PASS"} if profile == "clean" else {"PASS", "FAIL"}
    return {check: set(statuses) for check in ("DET-02-C04", "INF-02-C02", "DP-02-C04")}
