"""Load balancer facts (regional): ALB/NLB (elbv2) and Classic Load Balancers (elb).

Attributes, listeners and negotiation policies are only readable per load balancer, so those
are one call each; a failed per-balancer read becomes `Unreadable` for that balancer only.
ALB and NLB access logs can also go through CloudWatch Logs vended delivery instead of the
`access_logs.s3.*` attributes; those deliveries are read once per region, and only when some
balancer's attributes do not already show access logs on.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .fanout import read_each
from .log_delivery import deliveries_by_resource
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "elb": (
        "DescribeLoadBalancerAttributes",
        "DescribeLoadBalancerPolicies",
        "DescribeLoadBalancers",
    ),
    "elbv2": (
        "DescribeListeners",
        "DescribeLoadBalancerAttributes",
        "DescribeLoadBalancers",
        "DescribeSSLPolicies",
    ),
    "logs": ("DescribeDeliveries", "DescribeDeliverySources"),
}

# CloudWatch Logs PutDeliverySource `logType` of ALB and NLB access logs (CloudWatch Logs API
# reference); Classic Load Balancers have no vended logs.
ACCESS_LOG_TYPES = ("ALB_ACCESS_LOGS", "NLB_ACCESS_LOGS")


@fact("elbv2.load_balancers", scope="regional")
def load_balancers(api: Api) -> list[dict[str, Any]]:
    return api.paginate("elbv2", "describe_load_balancers", "LoadBalancers") or []


@fact("elbv2.attributes", scope="regional")
def attributes(api: Api) -> dict[str, dict[str, str] | Unreadable]:
    """Load balancer ARN -> {attribute key: value}."""

    def read(arn: str) -> dict[str, str]:
        resp = api.call("elbv2", "describe_load_balancer_attributes", resource=arn,
                        LoadBalancerArn=arn)
        return {a["Key"]: a.get("Value", "") for a in resp.get("Attributes", [])}

    arns = [lb["LoadBalancerArn"] for lb in load_balancers(api)]
    return dict(zip(arns, read_each(api, "elbv2", arns, read), strict=True))


def _logs_to_s3(attrs: dict[str, str] | Unreadable | None) -> bool:
    return isinstance(attrs, dict) and attrs.get("access_logs.s3.enabled") == "true"


@fact("elbv2.vended_access_logs", scope="regional")
def vended_access_logs(api: Api) -> dict[str, list[dict[str, Any]]] | Unreadable:
    """ALB/NLB ARN -> its CloudWatch Logs access-log deliveries (Unreadable: could not be read).

    Not read when every ALB and NLB already writes access logs to S3 by its attributes.
    """
    attrs = attributes(api)
    unlogged = [
        lb for lb in load_balancers(api)
        if lb.get("Type") in ("application", "network")
        and not _logs_to_s3(attrs.get(lb["LoadBalancerArn"]))
    ]
    if not unlogged:
        return {}
    try:
        return deliveries_by_resource(api, ACCESS_LOG_TYPES)
    except ApiError as err:
        return Unreadable(err.status, err.reason)


@fact("elbv2.listeners", scope="regional")
def listeners(api: Api) -> dict[str, list[dict[str, Any]] | Unreadable]:
    """Load balancer ARN -> its listeners."""

    def read(arn: str) -> list[dict[str, Any]]:
        return api.paginate("elbv2", "describe_listeners", "Listeners", resource=arn,
                            LoadBalancerArn=arn) or []

    arns = [lb["LoadBalancerArn"] for lb in load_balancers(api)]
    return dict(zip(arns, read_each(api, "elbv2", arns, read), strict=True))


@fact("elbv2.ssl_policies", scope="regional")
def ssl_policies(api: Api) -> dict[str, list[str]]:
    """Predefined TLS policy name -> the protocols it allows (one call for all policies).

    Not read at all in a region without load balancers.
    """
    if not load_balancers(api) and not classic_load_balancers(api):
        return {}
    policies = api.paginate("elbv2", "describe_ssl_policies", "SslPolicies") or []
    return {p["Name"]: list(p.get("SslProtocols", [])) for p in policies}


@fact("elb.load_balancers", scope="regional")
def classic_load_balancers(api: Api) -> list[dict[str, Any]]:
    return api.paginate("elb", "describe_load_balancers", "LoadBalancerDescriptions") or []


@fact("elb.attributes", scope="regional")
def classic_attributes(api: Api) -> dict[str, dict[str, Any] | Unreadable]:
    """Classic load balancer name -> LoadBalancerAttributes.

    Calls are tagged with the name: findings use the balancer ARN, which ends with it.
    """

    def read(name: str) -> dict[str, Any]:
        resp = api.call("elb", "describe_load_balancer_attributes",
                        resource=name, LoadBalancerName=name)
        return dict(resp.get("LoadBalancerAttributes", {}))

    names = [lb["LoadBalancerName"] for lb in classic_load_balancers(api)]
    return dict(zip(names, read_each(api, "elb", names, read), strict=True))


@fact("elb.policies", scope="regional")
def classic_policies(api: Api) -> dict[str, list[dict[str, Any]] | Unreadable]:
    """Classic load balancer name -> its policy descriptions.

    Only balancers with an HTTPS or SSL listener are read: the others have no TLS policy.
    """

    def read(name: str) -> list[dict[str, Any]]:
        resp = api.call("elb", "describe_load_balancer_policies",
                        resource=name, LoadBalancerName=name)
        return list(resp.get("PolicyDescriptions", []))

    names = [
        lb["LoadBalancerName"]
        for lb in classic_load_balancers(api)
        if {d.get("Listener", {}).get("Protocol", "").upper()
            for d in lb.get("ListenerDescriptions", [])} & {"HTTPS", "SSL"}
    ]
    return dict(zip(names, read_each(api, "elb", names, read), strict=True))
