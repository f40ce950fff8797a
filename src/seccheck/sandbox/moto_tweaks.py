"""Adjustments to moto for a fast, realistic sandbox (applied in the sandbox process only).

moto can load every AWS-managed IAM policy (~1,300) into each account it creates, which costs
seconds per account. The estate only attaches a handful, so each account gets just those.
"""

from __future__ import annotations

import json
from typing import Any

# AWS-managed policies the estates attach or that checks look for.
MANAGED_POLICIES = (
    "AdministratorAccess",
    "ReadOnlyAccess",
    "SecurityAudit",
    "ViewOnlyAccess",
    "AWSSupportAccess",
    "PowerUserAccess",
    "IAMFullAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AWSCloudTrail_FullAccess",
    "AmazonSSMManagedInstanceCore",
    "AWSLambdaBasicExecutionRole",
)


def limit_managed_policies(names: tuple[str, ...] = MANAGED_POLICIES) -> None:
    from moto.iam import models

    parsed = json.loads(models.aws_managed_policies_data)
    subset = {name: parsed[name] for name in names if name in parsed}

    def _init_aws_policies(self: Any) -> list[Any]:
        return [
            models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data)
            for name, data in subset.items()
        ]

    models.IAMBackend._init_aws_policies = _init_aws_policies  # type: ignore[method-assign]
