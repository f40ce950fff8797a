"""The IAM permissions a run needs, derived from the operations the collectors declare.

`docs/iam-policy.json` is generated from here (`python -m seccheck.collect.permissions`), and a
test fails when the committed file is out of date or a recorded call needs an action it does
not grant: the permissions we document are the permissions we use.

The committed file is for the aws partition: its API Gateway resources are `arn:aws:apigateway`
ARNs. For aws-cn or aws-us-gov accounts generate it with the partition named
(`python -m seccheck.collect.permissions aws-us-gov`); the actions are the same everywhere.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from ..aws.endpoints import signing_name
from ..aws.errors import iam_action
from ..aws.guard import TOOL_OPERATIONS
from .registry import declared_operations


def action_for(service: str, operation: str) -> str:
    """The IAM action for one (boto3 service, API operation), as denial reasons name it."""
    return iam_action(signing_name(service), operation, service)


def required_actions() -> list[str]:
    """Every IAM action a run may need: the declared operations and the tool's own."""
    return sorted({action_for(s, o) for s, o in declared_operations() | TOOL_OPERATIONS})


# API Gateway authorises reads by HTTP verb and path: GET on just the paths the collector reads.
_APIGATEWAY_PATHS = {"GetRestApis": "/restapis", "GetStages": "/restapis/*/stages"}


def policy_document(partition: str = "aws") -> dict[str, Any]:
    """The identity policy for the scanning role (read-only by construction) in `partition`."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "SecurityChecklistReadOnly",
            "Effect": "Allow",
            "Action": [a for a in required_actions() if not a.startswith("apigateway:")],
            "Resource": "*",
        }
    ]
    paths = sorted(
        _APIGATEWAY_PATHS[o] for s, o in declared_operations() if s == "apigateway"
    )
    if paths:
        statements.append(
            {
                "Sid": "ApiGatewayReadRestApisAndStagesOnly",
                "Effect": "Allow",
                "Action": ["apigateway:GET"],
                "Resource": [f"arn:{partition}:apigateway:*::{path}" for path in paths],
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def policy_text(partition: str = "aws") -> str:
    return json.dumps(policy_document(partition), indent=2) + "\n"


if __name__ == "__main__":
    sys.stdout.write(policy_text(*sys.argv[1:2]))
