"""AWS Config facts: recorders (regional), rules and packs (regional), aggregators (home region)."""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .account import member_only, probe_regions
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "config": (
        "DescribeConfigRules",
        "DescribeConfigurationAggregators",
        "DescribeConfigurationRecorderStatus",
        "DescribeConfigurationRecorders",
        "DescribeConformancePacks",
        "DescribeDeliveryChannels",
    ),
}


@fact("config.recorders", scope="regional")
def recorders(api: Api) -> dict[str, list[dict[str, Any]]]:
    """Read the recorders, their status and the delivery channels of this region."""
    return {
        "recorders": api.call("config", "describe_configuration_recorders").get(
            "ConfigurationRecorders", []
        ),
        "status": api.call("config", "describe_configuration_recorder_status").get(
            "ConfigurationRecordersStatus", []
        ),
        "channels": api.call("config", "describe_delivery_channels").get("DeliveryChannels", []),
    }


@fact("config.rules", scope="regional")
def rules(api: Api) -> dict[str, Any]:
    """Config rules and, only when there are none, conformance packs (Unreadable on failure).

    Packs are not read when rules exist: one rule already answers the check, and some endpoints
    cannot list packs at all.
    """
    found = api.paginate("config", "describe_config_rules", "ConfigRules") or []
    packs: list[dict[str, Any]] | Unreadable | None = None
    if not found:
        try:
            packs = (
                api.paginate("config", "describe_conformance_packs", "ConformancePackDetails") or []
            )
        except ApiError as err:
            packs = Unreadable(err.status, err.reason)
    return {"rules": found, "packs": packs}


@fact("config.aggregators", scope="global")
def aggregators(api: Api) -> dict[str, Any] | Unreadable:
    """Find configuration aggregators by probing enabled regions (one usually holds it)."""

    def read(region: str) -> list[dict[str, Any]]:
        found = (
            api.paginate(
                "config",
                "describe_configuration_aggregators",
                "ConfigurationAggregators",
                region=region,
            )
            or []
        )
        return [dict(a, Region=region) for a in found]

    probe = probe_regions(api, "config", read)
    if not probe["found"]:
        elsewhere = member_only(api, "the multi-account Config aggregator")
        if elsewhere is not None:
            return elsewhere
    return probe
