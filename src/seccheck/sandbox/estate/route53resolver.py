"""Route 53 Resolver estate: DNS query logging for Acme's VPCs in every region.

Good: the company VPCs (and, in the clean estate, the default VPCs) log DNS queries to S3.
Bad (workshop, scale): the default VPCs and lab VPCs have no query logging (the unused default
VPCs are N/A, as for flow logs).
"""

from __future__ import annotations

from ..seeding import SeedContext
from ._acme import log_buckets

ORDER = 50


def seed(ctx: SeedContext) -> None:
    bucket = log_buckets(ctx)["access"]
    for region in ctx.regions:
        resolver = ctx.client("route53resolver", region)
        config = resolver.create_resolver_query_log_config(
            Name="acme-dns-query-logs", DestinationArn=f"arn:aws:s3:::{bucket}",
            CreatorRequestId=f"acme-dns-{region}",
            Tags=[{"Key": "Owner", "Value": "acme-platform"}],
        )["ResolverQueryLogConfig"]["Id"]
        for vpc_id in ctx.shared["ec2"][region]["good_vpcs"]:
            resolver.associate_resolver_query_log_config(ResolverQueryLogConfigId=config,
                                                         ResourceId=vpc_id)


def expected(profile: str) -> dict[str, set[str]]:
    # Unused default VPCs are N/A, as for flow logs (checks/network.py vpc_not_in_scope).
    return {"DET-02-C08": {"PASS"} if profile == "clean" else {"PASS", "FAIL", "NOT_APPLICABLE"}}
