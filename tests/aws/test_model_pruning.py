"""Service models keep exactly what the guard's operations need (aws/model_pruning.py)."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.session
import pytest

from seccheck.aws.clients import ClientFactory
from seccheck.aws.guard import Guard, ReadOnlyViolation
from seccheck.aws.model_pruning import empty_structure, prune
from seccheck.collect.registry import guard

NOWHERE = "http://127.0.0.1:9"  # nothing listens: a call that were sent would fail to connect


def _session() -> boto3.Session:
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")


def _tree(shape: Any, seen: frozenset[str] = frozenset()) -> Any:
    """A shape as plain data, recursively (a recursive shape stops at its second visit)."""
    if shape is None:
        return None
    if shape.name in seen:
        return shape.name
    seen = seen | {shape.name}
    out: dict[str, Any] = {"name": shape.name, "type": shape.type_name}
    if shape.type_name == "structure":
        out["members"] = {k: _tree(v, seen) for k, v in shape.members.items()}
        out["required"] = sorted(shape.required_members)
    elif shape.type_name == "list":
        out["member"] = _tree(shape.member, seen)
    elif shape.type_name == "map":
        out["key"], out["value"] = _tree(shape.key, seen), _tree(shape.value, seen)
    else:
        out["enum"] = getattr(shape, "enum", None)  # StringShape only
    out["serialization"] = shape.serialization
    return out


def test_every_allowed_operation_keeps_its_whole_input_output_and_errors():
    factory = ClientFactory(NOWHERE, guard=guard())
    session = _session()
    full = botocore.session.get_session()
    services = sorted({s for s, _ in factory.guard.allowed})
    checked = 0
    for service in services:
        ours = factory.client(session, service, "us-east-1").meta.service_model
        theirs = full.get_service_model(service)
        for op in sorted(o for s, o in factory.guard.allowed if s == service):
            if op not in theirs.operation_names:
                continue  # an operation botocore lacks is caught by test_guard
            mine, ref = ours.operation_model(op), theirs.operation_model(op)
            assert _tree(mine.input_shape) == _tree(ref.input_shape), (service, op)
            assert _tree(mine.output_shape) == _tree(ref.output_shape), (service, op)
            assert [_tree(e) for e in mine.error_shapes] == [_tree(e) for e in ref.error_shapes]
            checked += 1
    assert checked > 140


def test_the_models_are_cut_down():
    session = _session()
    ec2 = ClientFactory(NOWHERE, guard=guard()).client(session, "ec2", "us-east-1")
    full = botocore.session.get_session().get_service_model("ec2")
    model = ec2.meta.service_model
    # Removed operations' inputs and outputs stay, as empty structures.
    real = [n for n in model.shape_names if model.shape_for(n).type_name != "structure"
            or model.shape_for(n).members]
    assert len(real) < len(full.shape_names) / 10
    # Every operation is still there, so a refused one is refused by the guard, not missing.
    assert ec2.meta.service_model.operation_names == full.operation_names


def test_a_refused_operation_is_refused_by_the_guard_before_sending():
    ec2 = ClientFactory(NOWHERE, guard=guard()).client(_session(), "ec2", "us-east-1")
    sent: list[str] = []
    ec2.meta.events.register("before-send", lambda request, **_: sent.append(request.url))
    with pytest.raises(ReadOnlyViolation, match="CreateVpc"):
        ec2.create_vpc(CidrBlock="10.9.0.0/16")
    assert sent == []


def test_a_session_first_used_with_fewer_operations_serves_more_later():
    session = _session()
    small = ClientFactory(NOWHERE, guard=Guard([("ec2", "DescribeVpcs")]))
    first = small.client(session, "ec2", "us-east-1").meta.service_model
    assert first.operation_model("DescribeInstances").output_shape.members == {}
    later = ClientFactory(NOWHERE, guard=guard()).client(session, "ec2", "eu-west-1")
    output = later.meta.service_model.operation_model("DescribeInstances").output_shape
    assert "Reservations" in output.members


def test_prune_keeps_reachable_shapes_and_empties_the_rest():
    model = {
        "metadata": {"protocol": "json"},
        "operations": {
            "ListThings": {"input": {"shape": "ListIn"}, "output": {"shape": "ListOut"},
                           "errors": [{"shape": "Denied"}]},
            "DeleteThing": {"input": {"shape": "DeleteIn"}, "output": {"shape": "DeleteOut"}},
        },
        "shapes": {
            "ListIn": {"type": "structure", "members": {}},
            "ListOut": {"type": "structure", "members": {"Things": {"shape": "Things"}}},
            "Things": {"type": "list", "member": {"shape": "Thing"}},
            "Thing": {"type": "structure", "members": {"Tags": {"shape": "Tags"}}},
            "Tags": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
            "S": {"type": "string"},
            "Denied": {"type": "structure", "members": {}, "exception": True},
            "DeleteIn": {"type": "structure", "members": {"Id": {"shape": "Id"}}},
            "DeleteOut": {"type": "structure", "members": {}},
            "Id": {"type": "string"},
        },
    }
    pruned = prune(model, frozenset({"ListThings"}))
    assert pruned["operations"] == model["operations"]
    assert set(pruned["shapes"]) == {"ListIn", "ListOut", "Things", "Thing", "Tags", "S",
                                     "Denied", "DeleteIn", "DeleteOut"}
    assert pruned["shapes"]["DeleteIn"] == empty_structure()
    assert pruned["shapes"]["DeleteIn"] is not pruned["shapes"]["DeleteOut"]  # merged into
    assert model["shapes"]["DeleteIn"]["members"]  # the loaded model is not changed
