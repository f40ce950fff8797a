"""Clients: lean service models (documentation text dropped, the API intact)."""

import boto3

from seccheck.aws.clients import ClientFactory
from seccheck.collect.registry import guard


def test_lean_models_keep_the_api_and_drop_the_docs(workshop):
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    client = ClientFactory(workshop.endpoint, guard=guard()).client(session, "ec2", "eu-west-1")
    model = client.meta.service_model.operation_model("DescribeInstances")
    assert model.documentation == ""
    assert "InstanceIds" in model.input_shape.members
    assert client.can_paginate("describe_instances")
    reservations = client.describe_instances()["Reservations"]
    assert isinstance(reservations, list)
    # a user's own session elsewhere keeps full documentation
    other = boto3.Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
    assert other.client("ec2").meta.service_model.operation_model("DescribeInstances").documentation
