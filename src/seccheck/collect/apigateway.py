"""API Gateway facts (regional): REST APIs with their deployed stages.

A stage carries `webAclArn` when AWS WAF protects it, so no per-stage WAF call is needed;
stages themselves are only listed per API (one call each).
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "apigateway": ("GetRestApis", "GetStages"),
}


@fact("apigateway.rest_apis", scope="regional")
def rest_apis(api: Api) -> list[dict[str, Any]]:
    """REST APIs, each with `stages` (a list, or Unreadable)."""
    out: list[dict[str, Any]] = []
    for rest_api in api.paginate("apigateway", "get_rest_apis", "items") or []:
        api_id = rest_api["id"]
        try:
            # Tagged with the path that ends the API ARN (arn:...:apigateway:REGION::/restapis/ID).
            resp = api.call("apigateway", "get_stages", resource=f"restapis/{api_id}",
                            restApiId=api_id)
            stages: Any = resp.get("item", [])
        except ApiError as err:
            stages = Unreadable(err.status, err.reason)
        out.append({**rest_api, "stages": stages})
    return out
