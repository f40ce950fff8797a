"""Partition-wide endpoint regions, read from botocore's endpoints.json."""

from __future__ import annotations

import pytest

from seccheck.aws.endpoints import global_region


@pytest.mark.parametrize("service,partition,region", [
    ("cloudfront", "aws", "us-east-1"),
    ("cloudfront", "aws-cn", "cn-northwest-1"),
    ("cloudfront", "aws-us-gov", None),
    ("shield", "aws", "us-east-1"),
    ("shield", "aws-cn", None),
    ("shield", "aws-us-gov", None),
    ("iam", "aws-us-gov", "us-gov-west-1"),
    ("wafv2", "aws", None),  # regional service: no partition-wide endpoint
    ("cloudfront", "no-such-partition", None),
])
def test_global_region_follows_the_partition(service, partition, region):
    assert global_region(service, partition) == region
