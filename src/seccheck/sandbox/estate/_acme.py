"""Shared helpers for the Acme estate modules: names, copies, tags, log buckets, certificates.

Not an estate module itself (the leading underscore keeps it out of the scenario).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from ..seeding import SeedContext

# Amazon Linux in moto's catalogue; the sandbox does not validate image ids anyway.
IMAGE_ID = "ami-12c6146b"
# The user data secret the evidence team's redaction tests look for (it must never leak).
USER_DATA_SECRET = "Sup3rS3cret-UserData-Value!"
# Secrets people leave in tags, one variant each (secret by name, by shape, by keyword, encoded
# in a URL, ...). Redaction must keep every value out of every output (the fakes below are
# AWS's documented example key pair and made-up tokens).
FAKE_KEY_ID, FAKE_SECRET_KEY = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# A fake AWS key pair in a launch template's user data (IAM-04-C05 must FAIL it, never show it).
LT_KEY_ID, LT_SECRET_KEY = "AKIAACMELAUNCHTMPL01", "Lt9xQ2vR7sT4uW1xY6bN3mK9cJ5hG0fD2eA8iO4p"
LEAKY_TAGS: dict[str, str] = {
    "db_password": "Hunter2-Prod-Tag!",
    "owner-note": f"ask ops; {FAKE_KEY_ID} {FAKE_SECRET_KEY}",
    "note": "aws_secret_access_key=Zq8vR2pL7sT4uW1xY6bN3mK9cJ5hG0fD2eA8iO4k",
    "backup-key": "Tb7Kq2Lm9Np4Rs6Vw8Xy1Za3Bc5De7Fg9Hj2Kl4M",
    "ssh": "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
    "ci": "ghp_R4nd0mT0k3nV4lu3F0rT3st1ngS3cch3ck99",
    "chat": "xoxb-210987654321-123456789012-Aq3Zx9Wv7Ut5Sr1Qp8On6Ml4",
    "dsn": "postgres://admin:Pg-Tag-S3cret@db.acme.internal:5432/payments",
    "session": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY21lLW9wcyJ9.c2VjY2hlY2stdGVzdC1zaWduYXR1cmU",
    "billing": "sk_live_51AcmeT3stK3yNotR3alXyZ0987",
}


def suffix(copy: int) -> str:
    """Name suffix of the n-th copy of an example: none for the first, -001 ... after."""
    return "" if copy == 0 else f"-{copy:03d}"


def tag_spec(resource_type: str, name: str, **extra: str) -> list[dict[str, Any]]:
    tags = [{"Key": "Name", "Value": name}, {"Key": "Owner", "Value": "acme-platform"}]
    tags += [{"Key": k, "Value": v} for k, v in extra.items()]
    return [{"ResourceType": resource_type, "Tags": tags}]


def log_buckets(ctx: SeedContext) -> dict[str, str]:
    """Return the access and flow log buckets group C publishes, or one fallback bucket for both.

    The fallback has the settings a log bucket should have, so it passes every S3 check.
    """
    shared = ctx.shared.setdefault("s3", {})
    if shared.get("access_log_bucket") and shared.get("flow_logs_bucket"):
        return {"access": shared["access_log_bucket"], "flow": shared["flow_logs_bucket"]}
    bucket = f"acme-sandbox-logs-{ctx.account}"
    if "acme_fallback_bucket" not in shared:
        _create_fallback_bucket(ctx, bucket)
        shared["acme_fallback_bucket"] = bucket
    shared.setdefault("access_log_bucket", bucket)
    shared.setdefault("flow_logs_bucket", bucket)
    return {"access": shared["access_log_bucket"], "flow": shared["flow_logs_bucket"]}


def _create_fallback_bucket(ctx: SeedContext, bucket: str) -> None:
    s3 = ctx.client("s3", ctx.home)
    if ctx.home == "us-east-1":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket,
                         CreateBucketConfiguration={"LocationConstraint": ctx.home})
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
         "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    arn = f"arn:aws:s3:::{bucket}"
    policy = {"Version": "2012-10-17", "Statement": [
        # A dict principal: moto cannot enable logging towards a bucket whose policy says "*".
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": "s3:*", "Resource": [arn, f"{arn}/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "S3ServerAccessLogs", "Effect": "Allow",
         "Principal": {"Service": "logging.s3.amazonaws.com"},
         "Action": ["s3:PutObject"], "Resource": f"{arn}/*"},
        {"Sid": "LogDelivery", "Effect": "Allow",
         "Principal": {"Service": "delivery.logs.amazonaws.com"},
         "Action": ["s3:PutObject"], "Resource": f"{arn}/*"},
    ]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": bucket, "TargetPrefix": "s3-access/"}})


@functools.lru_cache(maxsize=16)
def self_signed(domain: str, valid_days: int) -> tuple[bytes, bytes]:
    """Make a self-signed certificate and key (PEM) valid from yesterday for `valid_days` days.

    EC keys keep generation fast when the scale scenario imports thousands of copies.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Acme Corp")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=valid_days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
