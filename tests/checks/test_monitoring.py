"""Monitoring checks: security log groups, CIS metric-filter alarms, finding routing, topics."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from seccheck.checks import monitoring as checks
from seccheck.checks._metric_filters import FAMILIES, families_of
from seccheck.checks.registry import Context
from seccheck.collect import guardduty as gd_collect
from seccheck.collect import monitoring as collect
from seccheck.collect import securityhub as sh_collect
from seccheck.results import Status, Unreadable
from seccheck.sandbox.estate.monitoring import CIS_FILTERS
from tests.conftest import results_for, statuses
from tests.stubbing import add_pages, client_error, stubbed_api

ACCOUNT = "111122223333"
CTX = Context(ACCOUNT, "us-east-1", {}, datetime(2026, 6, 1, tzinfo=timezone.utc))
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:ct"


def kinds(findings):
    return [f.status for f in findings]


def test_every_family_is_recognised_in_the_cis_patterns():
    covered = set()
    for pattern in CIS_FILTERS.values():
        covered |= families_of(pattern)
    assert covered == set(FAMILIES)


def test_family_matching_is_tolerant_but_exact_on_names():
    assert families_of(
        '{($.userIdentity.type="Root")&&($.userIdentity.invokedBy NOT EXISTS)'
        '&&($.eventType!="AwsServiceEvent")}'
    ) == {"root account usage"}
    # CreateRouteTable alone does not cover CreateRoute.
    partial = (
        "{ "
        + " || ".join(
            f"($.eventName = {n})"
            for n in (
                "CreateRouteTable",
                "ReplaceRoute",
                "ReplaceRouteTableAssociation",
                "DeleteRouteTable",
                "DeleteRoute",
                "DisassociateRouteTable",
            )
        )
        + " }"
    )
    assert "route table changes" not in families_of(partial)
    assert families_of('{ $.eventName = "ConsoleLogin" }') == set()


def test_and_of_event_names_matches_nothing():
    """A3: `$.eventName = A && $.eventName = B` can never match; `||` between tests that must
    hold together (root usage) does not cover the family."""
    kms_and = (
        "{ ($.eventSource = kms.amazonaws.com) && "
        "(($.eventName = DisableKey) && ($.eventName = ScheduleKeyDeletion)) }"
    )
    assert families_of(kms_and) == set()
    kms_or = (
        "{ ($.eventSource = kms.amazonaws.com) && "
        "(($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    )
    assert families_of(kms_or) == {"KMS key disabling or scheduled deletion"}
    root_or = (
        '{ $.userIdentity.type = "Root" || $.userIdentity.invokedBy NOT EXISTS '
        '|| $.eventType != "AwsServiceEvent" }'
    )
    assert "root account usage" not in families_of(root_or)
    trail_and = "{ ($.eventName = CreateTrail) && ($.eventName = UpdateTrail) && " \
        "($.eventName = DeleteTrail) && ($.eventName = StartLogging) && " \
        "($.eventName = StopLogging) }"
    assert families_of(trail_and) == set()


def test_alarm_on_metric_math_counts():
    """A3: an alarm whose metric sits in Metrics[] (metric math) is recognised."""
    from seccheck.checks.monitoring import _alarmed_metrics

    alarm = {
        "AlarmName": "root-usage",
        "AlarmActions": ["arn:aws:sns:us-east-1:1:a"],
        "Metrics": [
            {"Id": "m1", "MetricStat": {"Metric": {"MetricName": "RootUsage",
                                                  "Namespace": "CISBenchmark"},
                                       "Period": 300, "Stat": "Sum"}, "ReturnData": False},
            {"Id": "e1", "Expression": "m1 * 1", "ReturnData": True},
        ],
    }
    assert _alarmed_metrics([alarm])[("RootUsage", "CISBenchmark")] == ["root-usage"]


def group(retention=365, kms="arn:aws:kms:k", sources=("CloudTrail org",)):
    entry = {"logGroupName": "ct", "kmsKeyId": kms}
    if retention is not None:
        entry["retentionInDays"] = retention
    return {"arn": GROUP_ARN, "sources": list(sources), "group": entry}


def test_security_log_retention():
    assert kinds(
        checks.security_log_retention(CTX, {"groups": {"ct": group()}, "flow_logs": None})
    ) == [Status.PASS]
    forever = {"groups": {"ct": group(retention=None)}, "flow_logs": None}
    assert kinds(checks.security_log_retention(CTX, forever)) == [Status.PASS]
    [short] = checks.security_log_retention(
        CTX, {"groups": {"ct": group(30, kms=None)}, "flow_logs": None}
    )
    assert short.status is Status.FAIL and "30 days" in short.reason and "KMS" in short.reason
    relaxed = Context(ACCOUNT, "us-east-1", {"min_retention_days": 30}, CTX.now)
    assert kinds(
        checks.security_log_retention(relaxed, {"groups": {"ct": group(30)}, "flow_logs": None})
    ) == [Status.PASS]
    missing = {
        "groups": {"ct": {"arn": GROUP_ARN, "sources": ["x"], "group": None}},
        "flow_logs": None,
    }
    assert kinds(checks.security_log_retention(CTX, missing)) == [Status.FAIL]
    assert kinds(checks.security_log_retention(CTX, {"groups": {}, "flow_logs": None})) == [
        Status.NOT_APPLICABLE
    ]
    blind = {"groups": {}, "flow_logs": Unreadable(Status.NOT_ASSESSABLE, "denied")}
    assert kinds(checks.security_log_retention(CTX, blind)) == [Status.NOT_ASSESSABLE]


def _filters(names):
    return [
        {
            "filterName": n,
            "filterPattern": CIS_FILTERS[n],
            "metricTransformations": [{"metricName": n, "metricNamespace": "CIS"}],
        }
        for n in names
    ]


def _alarms(names, actions=("arn:aws:sns:us-east-1:1:alerts",)):
    return [
        {"AlarmName": n, "MetricName": n, "Namespace": "CIS", "AlarmActions": list(actions)}
        for n in names
    ]


TRAILS = [{"Name": "org", "CloudWatchLogsLogGroupArn": GROUP_ARN + ":*"}]


def test_cis_metric_alarms():
    all_names = list(CIS_FILTERS)
    groups = {"ct": {"arn": GROUP_ARN, "trails": ["org"], "filters": _filters(all_names)}}
    assert kinds(checks.cis_metric_alarms(CTX, TRAILS, groups, _alarms(all_names))) == [Status.PASS]
    [silent] = checks.cis_metric_alarms(CTX, TRAILS, groups, _alarms(all_names, actions=()))
    assert silent.status is Status.FAIL and len(silent.details["missing"]) == len(FAMILIES)
    assert silent.details["filter_without_acting_alarm"]
    few = {"ct": {"arn": GROUP_ARN, "trails": ["org"], "filters": _filters(all_names[:2])}}
    [partial] = checks.cis_metric_alarms(CTX, TRAILS, few, _alarms(all_names[:2]))
    assert partial.status is Status.FAIL and "13 of 15" in partial.reason
    blind = {
        "ct": {
            "arn": GROUP_ARN,
            "trails": ["org"],
            "filters": Unreadable(Status.NOT_ASSESSABLE, "denied"),
        }
    }
    assert kinds(checks.cis_metric_alarms(CTX, TRAILS, blind, [])) == [Status.NOT_ASSESSABLE]


def test_cis_metric_alarms_without_a_group_here():
    elsewhere = Context(ACCOUNT, "eu-west-1", {}, CTX.now)
    assert kinds(checks.cis_metric_alarms(elsewhere, TRAILS, {}, None)) == [Status.NOT_APPLICABLE]
    [none] = checks.cis_metric_alarms(elsewhere, [{"Name": "org"}], {}, None)
    assert none.status is Status.FAIL and "CloudWatch Logs" in none.reason


RULE = {
    "Name": "gd",
    "Arn": "arn:aws:events:us-east-1:1:rule/gd",
    "State": "ENABLED",
    "sources": ["aws.guardduty"],
    "targets": [{"Id": "t", "Arn": "arn:aws:sns:us-east-1:1:a"}],
}
DETECTOR = [{"Arn": "arn:aws:guardduty:us-east-1:1:detector/d", "Status": "ENABLED"}]


def test_findings_routed():
    assert kinds(checks.findings_routed(CTX, DETECTOR, [RULE])) == [Status.PASS]
    disabled = RULE | {"State": "DISABLED"}
    assert kinds(checks.findings_routed(CTX, DETECTOR, [disabled])) == [Status.FAIL]
    assert kinds(checks.findings_routed(CTX, DETECTOR, [RULE | {"targets": []}])) == [Status.FAIL]
    blind = RULE | {"targets": Unreadable(Status.NOT_ASSESSABLE, "denied")}
    assert kinds(checks.findings_routed(CTX, DETECTOR, [blind])) == [Status.NOT_ASSESSABLE]
    assert kinds(checks.findings_routed(CTX, [], [RULE])) == [Status.NOT_APPLICABLE]


def test_findings_routed_centrally_from_a_member():
    """A3: a member whose findings go to its GuardDuty administrator is not FAILed."""
    detector = DETECTOR[0]["Arn"]
    [member] = checks.findings_routed(CTX, DETECTOR, [], {detector: "999988887777"})
    assert member.status is Status.NOT_APPLICABLE and member.details["not_judged"] is True
    assert "999988887777" in member.reason
    assert kinds(checks.findings_routed(CTX, DETECTOR, [], {detector: None})) == [Status.FAIL]
    assert kinds(checks.findings_routed(CTX, DETECTOR, [RULE], {detector: "999988887777"})) == [
        Status.PASS
    ]


@pytest.mark.stubbed
def test_aggregation_region_stubbed_linked_region_is_routed_centrally():
    """A3: a region linked to a Security Hub aggregation region routes findings from there."""
    arn = "arn:aws:securityhub:eu-west-1:111122223333:finding-aggregator/abc"
    with stubbed_api("us-east-1") as stubs:
        sh = stubs.stub("securityhub")
        sh.add_response("list_finding_aggregators", {"FindingAggregators": [
            {"FindingAggregatorArn": arn}]})
        sh.add_response("get_finding_aggregator", {
            "FindingAggregatorArn": arn, "FindingAggregationRegion": "eu-west-1",
            "RegionLinkingMode": "ALL_REGIONS_EXCEPT_SPECIFIED", "Regions": ["ap-south-1"]},
            {"FindingAggregatorArn": arn})
        region = sh_collect.aggregation_region(stubs.api)
    assert region == "eu-west-1"
    [linked] = checks.findings_routed(CTX, DETECTOR, [], {}, region)
    assert linked.status is Status.NOT_APPLICABLE and "eu-west-1" in linked.reason
    assert linked.details["not_judged"] is True
    assert kinds(checks.findings_routed(CTX, DETECTOR, [], {}, None)) == [Status.FAIL]


@pytest.mark.stubbed
def test_administrators_stubbed_reads_the_relationship():
    with stubbed_api() as stubs:
        gd = stubs.stub("guardduty")
        gd.add_response("list_detectors", {"DetectorIds": ["abc"]})
        gd.add_response("get_detector", {"Status": "ENABLED", "ServiceRole": "r"})
        gd.add_response(
            "get_administrator_account",
            {"Administrator": {"AccountId": "999988887777", "InvitationId": "i",
                               "RelationshipStatus": "Enabled", "InvitedAt": "2026-01-01"}},
            {"DetectorId": "abc"},
        )
        admins = gd_collect.administrators(stubs.api)
    assert admins == {"arn:aws:guardduty:us-east-1:111122223333:detector/abc": "999988887777"}


def test_rule_enabled_with_all_management_events_is_enabled():
    """Audit #17: RuleState ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is an enabled state."""
    state = RULE | {"State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"}
    assert kinds(checks.findings_routed(CTX, DETECTOR, [state])) == [Status.PASS]


@pytest.mark.stubbed
def test_security_topics_stubbed_other_partitions_and_rule_states():
    """Audit #17 and #8(d): such a rule's aws-cn topic is collected for IR-02-C02."""
    topic = "arn:aws-cn:sns:cn-north-1:111122223333:alerts"
    with stubbed_api("cn-north-1") as stubs:
        stubs.stub("cloudtrail").add_response("describe_trails", {"trailList": []})
        events = stubs.stub("events")
        events.add_response(
            "list_rules",
            {
                "Rules": [
                    {
                        "Name": "gd",
                        "Arn": "arn:aws-cn:events:cn-north-1:111122223333:rule/gd",
                        "State": "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
                        "EventPattern": '{"source": ["aws.guardduty"]}',
                    }
                ]
            },
        )
        events.add_response("list_targets_by_rule", {"Targets": [{"Id": "t", "Arn": topic}]})
        stubs.stub("sns").add_response(
            "list_subscriptions_by_topic",
            {"Subscriptions": [{"SubscriptionArn": topic + ":s", "Protocol": "email"}]},
        )
        topics = collect.security_topics(stubs.api)
    assert list(topics) == [topic] and topics[topic]["used_by"] == ["rule gd"]


def test_topics_reach_someone():
    topic = "arn:aws:sns:us-east-1:1:alerts"
    confirmed = {"SubscriptionArn": topic + ":abc", "Protocol": "email"}
    pending = {"SubscriptionArn": "PendingConfirmation", "Protocol": "email"}
    assert kinds(
        checks.topics_reach_someone(
            CTX, {topic: {"used_by": ["rule gd"], "subscriptions": [confirmed]}}
        )
    ) == [Status.PASS]
    [failed] = checks.topics_reach_someone(
        CTX, {topic: {"used_by": ["rule gd"], "subscriptions": [pending]}}
    )
    assert failed.status is Status.FAIL and "1 pending" in failed.reason
    assert kinds(checks.topics_reach_someone(CTX, {})) == [Status.NOT_APPLICABLE]


@pytest.mark.stubbed
def test_security_rules_stubbed_reads_targets_of_finding_rules_only():
    with stubbed_api() as stubs:
        events = stubs.stub("events")
        events.add_response(
            "list_rules",
            {
                "Rules": [
                    {
                        "Name": "gd",
                        "Arn": "arn:aws:events:us-east-1:1:rule/gd",
                        "State": "ENABLED",
                        "EventPattern": '{"source": ["aws.guardduty"]}',
                    },
                    {
                        "Name": "nightly",
                        "Arn": "arn:aws:events:us-east-1:1:rule/nightly",
                        "State": "ENABLED",
                        "ScheduleExpression": "rate(1 day)",
                    },
                ]
            },
        )
        events.add_response(
            "list_targets_by_rule",
            {"Targets": [{"Id": "t", "Arn": "arn:aws:sns:us-east-1:1:alerts"}]},
            {"Rule": "gd"},
        )
        rules = collect.security_rules(stubs.api)
    assert [r["Name"] for r in rules] == ["gd"]
    assert kinds(checks.findings_routed(CTX, DETECTOR, rules)) == [Status.PASS]


def test_workshop_monitoring(workshop_report):
    def status(check_id, resource=None, region=None):
        return statuses(
            [
                r
                for r in results_for(workshop_report, check_id, resource)
                if region is None or r.region == region
            ]
        )

    assert status("DET-02-C06", "log-group:aws-cloudtrail-logs-acme-org") == {"PASS"}
    assert status("DET-02-C06", "log-group:acme-audit-trail-logs") == {"FAIL"}
    assert status("DET-03-C03", "log-group:aws-cloudtrail-logs-acme-org") == {"PASS"}
    assert status("DET-03-C03", "log-group:acme-audit-trail-logs") == {"FAIL"}
    assert status("IR-02-C01", "rule/acme-guardduty-findings", "us-east-1") == {"PASS"}
    assert status("IR-02-C01", region="eu-west-1") == {"FAIL"}
    assert status("IR-02-C02", ":acme-security-alerts") == {"PASS"}
    assert status("IR-02-C02", ":acme-legacy-alerts") == {"FAIL"}


def test_clean_monitoring(clean_report):
    for check_id in ("IR-02-C01", "IR-02-C02"):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id
    assert statuses(results_for(clean_report, "DET-03-C03", "log-group:")) == {"PASS"}


# -- trail log groups over responses shaped as the CloudTrail, Logs and CloudWatch references ---

GOV_CALLER = "arn:aws-us-gov:iam::111122223333:user/auditor"
GOV_GROUP = "arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:CloudTrail/acme"
GOV_TRAIL = {"Name": "acme-trail", "HomeRegion": "us-gov-west-1", "IsMultiRegionTrail": False,
             "TrailARN": "arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/acme-trail",
             "S3BucketName": "acme-trail-logs", "IncludeGlobalServiceEvents": True,
             "CloudWatchLogsLogGroupArn": GOV_GROUP + ":*",
             "CloudWatchLogsRoleArn": "arn:aws-us-gov:iam::111122223333:role/ct-to-cwl"}


def stub_trail(stubs, *, status: bool = True) -> None:
    ct = stubs.stub("cloudtrail")
    ct.add_response("describe_trails", {"trailList": [GOV_TRAIL]}, {"includeShadowTrails": True})
    if status:  # read by cloudtrail.trails, not by the log-group facts
        ct.add_response("get_trail_status", {"IsLogging": True}, {"Name": GOV_TRAIL["TrailARN"]})


@pytest.mark.stubbed
def test_metric_filters_and_alarms_over_two_pages_stubbed():
    names = list(CIS_FILTERS)
    filters = [{"filterName": n, "filterPattern": CIS_FILTERS[n], "logGroupName": "CloudTrail/acme",
                "creationTime": 1767600000000,
                "metricTransformations": [{"metricName": n, "metricNamespace": "CISBenchmark",
                                           "metricValue": "1"}]} for n in names]
    alarms = [{"AlarmName": n, "AlarmArn": f"arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:"
               f"alarm:{n}", "MetricName": n, "Namespace": "CISBenchmark", "Statistic": "Sum",
               "Period": 300, "EvaluationPeriods": 1, "Threshold": 1.0,
               "ComparisonOperator": "GreaterThanOrEqualToThreshold", "ActionsEnabled": True,
               "AlarmActions": ["arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts"]}
              for n in names]
    alarms[0]["ActionsEnabled"] = False  # the root-usage alarm notifies nobody
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_trail(stubs)
        add_pages(stubs.stub("logs"), "describe_metric_filters", "metricFilters",
                  [filters[:7], filters[7:]], token="nextToken",
                  params={"logGroupName": "CloudTrail/acme"})
        add_pages(stubs.stub("cloudwatch"), "describe_alarms", "MetricAlarms",
                  [alarms[:5], alarms[5:]])
        [result] = stubs.evaluate("DET-03-C03")
    assert result.status is Status.FAIL and result.resource == GOV_GROUP
    assert result.details["missing"] == ["root account usage"]
    assert "for 1 of" in result.reason and result.reason.endswith(": root account usage")


@pytest.mark.stubbed
def test_trail_log_group_settings_as_logs_answers_them_stubbed():
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_trail(stubs, status=False)
        stubs.stub("ec2").add_response("describe_flow_logs", {"FlowLogs": []}, {})
        # No retentionInDays (never expire) and no kmsKeyId: both optional, both absent.
        add_pages(stubs.stub("logs"), "describe_log_groups", "logGroups", [
            [{"logGroupName": "CloudTrail/acme-old", "arn": GOV_GROUP + "-old:*"}],
            [{"logGroupName": "CloudTrail/acme", "arn": GOV_GROUP + ":*", "storedBytes": 10,
              "creationTime": 1767600000000, "logGroupClass": "STANDARD"}]],
            token="nextToken", params={"logGroupNamePrefix": "CloudTrail/acme"})
        [result] = stubs.evaluate("DET-02-C06")
    assert result.status is Status.FAIL and result.resource == GOV_GROUP
    assert result.reason == "log group CloudTrail/acme is not encrypted with a KMS key"
    assert result.details["retention_days"] == "never expire"
    with stubbed_api("us-gov-west-1", GOV_CALLER) as stubs:
        stub_trail(stubs, status=False)
        stubs.stub("ec2").add_response("describe_flow_logs", {"FlowLogs": []}, {})
        stubs.stub("logs").add_client_error("describe_log_groups", **client_error(
            "AccessDeniedException", http_status=400))
        [denied] = stubs.evaluate("DET-02-C06")
    assert denied.status is Status.NOT_ASSESSABLE and "logs:DescribeLogGroups" in denied.reason
