"""Region probes stop asking once a region has the resource, and answer as a full sweep would."""

from __future__ import annotations

import threading
import time

from seccheck.aws.errors import ApiError
from seccheck.collect.account import PROBE_WORKERS, _endpoint_regions, probe_regions
from seccheck.results import Status
from tests.stubbing import stubbed_api

# Regions where botocore knows an IAM Identity Center endpoint (probes only go there).
REGIONS = sorted(_endpoint_regions("sso-admin") - {"us-east-1"})[:19]


def _probe(found_in: dict[str, float], failing: tuple[str, ...] = ()):
    """Probe us-east-1 + REGIONS; `found_in` maps a region to how long its read takes."""
    asked: list[str] = []
    lock = threading.Lock()

    def read(region: str) -> list[dict[str, str]]:
        with lock:
            asked.append(region)
        time.sleep(found_in.get(region, 0.1))
        if region in failing:
            raise ApiError(Status.NOT_ASSESSABLE, f"access denied in {region}")
        return [{"Arn": f"arn:{region}"}] if region in found_in else []

    with stubbed_api("us-east-1") as stubs:
        regions = [{"RegionName": r, "OptInStatus": "opt-in-not-required"}
                   for r in ["us-east-1", *REGIONS]]
        stubs.stub("ec2").add_response(
            "describe_regions", {"Regions": regions}, {"AllRegions": True}
        )
        result = probe_regions(stubs.api, "sso-admin", read)
    return result, asked


def test_found_early_leaves_later_regions_unasked():
    result, asked = _probe({REGIONS[1]: 0.02})
    assert result["region"] == REGIONS[1] and result["found"] == [{"Arn": f"arn:{REGIONS[1]}"}]
    # us-east-1, then about the pool's width beyond the region that had it (slack for a loaded
    # machine), never the whole sweep.
    assert len(asked) <= 1 + 2 + 2 * PROBE_WORKERS < 1 + len(REGIONS)


def test_the_first_region_in_order_wins_even_if_a_later_one_answers_first():
    result, _ = _probe({REGIONS[2]: 0.3, REGIONS[3]: 0.0})
    assert result["region"] == REGIONS[2]


def test_nothing_found_asks_every_region_and_names_the_unreadable():
    result, asked = _probe({}, failing=(REGIONS[6],))
    assert sorted(asked) == sorted(["us-east-1", *REGIONS])
    assert result["found"] == [] and result["probed"] == ["us-east-1", *REGIONS]
    assert result["unreadable"] == {REGIONS[6]: f"access denied in {REGIONS[6]}"}
