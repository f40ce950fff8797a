"""Clients of one session share one parsed service model and one client class across regions."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import boto3
import botocore
import pytest

from seccheck.aws.clients import ClientFactory, LeanModelLoader
from seccheck.aws.guard import ReadOnlyViolation
from seccheck.collect.registry import guard


def _session() -> boto3.Session:
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")


def test_two_regions_share_one_model_and_class_and_still_reach_their_own_region(workshop):
    factory = ClientFactory(workshop.endpoint, guard=guard())
    session = _session()
    east = factory.client(session, "ec2", workshop.regions[0])
    west = factory.client(session, "ec2", workshop.regions[1])
    assert east is not west
    assert east.meta.service_model is west.meta.service_model
    assert type(east) is type(west)
    # Each client keeps its own region, endpoint resolution and event handlers.
    assert (east.meta.region_name, west.meta.region_name) == tuple(workshop.regions[:2])
    assert east.meta.events is not west.meta.events
    east_vpcs = {v["VpcId"] for v in east.describe_vpcs()["Vpcs"]}
    west_vpcs = {v["VpcId"] for v in west.describe_vpcs()["Vpcs"]}
    assert east_vpcs and west_vpcs and not east_vpcs & west_vpcs
    # The read-only guard is on every client, whichever region created the shared class.
    with pytest.raises(ReadOnlyViolation):
        west.create_vpc(CidrBlock="10.9.0.0/16")


def test_another_session_and_plain_boto3_get_their_own():
    factory = ClientFactory("http://127.0.0.1:9", guard=guard())
    sessions = _session(), _session()  # both kept alive: the factory keys clients by session id
    first = factory.client(sessions[0], "sts", "us-east-1")
    second = factory.client(sessions[1], "sts", "us-east-1")
    assert first.meta.service_model is not second.meta.service_model
    plain = boto3.Session(aws_access_key_id="a", aws_secret_access_key="b")
    one = plain.client("sts", region_name="us-east-1")
    two = plain.client("sts", region_name="eu-west-1")
    assert one.meta.service_model is not two.meta.service_model
    assert type(one) is not type(two)


def test_lean_model_equals_botocores_apart_from_documentation_text():
    path = Path(botocore.__file__).parent / "data" / "ec2" / "2016-11-15" / "service-2.json.gz"
    full = json.loads(gzip.decompress(path.read_bytes()))
    lean = LeanModelLoader().load_file(str(path).removesuffix(".json.gz"))

    def undocumented(node):
        if isinstance(node, dict):
            return {
                k: "" if k in ("documentation", "documentationUrl") and isinstance(v, str)
                else undocumented(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [undocumented(v) for v in node]
        return node

    assert lean == undocumented(full)
