"""A paginated call that fails still cost a request: the run's request count includes it."""

from __future__ import annotations

import pytest

from seccheck.aws.errors import ApiError
from tests.stubbing import client_error, stubbed_api


@pytest.mark.stubbed
def test_failed_and_absent_pages_are_counted_as_requests_stubbed():
    with stubbed_api() as stubs:
        config = stubs.stub("config")
        config.add_response(
            "describe_config_rules", {"ConfigRules": [], "NextToken": "t2"}, {}
        )
        config.add_client_error(
            "describe_config_rules", **client_error("AccessDeniedException", http_status=403)
        )
        config.add_client_error(
            "describe_conformance_packs", **client_error("NoSuchConformancePackException")
        )
        with pytest.raises(ApiError):
            stubs.api.paginate("config", "describe_config_rules", "ConfigRules")
        assert stubs.api.paginate(
            "config", "describe_conformance_packs", "ConformancePackDetails",
            absent_on=("NoSuchConformancePackException",),
        ) is None
    pages = {c.operation: c.pages for c in stubs.recorder.records.values()}
    assert pages == {"DescribeConfigRules": 2, "DescribeConformancePacks": 1}
