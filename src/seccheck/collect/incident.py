"""Incident-response tooling facts (regional): Detective, Incident Manager, AWS FIS."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .account import offered_in
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "detective": ("ListGraphs",),
    "fis": ("ListExperiments",),
    "ssm-incidents": ("ListResponsePlans",),
}


def _graphs(api: Api) -> list[dict[str, Any]]:
    graphs: list[dict[str, Any]] = []
    token: str | None = None
    for _ in range(100):  # ListGraphs has no paginator in botocore
        params: dict[str, Any] = {"NextToken": token} if token else {}
        reply = api.call("detective", "list_graphs", **params)
        graphs.extend(reply.get("GraphList", []))
        token = reply.get("NextToken")
        if not token:
            break
    return graphs


@fact("detective.ir_tooling", scope="regional")
def ir_tooling(api: Api) -> dict[str, Any]:
    """List Detective graphs and Incident Manager response plans (each Unreadable on failure).

    The two reads are independent signals: one denied or unsupported API does not hide the other.
    A service not offered in this region is None (there is nothing to read, and nothing to miss).
    """
    out: dict[str, Any] = {"graphs": None, "response_plans": None}
    if offered_in(api, "detective"):
        try:
            out["graphs"] = _graphs(api)
        except ApiError as err:
            out["graphs"] = Unreadable(err.status, err.reason)
    if offered_in(api, "ssm-incidents"):
        try:
            out["response_plans"] = (
                api.paginate("ssm-incidents", "list_response_plans", "responsePlanSummaries") or []
            )
        except ApiError as err:
            out["response_plans"] = Unreadable(err.status, err.reason)
    return out


@fact("fis.experiments", scope="regional")
def experiments(api: Api) -> list[dict[str, Any]]:
    return api.paginate("fis", "list_experiments", "experiments") or []
