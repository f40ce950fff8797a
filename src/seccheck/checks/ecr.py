"""ECR check: container images are scanned for vulnerabilities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..results import Finding
from .registry import Context, check

# Rule frequencies that scan images without someone starting the scan by hand.
AUTOMATIC = {"ENHANCED": ("SCAN_ON_PUSH", "CONTINUOUS_SCAN"), "BASIC": ("SCAN_ON_PUSH",)}


def _matches(pattern: str, name: str) -> bool:
    """ECR wildcard filters know only `*`."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, name) is not None


def covering_rule(config: dict[str, Any], name: str) -> str | None:
    """Return the frequency of the first registry rule that scans a repository automatically."""
    wanted = AUTOMATIC.get(str(config.get("scanType", "BASIC")), ())
    for rule in config.get("rules", []):
        if rule.get("scanFrequency") not in wanted:
            continue
        for flt in rule.get("repositoryFilters", []):
            wildcard = flt.get("filterType", "WILDCARD") == "WILDCARD"
            if wildcard and _matches(flt.get("filter", ""), name):
                return str(rule["scanFrequency"])
    return None


@check("INF-01-C05", "ecr.registry_scanning", "ecr.repositories")
def images_scanned(ctx: Context, config: dict[str, Any],
                   repos: list[dict[str, Any]]) -> Iterator[Finding]:
    scan_type = str(config.get("scanType", "BASIC"))
    if not repos:
        yield Finding.not_applicable(ctx.account_arn, f"no ECR repositories in {ctx.region}",
                                     scan_type=scan_type)
        return
    for repo in repos:
        arn, name = repo["repositoryArn"], repo["repositoryName"]
        on_push = bool((repo.get("imageScanningConfiguration") or {}).get("scanOnPush"))
        rule = covering_rule(config, name)
        details = {"scan_type": scan_type, "registry_rule": rule,
                   "repository_scan_on_push": on_push}
        if rule:
            yield Finding.passed(arn, f"repository {name} is scanned by a registry rule "
                                      f"({scan_type}, {rule})", **details)
        elif scan_type == "BASIC" and on_push:
            yield Finding.passed(arn, f"repository {name} scans images on push", **details)
        elif scan_type == "ENHANCED":
            yield Finding.failed(arn, f"repository {name} matches no enhanced scanning rule (its "
                                      "own scan-on-push setting is ignored under enhanced "
                                      "scanning)", **details)
        else:
            yield Finding.failed(arn, f"repository {name} is never scanned automatically",
                                 **details)
