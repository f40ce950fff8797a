"""Load balancer estate (home region): Acme's web ALB and shop Classic Load Balancer.

Good: acme-web-alb (access logs, HTTPS with a TLS 1.2+ policy, HTTP redirected) and acme-shop-elb
(HTTPS with a TLS 1.2 negotiation policy, access logs). Bad (workshop, scale): acme-legacy-alb
(no logs, plain HTTP, TLS 1.0 policy, an expiring certificate) and acme-legacy-elb (plain HTTP,
no logs). Web ACLs are attached by the wafv2 estate.
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext
from ._acme import log_buckets, suffix

ORDER = 30
MODERN_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
OUTDATED_POLICY = "ELBSecurityPolicy-2016-08"
CLASSIC_TLS12 = "ELBSecurityPolicy-TLS-1-2-2017-01"


def seed(ctx: SeedContext) -> None:
    region = ctx.home
    network, certs = ctx.shared["ec2"][region], ctx.shared["acm"][region]
    bucket = log_buckets(ctx)["access"]
    elbv2, elb = ctx.client("elbv2", region), ctx.client("elb", region)
    subnets, web_sg = network["public_subnets"], network["security_groups"]["web"]
    published: dict[str, list[str]] = {"good_albs": [], "bad_albs": []}
    for copy in range(ctx.copies):
        tail = suffix(copy)
        target = elbv2.create_target_group(
            Name=f"acme-web-tg{tail}", Protocol="HTTP", Port=80, VpcId=network["vpc_id"],
            TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        forward = [{"Type": "forward", "TargetGroupArn": target}]
        good = _alb(elbv2, f"acme-web-alb{tail}", subnets, web_sg)
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=good, Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": bucket},
            {"Key": "access_logs.s3.prefix", "Value": f"alb/acme-web{tail}"},
        ])
        elbv2.create_listener(LoadBalancerArn=good, Protocol="HTTPS", Port=443,
                              SslPolicy=MODERN_POLICY,
                              Certificates=[{"CertificateArn": certs["www"][copy]}],
                              DefaultActions=forward)
        elbv2.create_listener(LoadBalancerArn=good, Protocol="HTTP", Port=80, DefaultActions=[
            {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443",
                                                    "StatusCode": "HTTP_301"}}])
        published["good_albs"].append(good)
        _classic(ctx, elb, f"acme-shop-elb{tail}", subnets, web_sg, secure_cert=certs["www"][copy],
                 log_bucket=bucket)
        if not ctx.bad:
            continue
        bad = _alb(elbv2, f"acme-legacy-alb{tail}", subnets, web_sg)
        elbv2.create_listener(LoadBalancerArn=bad, Protocol="HTTP", Port=80, DefaultActions=forward)
        elbv2.create_listener(LoadBalancerArn=bad, Protocol="HTTPS", Port=443,
                              SslPolicy=OUTDATED_POLICY,
                              Certificates=[{"CertificateArn": certs["legacy"][copy]}],
                              DefaultActions=forward)
        published["bad_albs"].append(bad)
        _classic(ctx, elb, f"acme-legacy-elb{tail}", subnets, web_sg)
    ctx.shared["elb"] = {region: published}


def _alb(elbv2: Any, name: str, subnets: list[str], group: str) -> str:
    return str(elbv2.create_load_balancer(
        Name=name, Subnets=subnets, SecurityGroups=[group], Scheme="internet-facing",
        Type="application", Tags=[{"Key": "Owner", "Value": "acme-platform"}],
    )["LoadBalancers"][0]["LoadBalancerArn"])


def _classic(ctx: SeedContext, elb: Any, name: str, subnets: list[str], group: str, *,
             secure_cert: str | None = None, log_bucket: str | None = None) -> None:
    if secure_cert:
        listener = {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                    "InstancePort": 80, "SSLCertificateId": secure_cert}
    else:
        listener = {"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP",
                    "InstancePort": 80}
    elb.create_load_balancer(LoadBalancerName=name, Listeners=[listener], Subnets=subnets,
                             SecurityGroups=[group], Scheme="internet-facing")
    if secure_cert:
        elb.create_load_balancer_policy(
            LoadBalancerName=name, PolicyName=f"{name}-tls12",
            PolicyTypeName="SSLNegotiationPolicyType",
            PolicyAttributes=[{"AttributeName": "Reference-Security-Policy",
                               "AttributeValue": CLASSIC_TLS12}])
        elb.set_load_balancer_policies_of_listener(LoadBalancerName=name, LoadBalancerPort=443,
                                                   PolicyNames=[f"{name}-tls12"])
    if log_bucket:
        elb.modify_load_balancer_attributes(LoadBalancerName=name, LoadBalancerAttributes={
            "AccessLog": {"Enabled": True, "S3BucketName": log_bucket, "EmitInterval": 60,
                          "S3BucketPrefix": f"elb/{name}"}})


def expected(profile: str) -> dict[str, set[str]]:
    # Load balancers live in the home region only.
    if profile == "clean":
        return {check: {"PASS", "NOT_APPLICABLE"} for check in ("DET-02-C03", "DP-02-C02",
                                                                 "DP-02-C03")}
    return {check: {"PASS", "FAIL", "NOT_APPLICABLE"} for check in ("DET-02-C03", "DP-02-C02",
                                                                     "DP-02-C03")}
