"""Route 53 Resolver check: every VPC has DNS query logging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .network import ec2_arn, label, name_tag, vpc_not_in_scope
from .registry import Context, check


def _state(association: dict[str, Any]) -> str:
    """The status, with AWS's error code when it gives one (`ACTION_NEEDED: ACCESS_DENIED`)."""
    error = association.get("Error")
    status = str(association.get("Status"))
    return f"{status}: {error}" if error and error != "NONE" else status


@check("DET-02-C08", "ec2.vpcs", "route53resolver.query_logging")
def vpc_query_logging(ctx: Context, vpcs: list[dict[str, Any]],
                      logging: dict[str, list[dict[str, Any]]]) -> Iterator[Finding]:
    if not vpcs:
        yield Finding.not_applicable(ctx.account_arn, f"no VPCs in {ctx.region}")
        return
    destinations = {c.get("Id"): c.get("DestinationArn") for c in logging.get("configs", [])}
    by_vpc: dict[str, list[dict[str, Any]]] = {}
    for assoc in logging.get("associations", []):
        by_vpc.setdefault(assoc.get("ResourceId", ""), []).append(assoc)
    for vpc in vpcs:
        vpc_id = vpc["VpcId"]
        assocs = by_vpc.get(vpc_id, [])
        active = [a for a in assocs if a.get("Status") == "ACTIVE"]
        resource = ec2_arn(ctx, "vpc", vpc_id)
        who, name = f"VPC {label(vpc_id, vpc)}", name_tag(vpc)
        skipped = vpc_not_in_scope(ctx, vpc, "DET-02-C08", "DNS query logging", bool(active),
                                   name=name)
        if skipped:
            yield skipped
        elif active:
            targets = sorted({str(destinations.get(a.get("ResolverQueryLogConfigId"))
                                  or a.get("ResolverQueryLogConfigId")) for a in active})
            yield Finding.passed(resource, f"{who} logs DNS queries to {', '.join(targets)}",
                                 name=name, destinations=targets)
        elif assocs:
            states = ", ".join(sorted({_state(a) for a in assocs}))
            yield Finding.failed(resource, f"{who} has DNS query logging that is not active "
                                           f"({states})", name=name)
        else:
            yield Finding.failed(resource, f"{who} has no DNS query logging", name=name)
