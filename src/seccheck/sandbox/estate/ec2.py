"""EC2 estate: Acme's networking, instances, volumes, snapshots and AMIs in every region.

Networking is all of it: VPCs, subnets, routes, security groups, NACLs and flow logs.

Runs early (ORDER 10) and publishes for later modules:
- `ctx.shared["network"][region]`: vpc_id, public/private/exposed subnets (group C's databases);
- `ctx.shared["ec2"][region]`: VPC ids by verdict, security group ids, subnets (for the load
  balancer, API and DNS estates).

Good examples: one hardened company VPC per region ("acme-prod-vpc"). Bad examples (workshop,
scale): moto's default VPCs left as created, an SSH-open bastion, an RDP-open admin group, an
allow-all NACL, an all-traffic and a database security group open to the world,
IMDSv1 instances, unencrypted volumes, a public unencrypted snapshot and a public AMI.
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext, backend
from ._acme import (
    IMAGE_ID,
    LEAKY_TAGS,
    LT_KEY_ID,
    LT_SECRET_KEY,
    USER_DATA_SECRET,
    log_buckets,
    suffix,
    tag_spec,
)

ORDER = 10
ANYWHERE4, ANYWHERE6 = "0.0.0.0/0", "::/0"
ADMIN_PORTS = (22, 3389)
GOOD_IMDS = {"HttpTokens": "required", "HttpEndpoint": "enabled"}
BAD_IMDS = {"HttpTokens": "optional", "HttpEndpoint": "enabled"}
ENCRYPTED_ROOT = [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": True}}]
PLAIN_ROOT = [{"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 8, "Encrypted": False}}]
BASTION_USER_DATA = (
    "#!/bin/bash\n"
    "# legacy bootstrap kept from the first migration\n"
    f"export DB_PASSWORD={USER_DATA_SECRET}\n"
    "yum install -y postgresql\n"
)


WORKER_USER_DATA = (
    "#!/bin/bash\n"
    "# worker bootstrap\n"
    f"export AWS_ACCESS_KEY_ID={LT_KEY_ID}\n"
    f"export AWS_SECRET_ACCESS_KEY={LT_SECRET_KEY}\n"
    "/opt/acme/worker --queue jobs\n"
)
WEB_USER_DATA = "#!/bin/bash\nyum install -y nginx && systemctl enable --now nginx\n"


def _launch_templates(ctx: SeedContext, ec2: Any) -> None:
    """A clean launch template everywhere; one with an AWS key in its user data (bad)."""
    import base64

    def create(name: str, user_data: str) -> None:
        encoded = base64.b64encode(user_data.encode()).decode()
        ec2.create_launch_template(
            LaunchTemplateName=name,
            LaunchTemplateData={"ImageId": IMAGE_ID, "InstanceType": "t3.micro",
                                "UserData": encoded},
        )

    create("acme-web-lt", WEB_USER_DATA)
    if ctx.bad:
        create("acme-legacy-worker-lt", WORKER_USER_DATA)


def seed(ctx: SeedContext) -> None:
    buckets = log_buckets(ctx)
    ctx.shared.setdefault("network", {})
    ctx.shared.setdefault("ec2", {})
    for index, region in enumerate(ctx.regions):
        ec2 = ctx.client("ec2", region)
        state = _company_network(ctx, ec2, index, buckets["flow"])
        state["default_vpc_id"] = default = _default_vpc(ctx, ec2, buckets["flow"], index == 0)
        state["bad_vpcs" if ctx.bad else "good_vpcs"].append(default)
        if index == 0:
            _scale_vpcs(ctx, ec2, state, buckets["flow"])
        _instances_and_storage(ctx, ec2, index, state)
        ctx.shared["ec2"][region] = state
        ctx.shared["network"][region] = {
            "vpc_id": state["vpc_id"],
            "public_subnets": state["public_subnets"],
            "private_subnets": state["private_subnets"],
            "exposed_subnets": state["exposed_subnets"],
        }


# -- networking -------------------------------------------------------------------------------


def _company_network(ctx: SeedContext, ec2: Any, index: int, flow_bucket: str) -> dict[str, Any]:
    prefix = f"10.{10 * (index + 1)}"
    vpc_id = ec2.create_vpc(CidrBlock=f"{prefix}.0.0/16",
                            TagSpecifications=tag_spec("vpc", "acme-prod-vpc"))["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", "acme-prod-igw"))["InternetGateway"]
    ec2.attach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]

    def subnets(kind: str, third: int) -> list[str]:
        return [ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"{prefix}.{third + i}.0/24",
                                  AvailabilityZone=zone,
                                  TagSpecifications=tag_spec("subnet", f"acme-{kind}-{zone[-1]}"))
                ["Subnet"]["SubnetId"] for i, zone in enumerate(zones)]

    def route_table(name: str, members: list[str], internet: bool) -> None:
        table = ec2.create_route_table(VpcId=vpc_id, TagSpecifications=tag_spec(
            "route-table", name))["RouteTable"]["RouteTableId"]
        if internet:
            ec2.create_route(RouteTableId=table, DestinationCidrBlock=ANYWHERE4,
                             GatewayId=igw["InternetGatewayId"])
        for subnet in members:
            ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)

    public, private = subnets("public", 0), subnets("private", 10)
    route_table("acme-public-rt", public, internet=True)
    route_table("acme-private-rt", private, internet=False)
    exposed: list[str] = []
    if ctx.bad:
        # A legacy data tier someone put in internet-routed subnets (group C's bad databases).
        exposed = subnets("legacy-db", 20)
        route_table("acme-legacy-db-rt", exposed, internet=True)
    _flow_log(ec2, vpc_id, flow_bucket)
    _harden_defaults(ec2, vpc_id)
    groups = _security_groups(ctx, ec2, vpc_id, index)
    _network_acls(ctx, ec2, vpc_id)
    return {"vpc_id": vpc_id, "public_subnets": public, "private_subnets": private,
            "exposed_subnets": exposed, "security_groups": groups, "zones": zones,
            "good_vpcs": [vpc_id], "bad_vpcs": []}


def _flow_log(ec2: Any, vpc_id: str, bucket: str) -> None:
    # moto expects the bare bucket ARN (no key prefix) as the S3 destination.
    answer = ec2.create_flow_logs(ResourceIds=[vpc_id], ResourceType="VPC", TrafficType="ALL",
                                  LogDestinationType="s3", LogDestination=f"arn:aws:s3:::{bucket}")
    if answer.get("Unsuccessful"):
        raise RuntimeError(f"flow log for {vpc_id} failed: {answer['Unsuccessful']}")


def _harden_defaults(ec2: Any, vpc_id: str) -> None:
    """Empty the default security group and keep admin ports out of the default NACL."""
    group = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]},
    ])["SecurityGroups"][0]
    if group.get("IpPermissions"):
        ec2.revoke_security_group_ingress(GroupId=group["GroupId"],
                                          IpPermissions=group["IpPermissions"])
    if group.get("IpPermissionsEgress"):
        ec2.revoke_security_group_egress(GroupId=group["GroupId"],
                                         IpPermissions=group["IpPermissionsEgress"])
    acl = ec2.describe_network_acls(Filters=[
        {"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "default", "Values": ["true"]},
    ])["NetworkAcls"][0]["NetworkAclId"]
    _deny_admin_ports(ec2, acl, first_rule=10)


def _deny_admin_ports(ec2: Any, acl: str, first_rule: int) -> None:
    rule = first_rule
    for port in ADMIN_PORTS:
        for cidr in ({"CidrBlock": ANYWHERE4}, {"Ipv6CidrBlock": ANYWHERE6}):
            ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=rule, Protocol="6",
                                         RuleAction="deny", Egress=False,
                                         PortRange={"From": port, "To": port}, **cidr)
            rule += 1


def _group(ec2: Any, vpc_id: str, name: str, description: str,
           rules: list[dict[str, Any]]) -> str:
    group_id = ec2.create_security_group(
        GroupName=name, Description=description, VpcId=vpc_id,
        TagSpecifications=tag_spec("security-group", name))["GroupId"]
    if rules:
        ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=rules)
    return str(group_id)


def _tcp(port: int, *, cidr: str | None = None, cidr6: str | None = None,
         group: str | None = None, to_port: int | None = None) -> dict[str, Any]:
    rule: dict[str, Any] = {"IpProtocol": "tcp", "FromPort": port, "ToPort": to_port or port}
    if cidr:
        rule["IpRanges"] = [{"CidrIp": cidr}]
    if cidr6:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr6}]
    if group:
        rule["UserIdGroupPairs"] = [{"GroupId": group}]
    return rule


def _security_groups(ctx: SeedContext, ec2: Any, vpc_id: str, index: int) -> dict[str, str]:
    web = _group(ec2, vpc_id, "acme-web-sg", "Public HTTPS entry point",
                 [_tcp(443, cidr=ANYWHERE4, cidr6=ANYWHERE6), _tcp(80, cidr=ANYWHERE4)])
    groups = {
        "web": web,
        "app": _group(ec2, vpc_id, "acme-app-sg", "Application tier, from the web tier only",
                      [_tcp(8080, group=web)]),
        "ops": _group(ec2, vpc_id, "acme-ops-sg", "SSH from the corporate network only",
                      [_tcp(22, cidr="10.0.0.0/8")]),
    }
    if ctx.bad and index == 0:
        groups["bastion"] = _group(ec2, vpc_id, "acme-bastion-sg", "Jump host (legacy)",
                                   [_tcp(22, cidr=ANYWHERE4)])
    if ctx.bad and index == 1:
        groups["windows_admin"] = _group(ec2, vpc_id, "acme-windows-admin-sg",
                                         "RDP for the EU support team",
                                         [_tcp(3389, cidr6=ANYWHERE6)])
    if ctx.bad and index == 0:
        # Not published in `groups`: nothing else should be launched into these.
        _group(ec2, vpc_id, "acme-debug-sg", "Opened to everything while debugging",
               [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": ANYWHERE4}]}])
        _group(ec2, vpc_id, "acme-legacy-db-sg", "Reporting database reached by a vendor",
               [_tcp(3306, cidr=ANYWHERE4), _tcp(6379, cidr6=ANYWHERE6)])
    return groups


def _network_acls(ctx: SeedContext, ec2: Any, vpc_id: str) -> None:
    public = ec2.create_network_acl(VpcId=vpc_id, TagSpecifications=tag_spec(
        "network-acl", "acme-public-nacl"))["NetworkAcl"]["NetworkAclId"]
    for rule, (low, high) in enumerate([(443, 443), (80, 80), (32768, 65535)], start=1):
        ec2.create_network_acl_entry(NetworkAclId=public, RuleNumber=rule * 100, Protocol="6",
                                     RuleAction="allow", Egress=False, CidrBlock=ANYWHERE4,
                                     PortRange={"From": low, "To": high})
    ec2.create_network_acl_entry(NetworkAclId=public, RuleNumber=100, Protocol="-1",
                                 RuleAction="allow", Egress=True, CidrBlock=ANYWHERE4)
    if ctx.bad:
        legacy = ec2.create_network_acl(VpcId=vpc_id, TagSpecifications=tag_spec(
            "network-acl", "acme-legacy-nacl"))["NetworkAcl"]["NetworkAclId"]
        ec2.create_network_acl_entry(NetworkAclId=legacy, RuleNumber=100, Protocol="6",
                                     RuleAction="allow", Egress=False, CidrBlock=ANYWHERE4,
                                     PortRange={"From": 0, "To": 65535})


def _default_vpc(ctx: SeedContext, ec2: Any, flow_bucket: str, used: bool) -> str:
    """Return moto's default VPC, hardened in the clean estate, left as AWS creates it otherwise.

    In the bad estates the first region's default VPC holds a forgotten network interface (in
    use, so its missing flow log FAILs); elsewhere it stays empty (unused: N/A).
    """
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    vpc_id = vpcs[0]["VpcId"]
    if not ctx.bad:
        _flow_log(ec2, vpc_id, flow_bucket)
        _harden_defaults(ec2, vpc_id)
    elif used:
        subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])
        ec2.create_network_interface(
            SubnetId=subnets["Subnets"][0]["SubnetId"], Description="forgotten test interface"
        )
    return str(vpc_id)


def _scale_vpcs(ctx: SeedContext, ec2: Any, state: dict[str, Any], flow_bucket: str) -> None:
    """Extra team VPCs for the scale scenario, one per further copy.

    Half hardened, as team VPCs often are: flow logs and DNS query logs on (good), default
    security group and network ACL left as created (bad). Two calls each keeps N=100 cheap.
    """
    for copy in range(1, ctx.copies):
        cidr = f"10.{100 + copy // 256}.{copy % 256}.0/24"
        vpc_id = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=tag_spec(
            "vpc", f"acme-svc{suffix(copy)}-vpc"))["Vpc"]["VpcId"]
        _flow_log(ec2, vpc_id, flow_bucket)
        state["good_vpcs"].append(vpc_id)


# -- compute and storage ----------------------------------------------------------------------


def _launch(
    ec2: Any,
    name: str,
    count: int,
    subnet: str,
    groups: list[str],
    *,
    imds: dict[str, str],
    root: list[dict[str, Any]],
    user_data: str | None = None,
) -> list[str]:
    """Launch `count` identical instances in one call (scale copies cost nothing extra)."""
    params: dict[str, Any] = {
        "ImageId": IMAGE_ID, "InstanceType": "t3.micro", "MinCount": count, "MaxCount": count,
        "SubnetId": subnet, "SecurityGroupIds": groups, "MetadataOptions": imds,
        "BlockDeviceMappings": root,
        "TagSpecifications": tag_spec("instance", name, Application=name.split("-")[1])
        + tag_spec("volume", f"{name}-root"),
    }
    if user_data:
        params["UserData"] = user_data
    return [i["InstanceId"] for i in ec2.run_instances(**params)["Instances"]]


def _instances_and_storage(ctx: SeedContext, ec2: Any, index: int, state: dict[str, Any]) -> None:
    groups, copies = state["security_groups"], ctx.copies
    private, public = state["private_subnets"], state["public_subnets"]
    zone = state["zones"][0]
    if index == 0:
        good = _launch(ec2, "acme-payments-prod", 2 * copies, private[0],
                       [groups["app"], groups["ops"]], imds=GOOD_IMDS, root=ENCRYPTED_ROOT)
        if ctx.bad:
            bastion = _launch(ec2, "acme-bastion", copies, public[0], [groups["bastion"]],
                              imds=BAD_IMDS, root=PLAIN_ROOT, user_data=BASTION_USER_DATA)
            # Secrets left in tags: found by value, never shown (tests/aws/test_secret_values.py).
            ec2.create_tags(
                Resources=bastion, Tags=[{"Key": k, "Value": v} for k, v in LEAKY_TAGS.items()]
            )
        _volumes_snapshots_images(ctx, ec2, zone, good[0])
        _launch_templates(ctx, ec2)
    elif index == 1:
        _launch(ec2, "acme-web-eu", copies, public[0], [groups["web"]], imds=GOOD_IMDS,
                root=ENCRYPTED_ROOT)
        if ctx.bad:
            _launch(ec2, "acme-legacy-worker", copies, private[0], [groups["windows_admin"]],
                    imds=BAD_IMDS, root=PLAIN_ROOT)
    else:
        _launch(ec2, "acme-batch-apac", copies, private[0], [groups["app"]], imds=GOOD_IMDS,
                root=ENCRYPTED_ROOT)
        for copy in range(copies):
            name = f"acme-archive-data{suffix(copy)}"
            ec2.create_volume(AvailabilityZone=zone, Size=50, Encrypted=True,
                              TagSpecifications=tag_spec("volume", name))
    # Turned on last: moto would otherwise encrypt the deliberately unencrypted volumes too.
    if not (ctx.bad and index == 1):
        ec2.enable_ebs_encryption_by_default()


def _volumes_snapshots_images(ctx: SeedContext, ec2: Any, zone: str, instance: str) -> None:
    for copy in range(ctx.copies):
        tail = suffix(copy)
        data = ec2.create_volume(AvailabilityZone=zone, Size=20, Encrypted=True,
                                 TagSpecifications=tag_spec("volume", f"acme-payments-data{tail}"))
        ec2.create_snapshot(
            VolumeId=data["VolumeId"], Description="nightly payments backup",
            TagSpecifications=tag_spec("snapshot", f"acme-payments-data-snap{tail}"))
        base = ec2.create_image(InstanceId=instance, Name=f"acme-base-ami{tail}",
                                Description="Hardened Acme base image")["ImageId"]
        _like_its_root_volume(ctx, zone, base)
        if not ctx.bad:
            continue
        old = ec2.create_volume(AvailabilityZone=zone, Size=20, Encrypted=False,
                                TagSpecifications=tag_spec("volume", f"acme-old-export{tail}"))
        shared = ec2.create_snapshot(
            VolumeId=old["VolumeId"], Description="export for a partner",
            TagSpecifications=tag_spec("snapshot", f"acme-partner-export-snap{tail}"))
        ec2.modify_snapshot_attribute(SnapshotId=shared["SnapshotId"],
                                      Attribute="createVolumePermission",
                                      OperationType="add", GroupNames=["all"])
        image = ec2.create_image(InstanceId=instance, Name=f"acme-public-demo-ami{tail}",
                                 Description="Demo image shared at a conference")["ImageId"]
        _like_its_root_volume(ctx, zone, image)
        ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})


def _like_its_root_volume(ctx: SeedContext, zone: str, image_id: str) -> None:
    """Encrypt the snapshot backing an AMI of the (encrypted-root) instance, as AWS does.

    moto backs every AMI with a fresh unencrypted snapshot whatever the instance's root volume.
    """
    ami = backend("ec2", ctx.account, zone[:-1]).amis[image_id]
    ami.ebs_snapshot.encrypted = True


# -- what a full run reports ------------------------------------------------------------------


def expected(profile: str) -> dict[str, set[str]]:
    if profile == "clean":
        return {
            "DET-02-C01": {"PASS"},
            "INF-01-C06": {"PASS"},
            "INF-03-C01": {"PASS"},
            "INF-03-C02": {"PASS"},
            "INF-03-C03": {"PASS"},
            "INF-03-C07": {"PASS"},
            "INF-03-C08": {"PASS"},
            "DP-01-C01": {"PASS"},
            "DP-01-C02": {"PASS"},
            # Snapshots and AMIs live in the home region only.
            "DP-01-C03": {"PASS", "NOT_APPLICABLE"},
            "DP-01-C15": {"PASS", "NOT_APPLICABLE"},
            "IAM-04-C05": {"PASS"},
        }
    return {
        "DET-02-C01": {"PASS", "FAIL", "NOT_APPLICABLE"},
        "INF-01-C06": {"PASS", "FAIL"},
        "INF-03-C01": {"PASS", "FAIL"},
        "INF-03-C02": {"PASS", "FAIL"},
        "INF-03-C03": {"PASS", "FAIL"},
        "INF-03-C07": {"PASS", "FAIL"},
        "INF-03-C08": {"PASS", "FAIL"},
        "DP-01-C01": {"PASS", "FAIL"},
        "DP-01-C02": {"PASS", "FAIL"},
        "DP-01-C03": {"PASS", "FAIL", "NOT_APPLICABLE"},
        "DP-01-C15": {"PASS", "FAIL", "NOT_APPLICABLE"},
        # The bastion's user data (DB_PASSWORD) and acme-legacy-worker-lt (an AWS key) FAIL.
        "IAM-04-C05": {"PASS", "FAIL"},
    }
