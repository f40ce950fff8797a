"""The sandbox answers as the AWS API references document where moto does not (moto_tweaks)."""

from __future__ import annotations

from seccheck.sandbox import Sandbox


def test_list_buckets_names_regions_only_when_asked_with_a_parameter(workshop: Sandbox):
    s3 = workshop.session().client("s3", endpoint_url=workshop.endpoint)
    plain = s3.list_buckets()["Buckets"]
    assert plain and all("BucketRegion" not in b for b in plain)

    paged = s3.list_buckets(MaxBuckets=10000)["Buckets"]
    assert {b["Name"] for b in paged} == {b["Name"] for b in plain}
    where = {b["Name"]: b["BucketRegion"] for b in paged}
    # Each region agrees with GetBucketLocation (us-east-1 answers with no constraint).
    for name, region in where.items():
        constraint = s3.get_bucket_location(Bucket=name).get("LocationConstraint")
        assert region == (constraint or "us-east-1"), name
    assert len(set(where.values())) == len(workshop.regions)

    home = s3.list_buckets(BucketRegion="eu-west-1", MaxBuckets=10000)["Buckets"]
    assert home and {b["BucketRegion"] for b in home} == {"eu-west-1"}


def test_waf_logging_is_listed_under_each_web_acls_own_scope(workshop: Sandbox):
    waf = workshop.session().client("wafv2", region_name="us-east-1",
                                    endpoint_url=workshop.endpoint)

    def logged(scope: str) -> set[str]:
        configs = waf.list_logging_configurations(Scope=scope)["LoggingConfigurations"]
        return {c["ResourceArn"].split("/")[-2] for c in configs}

    assert "acme-edge-acl" in logged("CLOUDFRONT") and "acme-web-acl" not in logged("CLOUDFRONT")
    assert "acme-web-acl" in logged("REGIONAL") and "acme-edge-acl" not in logged("REGIONAL")


def test_describe_snapshots_lists_only_the_owners_asked_for(workshop: Sandbox):
    """Without OwnerIds AWS lists every snapshot the caller may use (moto: its public AMIs'
    too); OwnerIds=self lists the account's own, which is what Prowler and seccheck ask."""
    ec2 = workshop.session().client("ec2", endpoint_url=workshop.endpoint)
    account = workshop.session().client(
        "sts", endpoint_url=workshop.endpoint).get_caller_identity()["Account"]
    everyone = ec2.describe_snapshots()["Snapshots"]
    own = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    assert own and {s["OwnerId"] for s in own} == {account}
    assert len(everyone) > len(own)
    assert ec2.describe_snapshots(OwnerIds=[account])["Snapshots"] == own
    public = ec2.describe_snapshots(OwnerIds=["self"], RestorableByUserIds=["all"])["Snapshots"]
    assert public and {s["SnapshotId"] for s in public} < {s["SnapshotId"] for s in own}
