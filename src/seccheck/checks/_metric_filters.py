"""CIS-style CloudTrail metric-filter families, matched by what a filter selects, not its text.

A filter covers a family when its pattern mentions every term of the family (event names,
sources, field tests), whatever the spacing, quoting or order. Event names are matched as whole
words, so `CreateRouteTable` does not count as `CreateRoute`.
"""

from __future__ import annotations

import re


def _event(*names: str) -> list[str]:
    return [rf"(?<![A-Za-z]){name}(?![A-Za-z])" for name in names]


def _test(field: str, op: str, value: str) -> str:
    return rf"\$\.{re.escape(field)}\s*{op}\s*\"?{value}\"?"


FAMILIES: dict[str, list[str]] = {
    "root account usage": [
        _test("userIdentity.type", "=", "Root"),
        r"\$\.userIdentity\.invokedBy\s+NOT\s+EXISTS",
        _test("eventType", "!=", "AwsServiceEvent"),
    ],
    "unauthorized API calls": [
        _test("errorCode", "=", r"\*UnauthorizedOperation"),
        _test("errorCode", "=", r"AccessDenied\*"),
    ],
    "console sign-in without MFA": [
        _test("eventName", "=", "ConsoleLogin"),
        _test("additionalEventData.MFAUsed", "!=", "Yes"),
    ],
    "IAM policy changes": _event(
        "DeleteGroupPolicy",
        "DeleteRolePolicy",
        "DeleteUserPolicy",
        "PutGroupPolicy",
        "PutRolePolicy",
        "PutUserPolicy",
        "CreatePolicy",
        "DeletePolicy",
        "CreatePolicyVersion",
        "DeletePolicyVersion",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "AttachUserPolicy",
        "DetachUserPolicy",
        "AttachGroupPolicy",
        "DetachGroupPolicy",
    ),
    "CloudTrail configuration changes": _event(
        "CreateTrail",
        "UpdateTrail",
        "DeleteTrail",
        "StartLogging",
        "StopLogging",
    ),
    "S3 bucket policy changes": [
        r"s3\.amazonaws\.com",
        *_event(
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ),
    ],
    "AWS Config changes": [
        r"config\.amazonaws\.com",
        *_event(
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
        ),
    ],
    "Organizations changes": [
        r"organizations\.amazonaws\.com",
        *_event(
            "AttachPolicy",
            "DetachPolicy",
            "CreatePolicy",
            "UpdatePolicy",
            "DeletePolicy",
            "MoveAccount",
            "LeaveOrganization",
            "RemoveAccountFromOrganization",
        ),
    ],
    "console authentication failures": [
        _test("eventName", "=", "ConsoleLogin"),
        _test("errorMessage", "=", "Failed authentication"),
    ],
    "KMS key disabling or scheduled deletion": [
        r"kms\.amazonaws\.com",
        *_event(
            "DisableKey",
            "ScheduleKeyDeletion",
        ),
    ],
    "security group changes": _event(
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress",
        "RevokeSecurityGroupEgress",
        "CreateSecurityGroup",
        "DeleteSecurityGroup",
    ),
    "network ACL changes": _event(
        "CreateNetworkAcl",
        "CreateNetworkAclEntry",
        "DeleteNetworkAcl",
        "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry",
        "ReplaceNetworkAclAssociation",
    ),
    "network gateway changes": _event(
        "CreateCustomerGateway",
        "DeleteCustomerGateway",
        "AttachInternetGateway",
        "CreateInternetGateway",
        "DeleteInternetGateway",
        "DetachInternetGateway",
    ),
    "route table changes": _event(
        "CreateRoute",
        "CreateRouteTable",
        "ReplaceRoute",
        "ReplaceRouteTableAssociation",
        "DeleteRouteTable",
        "DeleteRoute",
        "DisassociateRouteTable",
    ),
    "VPC changes": _event(
        "CreateVpc",
        "DeleteVpc",
        "ModifyVpcAttribute",
        "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection",
        "DeleteVpcPeeringConnection",
        "RejectVpcPeeringConnection",
    ),
}

_COMPILED = {name: [re.compile(t) for t in terms] for name, terms in FAMILIES.items()}


def families_of(pattern: str) -> set[str]:
    """Return the families a filter pattern covers entirely."""
    return {
        name for name, terms in _COMPILED.items() if all(t.search(pattern or "") for t in terms)
    }
