"""Throttling answered over HTTP by the sandbox shrinks the service's cap; verdicts stay."""

from __future__ import annotations

from seccheck.collect.limits import CAPS
from seccheck.scan import prepare
from tests.conftest import results_for
from tests.faults import Injector, xml_error


def test_slow_down_answers_halve_the_s3_cap_and_retries_keep_the_verdicts(
    workshop, workshop_report, checklist
):
    slow = Injector("GetBucketVersioning", xml_error(503, "SlowDown", "Reduce your request rate"),
                    times=2)
    runner = prepare(
        checklist,
        endpoint_url=workshop.endpoint,
        regions=workshop.regions,
        session=workshop.session(),
        check_ids=["DP-01-C19"],
        factory_hooks=[("before-send.s3.GetBucketVersioning", slow)],
    )
    report = runner.run()
    assert slow.attempts == 2
    s3_limits = [lim for (_, _, service), lim in runner.context._limits.items() if service == "s3"]
    assert sum(lim.throttles for lim in s3_limits) >= 1
    assert min(lim.lowest for lim in s3_limits) <= CAPS["s3"] // 2
    # Other services never saw a throttle and kept their starting caps.
    others = [lim for (_, _, service), lim in runner.context._limits.items() if service != "s3"]
    assert all(lim.throttles == 0 and lim.cap == lim.ceiling for lim in others)
    got = {(r.resource, r.status) for r in results_for(report, "DP-01-C19")}
    before = {(r.resource, r.status) for r in results_for(workshop_report, "DP-01-C19")}
    assert got and got == before
