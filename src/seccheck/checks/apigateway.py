"""API Gateway check: public REST API stages sit behind AWS WAF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..results import Finding, Unreadable
from .registry import Context, check


def rest_api_arn(ctx: Context, api_id: str) -> str:
    return f"arn:{ctx.partition}:apigateway:{ctx.region}::/restapis/{api_id}"


@check("INF-02-C04", "apigateway.rest_apis", "wafv2.web_acls")
def rest_api_web_acl(ctx: Context, apis: list[dict[str, Any]],
                     web_acls: list[dict[str, Any]] | None = None) -> Iterator[Finding]:
    """A stage whose web ACL has no rules (per `web_acls`) counts as unprotected."""
    empty = {a["ARN"] for a in web_acls or [] if a.get("RuleCount") == 0}
    found = False
    for api in apis:
        types = (api.get("endpointConfiguration") or {}).get("types") or ["EDGE"]
        if "PRIVATE" in types:
            continue  # reachable only from inside VPCs
        resource = rest_api_arn(ctx, api["id"])
        stages = api.get("stages", [])
        if isinstance(stages, Unreadable):
            found = True
            yield stages.finding(resource)
            continue
        if not stages:
            continue  # never deployed, nothing answers
        found = True
        who = f"REST API {api.get('name')} ({api['id']})"
        bare = sorted(s.get("stageName", "") for s in stages
                      if not s.get("webAclArn") or s["webAclArn"] in empty)
        acls = sorted({s["webAclArn"] for s in stages if s.get("webAclArn")})
        details = {"name": api.get("name"),
                   "stages": sorted(s.get("stageName", "") for s in stages),
                   "unprotected_stages": bare, "web_acls": acls}
        if bare:
            yield Finding.failed(resource, f"{who} has stages without an AWS WAF web ACL "
                                           "with rules: "
                                           f"{', '.join(bare)}", **details)
        else:
            yield Finding.passed(resource, f"{who}: every stage has an AWS WAF web ACL", **details)
    if not found:
        reason = f"no deployed public REST APIs in {ctx.region}"
        yield Finding.not_applicable(ctx.account_arn, reason)
