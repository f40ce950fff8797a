"""Incident-response estate: AWS FIS experiments (Detective and Incident Manager are not served).

Workshop: a game-day experiment last week in the home region, one from 400 days ago in eu-west-1,
none in ap-southeast-2. Clean: a recent experiment in every region.
"""

from __future__ import annotations

import time

from ..seeding import SeedContext, backend
from ._audit_logging import service_role


def seed(ctx: SeedContext) -> None:
    role = service_role(ctx, "acme-fis-experiments", "fis.amazonaws.com")
    for index, region in enumerate(ctx.regions):
        if ctx.bad and index >= 2:
            continue
        fis = ctx.client("fis", region)
        template = fis.create_experiment_template(
            clientToken=f"acme-gameday-{region}",
            description="Acme game day: pause for a minute",
            stopConditions=[{"source": "none"}],
            roleArn=role,
            actions={"wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
            tags={"Name": "acme-gameday"},
        )["experimentTemplate"]
        experiment = fis.start_experiment(
            clientToken=f"acme-run-{region}", experimentTemplateId=template["id"]
        )["experiment"]
        age_days = 400 if ctx.bad and index == 1 else 7
        stored = backend("fis", ctx.account, region).experiments[experiment["id"]]
        stored.creation_time = time.time() - age_days * 86400


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        # Neither detective:ListGraphs nor ssm-incidents:ListResponsePlans is served by the sandbox.
        "IR-01-C03": {"NOT_ASSESSABLE"},
        "IR-03-C01": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS"},
    }
