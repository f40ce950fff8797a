"""VPC networking facts (regional): VPCs, flow logs, security groups and network ACLs.

Each is one paginated describe call per region, shared by every check that reads it.
"""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "ec2": ("DescribeFlowLogs", "DescribeNetworkAcls", "DescribeSecurityGroups", "DescribeVpcs"),
}


@fact("ec2.vpcs", scope="regional")
def vpcs(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_vpcs", "Vpcs") or []


@fact("ec2.flow_logs", scope="regional")
def flow_logs(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_flow_logs", "FlowLogs") or []


@fact("ec2.security_groups", scope="regional")
def security_groups(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_security_groups", "SecurityGroups") or []


@fact("ec2.network_acls", scope="regional")
def network_acls(api: Api) -> list[dict[str, Any]]:
    return api.paginate("ec2", "describe_network_acls", "NetworkAcls") or []

