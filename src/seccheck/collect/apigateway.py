"""API Gateway facts (regional): REST APIs with their deployed stages.

A stage carries `webAclArn` when AWS WAF protects it, so no per-stage WAF call is needed;
stages themselves are only listed per API (one call each).
"""

from __future__ import annotations

from typing import Any

from .api import Api
from .fanout import read_each
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "apigateway": ("GetRestApis", "GetStages"),
}


@fact("apigateway.rest_apis", scope="regional")
def rest_apis(api: Api) -> list[dict[str, Any]]:
    """REST APIs, each with `stages` (a list, or Unreadable)."""

    def read(rest_api: dict[str, Any]) -> list[dict[str, Any]]:
        # Tagged with the path that ends the API ARN (arn:...:apigateway:REGION::/restapis/ID).
        api_id = rest_api["id"]
        resp = api.call("apigateway", "get_stages", resource=f"restapis/{api_id}",
                        restApiId=api_id)
        return list(resp.get("item", []))

    listed = api.paginate("apigateway", "get_rest_apis", "items") or []
    return [
        {**rest_api, "stages": stages}
        for rest_api, stages in zip(listed, read_each(api, "apigateway", listed, read), strict=True)
    ]
