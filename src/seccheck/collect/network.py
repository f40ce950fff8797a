"""VPC networking facts (regional): VPCs, flow logs, security groups and network ACLs.

Each is one paginated describe call per region, shared by every check that reads it.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ec2": (
        "DescribeFlowLogs",
        "DescribeNetworkAcls",
        "DescribeNetworkInterfaces",
        "DescribeSecurityGroups",
        "DescribeVpcs",
    ),
}


@fact("ec2.vpcs", scope="regional")
def vpcs(api: Api) -> list[dict[str, Any]]:
    """VPCs; a default VPC also gets `in_use` (has a network interface; None: unknown).

    One small filtered DescribeNetworkInterfaces per default VPC: an unused default VPC (AWS
    creates one in every region) carries no traffic to log.
    """
    out = []
    for vpc in api.paginate("ec2", "describe_vpcs", "Vpcs") or []:
        entry = dict(vpc)
        if vpc.get("IsDefault"):
            try:
                reply = api.call(
                    "ec2",
                    "describe_network_interfaces",
                    resource=vpc["VpcId"],
                    Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}],
                    MaxResults=5,
                )
                entry["in_use"] = bool(reply.get("NetworkInterfaces"))
            except ApiError:
                entry["in_use"] = None  # unknown: judged like any VPC
        out.append(entry)
    return out


@fact("ec2.flow_logs", scope="regional")
def flow_logs(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_flow_logs", "FlowLogs") or []


@fact("ec2.security_groups", scope="regional")
def security_groups(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_security_groups", "SecurityGroups") or []


@fact("ec2.network_acls", scope="regional")
def network_acls(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_network_acls", "NetworkAcls") or []

