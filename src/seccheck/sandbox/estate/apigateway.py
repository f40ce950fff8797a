"""API Gateway estate (home region): Acme's public REST APIs.

Good: acme-payments-api, stage prod, protected by AWS WAF (attached by the wafv2 estate).
Bad (workshop, scale): acme-partner-api, stage v1, without a web ACL.
"""

from __future__ import annotations

from typing import Any

from ..seeding import SeedContext
from ._acme import suffix

ORDER = 30


def seed(ctx: SeedContext) -> None:
    region = ctx.home
    client = ctx.client("apigateway", region)
    published: dict[str, list[str]] = {"good_stages": []}
    for copy in range(ctx.copies):
        tail = suffix(copy)
        api_id = _deployed_api(client, f"acme-payments-api{tail}", "prod")
        published["good_stages"].append(f"arn:aws:apigateway:{region}::/restapis/{api_id}/stages/prod")
        if ctx.bad:
            _deployed_api(client, f"acme-partner-api{tail}", "v1")
    ctx.shared["apigateway"] = {region: published}


def _deployed_api(client: Any, name: str, stage: str) -> str:
    api = client.create_rest_api(name=name, description=f"{name} (Acme)",
                                 endpointConfiguration={"types": ["REGIONAL"]},
                                 tags={"Owner": "acme-platform"})
    api_id, root = api["id"], api["rootResourceId"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.create_deployment(restApiId=api_id, stageName=stage)
    return str(api_id)


def expected(profile: str) -> dict[str, set[str]]:
    if profile == "clean":
        return {"INF-02-C04": {"PASS", "NOT_APPLICABLE"}}
    return {"INF-02-C04": {"PASS", "FAIL", "NOT_APPLICABLE"}}
