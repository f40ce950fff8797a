"""What a run covers: which accounts (and how to reach them) and which regions.

Credentials come from the standard chain (environment, profiles, SSO, instance roles). With
`org_role`, every member account of the organization (or the ones named) is reached by
assuming that role; those credentials refresh themselves during long runs. No credentials is
an error that points at the sandbox: seccheck never assesses the sandbox in place of a real
account.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import BotoCoreError, ClientError
from botocore.session import get_session

from .clients import ClientFactory, is_loopback
from .errors import classify
from .guard import guard_session
from .recorder import CallRecord, Recorder, iso, utcnow

GLOBAL = "global"
DEFAULT_HOME_REGION = "us-east-1"
ENABLED_OPT_IN = ("opt-in-not-required", "opted-in")


class ScopeError(Exception):
    """The run cannot start: what is wrong and what to do about it."""


NO_CREDENTIALS_HELP = (
    "No AWS credentials were found (environment, ~/.aws profiles, SSO or an instance role).\n"
    "  - To assess a real account: `aws sso login --profile NAME` or `aws configure`, then pass "
    "--profile NAME.\n"
    "  - To try seccheck without an AWS account: `seccheck demo` (JupyterLab on a sandbox) or "
    "`seccheck sandbox`, then use the environment it prints.\n"
    "seccheck never falls back to the sandbox on its own."
)


# Credentials belong to one partition and STS answers them only there, so a guessed region in
# the aws partition rejects China and GovCloud credentials as if they were invalid.
NO_REGION_HINT = (
    "\n  No region was configured, so seccheck asked {home} (the aws partition). Credentials of "
    "AWS China (aws-cn) or AWS GovCloud (aws-us-gov) work only there: set AWS_REGION or the "
    "profile's region, or pass --regions (e.g. cn-north-1, us-gov-west-1)."
)


def partition_of(arn: str) -> str:
    """The partition an ARN belongs to (aws, aws-cn, aws-us-gov, ...); 'aws' when not an ARN."""
    parts = arn.split(":")
    return parts[1] if len(parts) > 2 and parts[0] == "arn" and parts[1] else "aws"


def account_state(account: dict[str, Any]) -> str:
    """An Organizations account's state: `State`, else the retired `Status` (gone 2026-09-09).

    Values: ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION. With neither field
    the account is taken as ACTIVE (the listing shows it).
    """
    return str(account.get("State") or account.get("Status") or "ACTIVE")


@dataclass
class AccountTarget:
    """One account and the session that reaches it."""

    account_id: str
    session: boto3.Session
    caller_arn: str
    name: str = ""
    via_role: str | None = None

    @property
    def partition(self) -> str:
        """The account's partition, from the identity that reaches it (caller identity ARN)."""
        return partition_of(self.caller_arn)


@dataclass
class Scope:
    accounts: list[AccountTarget]
    regions: list[str]
    home_region: str
    endpoint_url: str | None = None
    disabled_regions: list[str] = field(default_factory=list)
    profile: str | None = None
    # Why the enabled regions could not be listed (None: listed, or named by the user).
    regions_unlisted: str | None = None
    # What the run left out and why (closed or suspended organization accounts...).
    notes: list[str] = field(default_factory=list)

    @property
    def partition(self) -> str:
        return self.accounts[0].partition if self.accounts else "aws"

    @property
    def is_sandbox(self) -> bool:
        return is_loopback(self.endpoint_url)

    def describe(self) -> dict[str, Any]:
        return {
            "accounts": [
                {
                    "id": a.account_id,
                    "name": a.name,
                    "caller_arn": a.caller_arn,
                    "via_role": a.via_role,
                }
                for a in self.accounts
            ],
            "regions": list(self.regions),
            "disabled_regions": list(self.disabled_regions),
            "home_region": self.home_region,
            "endpoint_url": self.endpoint_url,
            "sandbox": self.is_sandbox,
            "profile": self.profile,
            "partition": self.partition,
            "regions_unlisted": self.regions_unlisted,
            "notes": list(self.notes),
        }


def resolve_scope(
    factory: ClientFactory,
    recorder: Recorder,
    *,
    profile: str | None = None,
    regions: Iterable[str] | None = None,
    accounts: Iterable[str] | None = None,
    org_role: str | None = None,
    external_id: str | None = None,
    session: boto3.Session | None = None,
) -> Scope:
    """Work out accounts and regions from the credentials at hand."""
    env_region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    try:
        base = session or boto3.Session(profile_name=profile, region_name=env_region)
    except BotoCoreError as exc:  # unknown profile and the like
        raise ScopeError(f"cannot use AWS profile {profile!r}: {exc}") from exc
    if base.get_credentials() is None:
        raise ScopeError(NO_CREDENTIALS_HELP)
    # Every session a run hands out (Connection.scope, notebooks) refuses what the run refuses.
    guard_session(base, factory.guard)
    wanted_regions = _wanted_regions(regions)
    home = (
        (wanted_regions[0] if wanted_regions else None) or base.region_name or DEFAULT_HOME_REGION
    )

    sts = factory.client(base, "sts", home)
    try:
        me = sts.get_caller_identity()
    except (ClientError, BotoCoreError) as exc:
        err = classify(exc, action="sts:GetCallerIdentity", region=home)
        guessed = not wanted_regions and not base.region_name
        raise ScopeError(
            f"the AWS credentials do not work: {err.reason}"
            + (NO_REGION_HINT.format(home=home) if guessed else "")
        ) from exc
    caller_arn, own_account = me["Arn"], me["Account"]

    enabled, unlisted = _enabled_regions(factory, base, home)
    if wanted_regions:
        selected = wanted_regions
        disabled = [r for r in selected if enabled is not None and r not in enabled]
        unlisted = None  # the user named the regions; nothing was left out silently
    else:
        selected = sorted(enabled or [home])
        disabled = []
    targets = [AccountTarget(own_account, base, caller_arn)]
    notes: list[str] = []
    if unlisted:
        notes.append(
            f"the enabled regions could not be listed ({unlisted}); only {home} was assessed. "
            "Grant ec2:DescribeRegions or name the regions with --regions."
        )
    if org_role:
        targets = _org_targets(
            factory,
            recorder,
            base,
            home,
            own_account,
            caller_arn,
            org_role,
            external_id,
            accounts,
            notes,
        )
    elif accounts:
        wanted = set(accounts)
        if wanted - {own_account}:
            raise ScopeError(
                "--accounts names accounts other than the one the credentials belong to "
                f"({own_account}); add --org-role ROLE_NAME so seccheck can assume a role in each."
            )
    return Scope(
        targets, selected, home, factory.endpoint_url, disabled, profile, unlisted, notes
    )


def _wanted_regions(regions: Iterable[str] | None) -> list[str]:
    from .region_names import region_problem

    if regions:
        wanted, origin = [r.strip() for r in regions if r.strip()], "regions"
    else:
        from_env = os.environ.get("SECCHECK_REGIONS", "")
        wanted, origin = [r.strip() for r in from_env.split(",") if r.strip()], "$SECCHECK_REGIONS"
    problem = region_problem(wanted) if wanted else None
    if problem:
        # A misspelt region would be assessed as an empty one: a clean result that means nothing.
        raise ScopeError(f"{origin}: {problem}")
    return wanted


def _enabled_regions(
    factory: ClientFactory, session: boto3.Session, home: str
) -> tuple[set[str] | None, str | None]:
    """Regions the account can use, or (None, why) when they cannot be read."""
    try:
        reply = factory.client(session, "ec2", home).describe_regions(AllRegions=True)
    except (ClientError, BotoCoreError) as exc:
        return None, classify(exc, action="ec2:DescribeRegions", region=home).reason
    # Filtered here, not with the API filter: some endpoints ignore the opt-in filter.
    return {
        r["RegionName"]
        for r in reply["Regions"]
        if r.get("OptInStatus", ENABLED_OPT_IN[0]) in ENABLED_OPT_IN
    }, None


def _org_targets(
    factory: ClientFactory,
    recorder: Recorder,
    base: boto3.Session,
    home: str,
    own_account: str,
    caller_arn: str,
    role: str,
    external_id: str | None,
    only: Iterable[str] | None,
    notes: list[str],
) -> list[AccountTarget]:
    org = factory.client(base, "organizations", home)
    try:
        listed = [
            a for page in org.get_paginator("list_accounts").paginate() for a in page["Accounts"]
        ]
    except (ClientError, BotoCoreError) as exc:
        err = classify(exc, action="organizations:ListAccounts", region=home)
        raise ScopeError(
            f"cannot list the organization's accounts ({err.reason}); run from the management "
            "or a delegated administrator account, or name accounts with --accounts."
        ) from exc
    wanted = set(only) if only else None
    targets = []
    skipped: set[str] = set()
    for acct in listed:
        if wanted and acct["Id"] not in wanted:
            continue
        state = account_state(acct)
        if state != "ACTIVE":
            # No role can be assumed in a closed or suspended account: say so, run the rest.
            skipped.add(acct["Id"])
            notes.append(f"account {acct['Id']} ({acct.get('Name', '')}) is {state}: not assessed")
            continue
        if acct["Id"] == own_account:
            targets.append(AccountTarget(own_account, base, caller_arn, acct.get("Name", "")))
            continue
        role_arn = f"arn:{partition_of(caller_arn)}:iam::{acct['Id']}:role/{role}"
        session = assumed_session(factory, recorder, base, role_arn, external_id, home)
        targets.append(AccountTarget(acct["Id"], session, role_arn, acct.get("Name", ""), role_arn))
    missing = (wanted or set()) - {t.account_id for t in targets} - skipped
    if missing:
        raise ScopeError(
            f"accounts not found (or not active) in the organization: {', '.join(sorted(missing))}"
        )
    return targets


def assumed_session(
    factory: ClientFactory,
    recorder: Recorder,
    base: boto3.Session,
    role_arn: str,
    external_id: str | None,
    region: str,
) -> boto3.Session:
    """A guarded session on an assumed role whose credentials refresh before they expire."""
    sts = factory.client(base, "sts", region)

    def refresh() -> dict[str, str]:
        params: dict[str, Any] = {
            "RoleArn": role_arn,
            "RoleSessionName": "seccheck",
            "DurationSeconds": 3600,
        }
        if external_id:
            params["ExternalId"] = external_id
        started = utcnow()
        try:
            creds = sts.assume_role(**params)["Credentials"]
        except (ClientError, BotoCoreError) as exc:
            err = classify(exc, action="sts:AssumeRole", region=region)
            raise ScopeError(f"cannot assume {role_arn}: {err.reason}") from exc
        recorder.add(
            CallRecord(
                id=recorder.new_id(),
                service="sts",
                operation="AssumeRole",
                params={k: v for k, v in params.items() if k != "ExternalId"},
                account=role_arn.split(":")[4],
                region=region,
                caller_arn="",
                started_at=iso(started),
                duration_ms=(utcnow() - started).total_seconds() * 1000,
                outcome="ok",
                response={"AssumedRoleArn": role_arn, "Expiration": iso(creds["Expiration"])},
            )
        )
        return {
            "access_key": creds["AccessKeyId"],
            "secret_key": creds["SecretAccessKey"],
            "token": creds["SessionToken"],
            "expiry_time": creds["Expiration"].isoformat(),
        }

    credentials = RefreshableCredentials.create_from_metadata(
        metadata=refresh(), refresh_using=refresh, method="sts-assume-role"
    )
    botocore_session = get_session()
    botocore_session._credentials = credentials  # the documented way boto3 users plug these in
    botocore_session.set_config_variable("region", region)
    guard_session(botocore_session, factory.guard)
    return boto3.Session(botocore_session=botocore_session)
