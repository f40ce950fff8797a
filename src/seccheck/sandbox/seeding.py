"""What estate modules use to build a scenario: clients on the sandbox, moto internals, names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

from ..aws.clients import adapt_for_loopback

DEFAULT_ACCOUNT = "123456789012"
TEST_KEY = "testing"
MEMBER_ROLE = "OrganizationAccountAccessRole"


@dataclass
class SeedContext:
    """Seeding state for one sandbox: who, where, and how big.

    `scenario` is "workshop" (a good and a bad example of everything), "clean" (everything that
    can pass, passes) or "scale" (workshop-like, `n` times over).
    """

    endpoint: str
    scenario: str
    regions: list[str]
    n: int = 1
    account: str = DEFAULT_ACCOUNT
    members: dict[str, str] = field(default_factory=dict)
    # What earlier estate modules publish for later ones (log buckets, KMS keys, subnets).
    shared: dict[str, Any] = field(default_factory=dict)
    _clients: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    _member_creds: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def home(self) -> str:
        return self.regions[0]

    @property
    def bad(self) -> bool:
        """Whether to seed the misconfigured examples."""
        return self.scenario in ("workshop", "scale")

    @property
    def copies(self) -> int:
        """How many copies of each per-resource example to make."""
        return self.n if self.scenario == "scale" else 1

    def client(self, service: str, region: str | None = None, account: str | None = None) -> Any:
        """An unguarded client (seeding writes) on the sandbox, optionally in a member account."""
        region = region or self.home
        account = account or self.account
        key = (service, region, account)
        if key not in self._clients:
            creds = self._credentials(account)
            client = boto3.client(
                service,
                region_name=region,
                endpoint_url=self.endpoint,
                config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
                **creds,
            )
            adapt_for_loopback(client, self.endpoint)
            self._clients[key] = client
        return self._clients[key]

    def _credentials(self, account: str) -> dict[str, str]:
        if account == self.account:
            return {"aws_access_key_id": TEST_KEY, "aws_secret_access_key": TEST_KEY}
        if account not in self._member_creds:
            sts = self.client("sts")
            creds = sts.assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/{MEMBER_ROLE}",
                RoleSessionName="seccheck-seed",
            )["Credentials"]
            self._member_creds[account] = {
                "aws_access_key_id": creds["AccessKeyId"],
                "aws_secret_access_key": creds["SecretAccessKey"],
                "aws_session_token": creds["SessionToken"],
            }
        return self._member_creds[account]


def backend(service: str, account: str = DEFAULT_ACCOUNT, region: str = "us-east-1") -> Any:
    """Moto's in-process backend, for states no API can set (the seeder runs in the server)."""
    from moto.backends import get_backend

    backends: Any = get_backend(service)  # type: ignore[call-overload]
    return backends[account][region]
