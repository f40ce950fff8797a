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


def test_offline_lookups_from_many_threads_agree_with_one_thread():
    """One shared botocore session serves every thread; its lookups are locked and cached."""
    from concurrent.futures import ThreadPoolExecutor

    from seccheck.aws import endpoints

    services = ["sso-admin", "config", "ec2", "s3", "iam", "cloudfront", "wafv2", "kms", "rds"]
    partitions = ["aws", "aws-cn", "aws-us-gov"]
    asks = [(s, p) for s in services for p in partitions] * 4
    for cached in (endpoints._offline, endpoints._available_regions, endpoints._signing_name):
        cached.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda a: endpoints.available_regions(*a), asks))
        names = list(pool.map(endpoints.signing_name, services * 4))
    for cached in (endpoints._available_regions, endpoints._signing_name):
        cached.cache_clear()
    assert together == [endpoints.available_regions(*a) for a in asks]
    assert names == [endpoints.signing_name(s) for s in services * 4]
    assert "eu-west-1" in endpoints.available_regions("ec2")
    assert "cn-north-1" in endpoints.available_regions("ec2", "aws-cn")
    assert endpoints.signing_name("elbv2") == "elasticloadbalancing"
