"""VPC network checks: flow logs, security groups, network ACLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
ANYWHERE = ("0.0.0.0/0", "::/0")
TCP = ("tcp", "6")
ALL_PROTOCOLS = ("-1", "all")


def ec2_arn(ctx: Context, kind: str, resource_id: str) -> str:
    return f"arn:{ctx.partition}:ec2:{ctx.region}:{ctx.account}:{kind}/{resource_id}"


def name_tag(resource: dict[str, Any]) -> str:
    for tag in resource.get("Tags") or []:
        if tag.get("Key") == "Name":
            return str(tag.get("Value", ""))
    return ""


def label(resource_id: str, resource: dict[str, Any]) -> str:
    """`id (Name)` for people reading a reason; just the id when untagged."""
    name = name_tag(resource)
    return f"{resource_id} ({name})" if name else resource_id


def ports_label(ports: Iterable[int]) -> str:
    return " and ".join(f"{ADMIN_PORTS[p]} ({p})" for p in sorted(set(ports)))


# -- security group rules ---------------------------------------------------------------------


def _admin_ports_covered(permission: dict[str, Any]) -> list[int]:
    protocol = str(permission.get("IpProtocol", "")).lower()
    if protocol in ALL_PROTOCOLS:
        return sorted(ADMIN_PORTS)
    if protocol not in TCP:
        return []
    low, high = permission.get("FromPort"), permission.get("ToPort")
    if low is None or high is None or low == -1:
        return sorted(ADMIN_PORTS)
    return [p for p in sorted(ADMIN_PORTS) if low <= p <= high]


def _sources(permission: dict[str, Any]) -> list[str]:
    found = [r.get("CidrIp", "") for r in permission.get("IpRanges", [])]
    found += [r.get("CidrIpv6", "") for r in permission.get("Ipv6Ranges", [])]
    found += [p.get("GroupId", "") for p in permission.get("UserIdGroupPairs", [])]
    found += [p.get("PrefixListId", "") for p in permission.get("PrefixListIds", [])]
    return [s for s in found if s]


def admin_rules(group: dict[str, Any], *, internet_only: bool) -> list[dict[str, Any]]:
    """Ingress rules of a group that reach SSH or RDP (from the internet, or from any source)."""
    out = []
    for permission in group.get("IpPermissions", []):
        ports = _admin_ports_covered(permission)
        sources = [s for s in _sources(permission) if not internet_only or s in ANYWHERE]
        if ports and sources:
            out.append({"ports": ports, "sources": sources,
                        "protocol": permission.get("IpProtocol")})
    return out


def describe_rules(rules: list[dict[str, Any]]) -> str:
    return "; ".join(f"{ports_label(r['ports'])} from {', '.join(r['sources'])}" for r in rules)


# -- checks -----------------------------------------------------------------------------------


def vpc_not_in_scope(ctx: Context, vpc: dict[str, Any], check_id: str, what: str,
                     logging: bool, **details: Any) -> Finding | None:
    """The finding for a VPC this account is not judged on for `what`, else None.

    One rule for every per-VPC logging check (DET-02-C01 flow logs, DET-02-C08 DNS query
    logging): a VPC shared through RAM by another account is set up by its owner (not judged
    here); an unused default VPC (no network interface; AWS creates one in every region) that
    does not log carries no traffic to log (N/A). A default VPC whose use is unknown is judged.
    """
    vpc_id, resource = vpc["VpcId"], ec2_arn(ctx, "vpc", vpc["VpcId"])
    owner = vpc.get("OwnerId")
    if owner and owner != ctx.account:
        return Finding.not_judged(resource, f"VPC {label(vpc_id, vpc)} is shared with this "
                                            f"account by {owner}; its {what} belongs to the "
                                            f"owner: assess {check_id} there", **details)
    if vpc.get("IsDefault") and vpc.get("in_use") is False and not logging:
        return Finding.not_applicable(resource, f"default VPC {label(vpc_id, vpc)} has no "
                                                "network interface: nothing runs in it",
                                      **details)
    return None


@check("DET-02-C01", "ec2.vpcs", "ec2.flow_logs")
def vpc_flow_logs(ctx: Context, vpcs: list[dict[str, Any]],
                  flow_logs: list[dict[str, Any]]) -> Iterator[Finding]:
    if not vpcs:
        yield Finding.not_applicable(ctx.account_arn, f"no VPCs in {ctx.region}")
        return
    by_vpc: dict[str, list[dict[str, Any]]] = {}
    for flow_log in flow_logs:
        by_vpc.setdefault(flow_log.get("ResourceId", ""), []).append(flow_log)
    for vpc in vpcs:
        vpc_id = vpc["VpcId"]
        logs = by_vpc.get(vpc_id, [])
        active = [f for f in logs if f.get("FlowLogStatus") == "ACTIVE"]
        capturing = [f for f in active if f.get("TrafficType") in ("ALL", "REJECT")]
        # DeliverLogsStatus FAILED: the flow log exists but its records are not arriving.
        delivering = [f for f in capturing if f.get("DeliverLogsStatus") != "FAILED"]
        traffic = sorted({str(f.get("TrafficType")) for f in delivering})
        details = {"name": name_tag(vpc), "flow_logs": [
            {"id": f.get("FlowLogId"), "status": f.get("FlowLogStatus"),
             "traffic": f.get("TrafficType"), "destination": f.get("LogDestination")
             or f.get("LogGroupName"), "delivery": f.get("DeliverLogsStatus")} for f in logs]}
        resource = ec2_arn(ctx, "vpc", vpc_id)
        skipped = vpc_not_in_scope(ctx, vpc, "DET-02-C01", "flow logging", bool(active),
                                   **details)
        if skipped:
            yield skipped
            continue
        if delivering:
            kind = "ALL" if "ALL" in traffic else "REJECT"
            yield Finding.passed(resource, f"VPC {label(vpc_id, vpc)} has an active flow log "
                                           f"capturing {kind} traffic", **details)
        elif capturing:
            errors = sorted({str(f.get("DeliverLogsErrorMessage") or "no error given")
                             for f in capturing})
            yield Finding.failed(resource, f"VPC {label(vpc_id, vpc)} has a flow log whose "
                                           f"delivery is failing ({', '.join(errors)}): its "
                                           "records are not arriving", **details)
        elif active:
            yield Finding.failed(resource, f"VPC {label(vpc_id, vpc)} logs only accepted traffic; "
                                           "rejected connections (scans, blocked attacks) are "
                                           "not recorded", **details)
        elif logs:
            states = ", ".join(sorted({str(f.get("FlowLogStatus")) for f in logs}))
            yield Finding.failed(resource, f"VPC {label(vpc_id, vpc)} has flow logs but none is "
                                           f"active ({states})", **details)
        else:
            yield Finding.failed(resource, f"VPC {label(vpc_id, vpc)} has no flow log", **details)


@check("INF-03-C01", "ec2.security_groups")
def security_groups_admin_ports(ctx: Context, groups: list[dict[str, Any]]) -> Iterator[Finding]:
    if not groups:
        yield Finding.not_applicable(ctx.account_arn, f"no security groups in {ctx.region}")
        return
    for group in groups:
        group_id = group["GroupId"]
        who = f"security group {group_id} ({name_of(group)})"
        details = {"name": name_of(group), "vpc_id": group.get("VpcId")}
        open_rules = admin_rules(group, internet_only=True)
        resource = ec2_arn(ctx, "security-group", group_id)
        if open_rules:
            yield Finding.failed(resource, f"{who} allows {describe_rules(open_rules)}",
                                 open_rules=open_rules, **details)
        else:
            yield Finding.passed(resource, f"{who} allows neither SSH nor RDP from the internet",
                                 **details)


def name_of(group: dict[str, Any]) -> str:
    """Return a security group's Name tag, else its group name."""
    return name_tag(group) or str(group.get("GroupName", ""))


@check("INF-03-C02", "ec2.security_groups")
def default_security_groups(ctx: Context, groups: list[dict[str, Any]]) -> Iterator[Finding]:
    defaults = [g for g in groups if g.get("GroupName") == "default"]
    if not defaults:
        yield Finding.not_applicable(ctx.account_arn, f"no default security groups in {ctx.region}")
        return
    for group in defaults:
        group_id = group["GroupId"]
        ingress, egress = group.get("IpPermissions", []), group.get("IpPermissionsEgress", [])
        details = {"vpc_id": group.get("VpcId"), "name": name_tag(group),
                   "inbound_rules": len(ingress), "outbound_rules": len(egress)}
        where = f"default security group {group_id} of {group.get('VpcId', 'EC2-Classic')}"
        resource = ec2_arn(ctx, "security-group", group_id)
        if not ingress and not egress:
            yield Finding.passed(resource, f"{where} has no rules", **details)
        else:
            yield Finding.failed(resource, f"{where} still has {len(ingress)} inbound and "
                                           f"{len(egress)} outbound rules; anything placed in it "
                                           "by default gets that access", **details)


def _nacl_entry_matches(entry: dict[str, Any], port: int) -> bool:
    protocol = str(entry.get("Protocol", "")).lower()
    if protocol in ALL_PROTOCOLS:
        return True
    if protocol not in TCP:
        return False
    port_range = entry.get("PortRange") or {}
    low, high = port_range.get("From"), port_range.get("To")
    return low is None or high is None or low <= port <= high


def nacl_admin_exposure(acl: dict[str, Any]) -> list[dict[str, Any]]:
    """(port, source, rule) that a NACL lets in from anywhere, honouring rule order.

    Only whole-internet entries decide this: a narrower deny does not block everyone, and a
    narrower allow does not open to everyone. The lowest-numbered matching entry wins.
    """
    entries = sorted((e for e in acl.get("Entries", []) if not e.get("Egress")),
                     key=lambda e: int(e.get("RuleNumber", 0)))
    exposed = []
    for source in ANYWHERE:
        whole = [e for e in entries if source in (e.get("CidrBlock"), e.get("Ipv6CidrBlock"))]
        for port in sorted(ADMIN_PORTS):
            first = next((e for e in whole if _nacl_entry_matches(e, port)), None)
            if first is not None and first.get("RuleAction") == "allow":
                exposed.append({"port": port, "source": source, "rule": first.get("RuleNumber")})
    return exposed


@check("INF-03-C03", "ec2.network_acls")
def network_acls_admin_ports(ctx: Context, acls: list[dict[str, Any]]) -> Iterator[Finding]:
    if not acls:
        yield Finding.not_applicable(ctx.account_arn, f"no network ACLs in {ctx.region}")
        return
    for acl in acls:
        acl_id = acl["NetworkAclId"]
        exposed = nacl_admin_exposure(acl)
        kind = "default network ACL" if acl.get("IsDefault") else "network ACL"
        who = f"{kind} {label(acl_id, acl)} of {acl.get('VpcId')}"
        details = {"name": name_tag(acl), "vpc_id": acl.get("VpcId"),
                   "is_default": bool(acl.get("IsDefault"))}
        resource = ec2_arn(ctx, "network-acl", acl_id)
        if exposed:
            parts = "; ".join(f"{ports_label([e['port']])} from {e['source']} (rule {e['rule']})"
                              for e in exposed)
            yield Finding.failed(resource, f"{who} allows {parts}", exposed=exposed, **details)
        else:
            yield Finding.passed(resource, f"{who} lets neither SSH nor RDP in from the internet",
                                 **details)
