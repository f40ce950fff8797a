"""Route 53 Resolver facts (regional): DNS query logging configurations and their VPCs."""

from __future__ import annotations

from typing import Any

from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "route53resolver": ("ListResolverQueryLogConfigAssociations", "ListResolverQueryLogConfigs"),
}


@fact("route53resolver.query_logging", scope="regional")
def query_logging(api: Api) -> dict[str, list[dict[str, Any]]]:
    """{"configs": [...], "associations": [...]} for the region (shared configs included)."""
    configs = api.paginate("route53resolver", "list_resolver_query_log_configs",
                           "ResolverQueryLogConfigs") or []
    associations = api.paginate("route53resolver", "list_resolver_query_log_config_associations",
                                "ResolverQueryLogConfigAssociations") or []
    return {"configs": configs, "associations": associations}
