"""Incident-response estate: AWS FIS experiments (Detective and Incident Manager are not served).

Workshop: a game-day experiment completed last week in the home region; in eu-west-1 one completed
400 days ago and a retry three days ago that failed (an attempt, not an exercise); none in
ap-southeast-2. Clean: a recent completed experiment in every region.
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
        stored.status = "completed"  # moto leaves a started experiment pending
        stored.creation_time = time.time() - age_days * 86400
        if ctx.bad and index == 1:
            retry = fis.start_experiment(
                clientToken=f"acme-retry-{region}", experimentTemplateId=template["id"]
            )["experiment"]
            failed = backend("fis", ctx.account, region).experiments[retry["id"]]
            failed.status = "failed"
            failed.creation_time = time.time() - 3 * 86400


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        # Neither detective:ListGraphs nor ssm-incidents:ListResponsePlans is served by the sandbox.
        "IR-01-C03": {"NOT_ASSESSABLE"},
        "IR-03-C01": {"PASS", "FAIL", "NOT_APPLICABLE"} if bad else {"PASS"},
    }
