"""Security group checks for ports open to the whole internet: all ports, and high-risk ports.

INF-03-C01 covers SSH and RDP; these two cover the rest of what scanners look for. Only
whole-internet sources count (0.0.0.0/0, ::/0), as in Prowler's `..._to_all_ports` and
`..._to_high_risk_tcp_ports` checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .network import ALL_PROTOCOLS, ANYWHERE, ec2_arn, name_of
from .registry import Context, check

# Prowler's default `ec2_high_risk_ports` (25, 110, 135, 143, 445, 3000, 4333, 5000, 5500, 8080,
# 8088) plus the ports of its port-specific checks (FTP, Telnet, CIFS/NetBIOS, SQL Server,
# Oracle, MySQL, PostgreSQL, MongoDB, Cassandra, Redis, Memcached, Kafka, Elasticsearch/Kibana).
HIGH_RISK_PORTS: dict[int, str] = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    25: "SMTP",
    110: "POP3",
    135: "RPC",
    137: "NetBIOS name",
    138: "NetBIOS datagram",
    139: "NetBIOS session",
    143: "IMAP",
    445: "CIFS/SMB",
    1433: "SQL Server",
    1434: "SQL Server browser",
    1521: "Oracle",
    2483: "Oracle",
    2484: "Oracle (TLS)",
    3000: "web development server",
    3306: "MySQL",
    4333: "mSQL",
    5000: "web development server",
    5432: "PostgreSQL",
    5500: "VNC",
    5601: "Kibana",
    6379: "Redis",
    7199: "Cassandra JMX",
    8080: "HTTP proxy / app server",
    8088: "Hadoop / app server",
    8888: "Cassandra / notebook server",
    9042: "Cassandra",
    9092: "Kafka",
    9160: "Cassandra Thrift",
    9200: "Elasticsearch",
    9300: "Elasticsearch transport",
    11211: "Memcached",
    27017: "MongoDB",
    27018: "MongoDB",
}
# Protocols that carry ports; both count (Memcached and NetBIOS are abused over UDP).
PORT_PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp"}
ALL_PORTS = (0, 65535)
LISTED = 6  # ports named in a reason before "and N more"


def world_rules(group: dict[str, Any]) -> list[dict[str, Any]]:
    """Ingress rules reachable from the whole internet: protocol, port range and sources.

    `ports` is None for protocols without ports (ICMP and others), which these checks ignore.
    """
    out = []
    for permission in group.get("IpPermissions", []):
        sources = [r.get("CidrIp") for r in permission.get("IpRanges") or []]
        sources += [r.get("CidrIpv6") for r in permission.get("Ipv6Ranges") or []]
        world = sorted({s for s in sources if s in ANYWHERE})
        if not world:
            continue
        raw = str(permission.get("IpProtocol", "")).lower()
        low, high = permission.get("FromPort"), permission.get("ToPort")
        if raw in ALL_PROTOCOLS:
            protocol, ports = "all", ALL_PORTS
        elif raw in PORT_PROTOCOLS:
            protocol = PORT_PROTOCOLS[raw]
            ports = ALL_PORTS if low in (None, -1) or high in (None, -1) else (low, high)
        else:
            protocol, ports = raw, None
        out.append({"protocol": protocol, "ports": ports, "sources": world})
    return out


def all_ports_rules(group: dict[str, Any]) -> list[dict[str, Any]]:
    """World-open rules that cover every port (all traffic, or a 0-65535 TCP/UDP range)."""
    return [r for r in world_rules(group) if r["ports"] == ALL_PORTS]


def high_risk_exposure(group: dict[str, Any]) -> list[dict[str, Any]]:
    """(port, service, protocol, sources) of each high-risk port the group opens to the world."""
    seen: dict[tuple[int, str], dict[str, Any]] = {}
    for rule in world_rules(group):
        if rule["ports"] is None:
            continue
        low, high = rule["ports"]
        protocols = ("tcp", "udp") if rule["protocol"] == "all" else (rule["protocol"],)
        for port, service in HIGH_RISK_PORTS.items():
            if not low <= port <= high:
                continue
            for protocol in protocols:
                hit = seen.setdefault((port, protocol), {"port": port, "service": service,
                                                         "protocol": protocol, "sources": []})
                hit["sources"] = sorted(set(hit["sources"]) | set(rule["sources"]))
    return [seen[k] for k in sorted(seen)]


def _describe_ports(exposure: list[dict[str, Any]]) -> str:
    named = [f"{e['service']} ({e['port']}/{e['protocol']})" for e in exposure]
    text = ", ".join(named[:LISTED])
    return text + (f" and {len(named) - LISTED} more" if len(named) > LISTED else "")


def _groups(ctx: Context, groups: list[dict[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any],
                                                                            dict[str, Any]]]:
    for group in groups:
        group_id = group["GroupId"]
        yield (ec2_arn(ctx, "security-group", group_id),
               f"security group {group_id} ({name_of(group)})", group,
               {"name": name_of(group), "vpc_id": group.get("VpcId")})


@check("INF-03-C07", "ec2.security_groups")
def security_groups_all_ports(ctx: Context, groups: list[dict[str, Any]]) -> Iterator[Finding]:
    if not groups:
        yield Finding.not_applicable(ctx.account_arn, f"no security groups in {ctx.region}")
        return
    for resource, who, group, details in _groups(ctx, groups):
        rules = all_ports_rules(group)
        if rules:
            parts = "; ".join(
                ("all traffic" if r["protocol"] == "all" else f"every {r['protocol'].upper()} "
                 "port") + f" from {', '.join(r['sources'])}" for r in rules)
            yield Finding.failed(resource, f"{who} allows {parts}", open_rules=rules, **details)
        else:
            yield Finding.passed(resource, f"{who} opens no all-ports rule to the internet",
                                 **details)


@check("INF-03-C08", "ec2.security_groups")
def security_groups_high_risk_ports(ctx: Context,
                                    groups: list[dict[str, Any]]) -> Iterator[Finding]:
    if not groups:
        yield Finding.not_applicable(ctx.account_arn, f"no security groups in {ctx.region}")
        return
    for resource, who, group, details in _groups(ctx, groups):
        exposure = high_risk_exposure(group)
        if exposure:
            sources = sorted({s for e in exposure for s in e["sources"]})
            yield Finding.failed(resource, f"{who} opens {_describe_ports(exposure)} to "
                                           f"{', '.join(sources)}", exposed=exposure, **details)
        else:
            yield Finding.passed(resource, f"{who} opens no high-risk port (databases, caches, "
                                           "file sharing, legacy protocols) to the internet",
                                 **details)
