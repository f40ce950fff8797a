"""Which region names exist, from botocore's endpoint data (no AWS call, no credentials).

A typo in `--regions` would otherwise be accepted and then assessed as an empty region, which
reads like a clean bill of health.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def known_regions() -> dict[str, str]:
    """Every region botocore lists, mapped to its partition (aws, aws-cn, aws-us-gov, ...)."""
    from botocore.loaders import create_loader

    data = create_loader().load_data("endpoints")
    return {
        region: partition["partition"]
        for partition in data["partitions"]
        for region in partition.get("regions", {})
    }


def unknown_regions(regions: list[str]) -> list[str]:
    """The names in `regions` that no partition has."""
    known = known_regions()
    return [r for r in regions if r not in known]


def region_problem(regions: list[str]) -> str | None:
    """A one-line reason the list is unusable (unknown names, or several partitions), or None."""
    unknown = unknown_regions(regions)
    if unknown:
        names = ", ".join(repr(r) for r in unknown[:5])
        return (
            f"unknown region name(s) {names}: botocore lists no such region in any partition "
            "(for example us-east-1, eu-west-1)"
        )
    partitions = sorted({known_regions()[r] for r in regions})
    if len(partitions) > 1:
        mixed = ", ".join(partitions)
        return f"regions from different partitions ({mixed}) cannot be assessed together"
    return None
