"""Adjustments to moto for a fast, realistic sandbox (applied in the sandbox process only).

- moto can load every AWS-managed IAM policy (~1,300) into each account it creates, which costs
  seconds per account. The estate only attaches a handful, so each account gets just those.
- moto generates a 2048-bit RSA key for every KMS key, symmetric ones included (~50 ms each);
  for symmetric keys it is only ever used by asymmetric operations, so it is made on first use.
- moto's GetTrailStatus never reports CloudWatch Logs delivery. AWS reports
  LatestCloudWatchLogsDeliveryTime once a logging trail with a log group and role delivered;
  the sandbox says a trail that ever logged with both set delivered when it last logged.
- moto's GetBucketVersioning never reports MFADelete (and PutBucketVersioning ignores it; AWS
  only accepts it from the root user with an MFA code). A bucket the seeder marked in moto's
  memory (`mfa_delete = "Enabled"`) reports it as AWS does.
- moto's ListBuckets never reports BucketRegion. AWS reports each bucket's Region whenever the
  request carries a parameter (MaxBuckets, Prefix, BucketRegion, ContinuationToken), which is
  what lets a collector place buckets without a GetBucketLocation call each.
- moto's WAFv2 ListLoggingConfigurations files CloudFront web ACLs' logging under REGIONAL in
  us-east-1 and lists none under CLOUDFRONT (it looks for ":global:" in ARNs whose resource
  reads "global/..."). AWS lists each scope's own.
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


class _LazyPrivateKey:
    """Generates the wrapped key the first time anything asks for it."""

    def __init__(self, make: Any, spec: str) -> None:
        self._make, self._spec, self._key = make, spec, None

    def __getattr__(self, name: str) -> Any:
        if self._key is None:
            self._key = self._make(self._spec)
        return getattr(self._key, name)


def lazy_kms_keys() -> None:
    from moto.kms import models

    original = models.generate_private_key

    def generate_private_key(key_spec: str) -> Any:
        if key_spec.startswith(("RSA_", "ECC_")):
            return original(key_spec)
        return _LazyPrivateKey(original, key_spec)

    models.generate_private_key = generate_private_key


def cloudwatch_delivery_status() -> None:
    from moto.cloudtrail import models, responses

    original = responses.CloudTrailResponse.get_trail_status

    def get_trail_status(self: Any) -> str:
        body = json.loads(original(self))
        name = self._get_param("Name")
        trail = next(
            (
                t
                for t in self.cloudtrail_backend.describe_trails(include_shadow_trails=True)
                if name in (t.trail_name, t.arn)
            ),
            None,
        )
        started = trail.status.started if trail else None
        if trail and started and trail.cw_log_group_arn and trail.cw_role_arn:
            last = trail.status.stopped if not trail.status.is_logging else models.utcnow()
            body["LatestCloudWatchLogsDeliveryTime"] = models.datetime2int(last or started)
        return json.dumps(body)

    responses.CloudTrailResponse.get_trail_status = get_trail_status  # type: ignore[method-assign]


def s3_mfa_delete() -> None:
    from moto.s3 import responses

    original = responses.S3Response.get_bucket_versioning

    def get_bucket_versioning(self: Any) -> Any:
        bucket = self.backend.get_bucket(self.bucket_name)
        state = getattr(bucket, "mfa_delete", None)
        if state is None:
            return original(self)
        self.data["Action"] = "GetBucketVersioning"
        return self.serialized(
            responses.ActionResult({"Status": bucket.versioning_status, "MFADelete": state})
        )

    responses.S3Response.get_bucket_versioning = get_bucket_versioning  # type: ignore[method-assign]


def s3_bucket_region() -> None:
    """ListBuckets with a parameter names each bucket's Region, as the S3 API Reference says."""
    from moto.s3 import responses

    def all_buckets(self: Any) -> Any:
        self.data["Action"] = "ListAllMyBuckets"
        self._authenticate_and_authorize_s3_action()
        params = {name: self._get_param(name)
                  for name in ("prefix", "bucket-region", "max-buckets", "continuation-token")}
        listed = self.backend.list_buckets(prefix=params["prefix"],
                                           bucket_region=params["bucket-region"],
                                           max_buckets=params["max-buckets"])
        with_region = any(value is not None for value in params.values())
        buckets = [
            {"Name": bucket.name, "CreationDate": bucket.creation_date_ISO8601,
             **({"BucketRegion": bucket.region_name} if with_region else {})}
            for bucket in listed
        ]
        self.data["Action"] = "ListBuckets"
        return self.serialized(responses.ActionResult({
            "Owner": {"ID": "bcaf1ffd86f41161ca5fb16fd081034f", "DisplayName": "webfile"},
            "Buckets": buckets,
        }))

    responses.S3Response.all_buckets = all_buckets  # type: ignore[method-assign]


def wafv2_logging_by_scope() -> None:
    """ListLoggingConfigurations lists the asked scope's web ACLs only, as AWS does."""
    from moto.utilities.paginator import paginate
    from moto.wafv2 import models

    @paginate(models.PAGINATION_MODEL)
    def list_logging_configurations(self: Any, scope: str) -> list[Any]:
        def in_scope(arn: str) -> bool:
            _, _, _, region, _, resource = arn.split(":", 5)
            if scope == "CLOUDFRONT":
                return resource.startswith("global/")
            return region == self.region_name and resource.startswith("regional/")

        return [config for arn, config in self.logging_configurations.items() if in_scope(arn)]

    models.WAFV2Backend.list_logging_configurations = list_logging_configurations  # type: ignore[method-assign]


def snapshots_owned_and_restorable_by() -> None:
    """Honour DescribeSnapshots' OwnerIds and RestorableByUserIds, which moto ignores.

    moto lists every snapshot it holds, the ~1,300 per region behind its built-in public AMIs
    (owned by other accounts) included. AWS lists only those owned by the given owners ("self":
    the caller's account) and, with RestorableByUserIds, only those the given accounts may create
    volumes from ("all": public ones), which lets a collector find public snapshots without one
    attribute read per snapshot. Without these, any tool run on the sandbox (Prowler included)
    judges moto's snapshots as the account's own.
    """
    from moto.ec2.responses import elastic_block_store as ebs

    def describe_snapshots(self: Any) -> Any:
        snapshots = self.ec2_backend.describe_snapshots(
            snapshot_ids=self._get_param("SnapshotIds", []),
            filters=self._filters_from_querystring(),
        )
        owners = set(self._get_param("OwnerIds", []) or [])
        if owners:
            wanted = {self.current_account if o == "self" else o for o in owners}
            snapshots = [s for s in snapshots if s.owner_id in wanted]
        restorable = set(self._get_param("RestorableByUserIds", []) or [])
        if restorable:
            snapshots = [
                s
                for s in snapshots
                if ("all" in restorable and "all" in s.create_volume_permission_groups)
                or restorable & s.create_volume_permission_userids
            ]
        return ebs.ActionResult({"Snapshots": snapshots})

    ebs.ElasticBlockStore.describe_snapshots = describe_snapshots  # type: ignore[method-assign]


def apply_all() -> None:
    """Every tweak, for the sandbox process."""
    limit_managed_policies()
    lazy_kms_keys()
    cloudwatch_delivery_status()
    s3_mfa_delete()
    s3_bucket_region()
    wafv2_logging_by_scope()
    snapshots_owned_and_restorable_by()
