"""Systems Manager checks (INF-01-C01..C03, DP-03-C01..C03): pure evaluation; the calls the
sandbox cannot serve (instance information, patch compliance, associations) through the real
collectors against canned answers; then the verdicts over the workshop and clean sandboxes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from seccheck.checks import ssm as checks
from seccheck.collect import ssm as collect
from seccheck.results import Unreadable
from tests.checks.infra_helpers import (
    ACCOUNT,
    CTX,
    DENIED,
    NOW,
    assert_expected,
    kinds,
    linked_operations,
    tags,
    verdicts,
)
from tests.conftest import results_for, statuses
from tests.stubbing import client_error, stubbed_api

SSM_IDS = ["INF-01-C01", "INF-01-C02", "INF-01-C03", "DP-03-C01", "DP-03-C02", "DP-03-C03"]


def instance(instance_id: str, name: str, *groups: str, state: str = "running") -> dict[str, Any]:
    return {"InstanceId": instance_id, "State": {"Name": state}, "Tags": tags(name),
            "SecurityGroups": [{"GroupId": g, "GroupName": g} for g in groups]}


def managed(instance_id: str, ping: str = "Online") -> dict[str, Any]:
    return {"InstanceId": instance_id, "PingStatus": ping, "AgentVersion": "3.3.0"}


def group(group_id: str, port: int | None = None, cidr: str = "0.0.0.0/0") -> dict[str, Any]:
    rules = [] if port is None else [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                      "IpRanges": [{"CidrIp": cidr}]}]
    return {"GroupId": group_id, "GroupName": group_id, "IpPermissions": rules}


def compliance(resource_id: str, status: str, missing: int = 0,
               age_days: int = 1) -> dict[str, Any]:
    return {"ComplianceType": "Patch", "ResourceType": "ManagedInstance",
            "ResourceId": resource_id, "Status": status, "OverallSeverity": "CRITICAL",
            "ExecutionSummary": {"ExecutionTime": NOW - timedelta(days=age_days)},
            "NonCompliantSummary": {"NonCompliantCount": missing,
                                    "SeveritySummary": {"CriticalCount": missing, "HighCount": 0}}}


def window(name: str, *documents: str, tasks: Any = None) -> dict[str, Any]:
    return {"WindowId": f"mw-{name}", "Name": name, "Enabled": True,
            "Schedule": "cron(0 3 ? * SUN *)",
            "Tasks": tasks if tasks is not None else [{"TaskArn": d} for d in documents]}


# -- INF-01-C01 -------------------------------------------------------------------------------


def test_managed_instances():
    instances = [instance("i-1", "acme-payments-prod"), instance("i-2", "acme-bastion"),
                 instance("i-3", "acme-legacy-worker"), instance("i-4", "off", state="stopped")]
    found = list(checks.instances_managed(CTX, instances,
                                          [managed("i-1"), managed("i-3", "ConnectionLost")]))
    assert kinds(found) == ["PASS", "FAIL", "FAIL"]
    assert "not registered" in found[1].reason and "ConnectionLost" in found[2].reason


def test_managed_instances_unreadable_and_not_applicable():
    found = list(checks.instances_managed(CTX, [instance("i-1", "a"), instance("i-2", "b")],
                                          DENIED))
    assert kinds(found) == ["NOT_ASSESSABLE", "NOT_ASSESSABLE"]
    assert kinds(checks.instances_managed(CTX, [], DENIED)) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_managed_instances_stubbed_pass_and_fail():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_instances", {"Reservations": [{
            "OwnerId": ACCOUNT, "Instances": [instance("i-1", "acme-payments-prod"),
                                              instance("i-2", "acme-bastion")]}]})
        stubs.stub("ssm").add_response("describe_instance_information", {
            "InstanceInformationList": [managed("i-1")]})
        found = list(checks.instances_managed(CTX, collect.instances(stubs.api),
                                              collect.instance_information(stubs.api)))
    assert kinds(found) == ["PASS", "FAIL"]


@pytest.mark.stubbed
def test_instance_information_not_read_without_instances_stubbed():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_instances", {"Reservations": []})
        assert collect.instance_information(stubs.api) == []  # no SSM call was queued


# -- INF-01-C02 -------------------------------------------------------------------------------


def test_patch_compliance():
    items = [compliance("i-1", "COMPLIANT"), compliance("i-2", "NON_COMPLIANT", missing=3),
             compliance("mi-0abc", "COMPLIANT", age_days=90)]
    found = list(checks.patch_compliance(CTX, items))
    assert kinds(found) == ["PASS", "FAIL", "WARN"]
    assert "3 patch(es) (3 critical, 0 high)" in found[1].reason
    assert found[2].resource == "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0abc"
    assert kinds(checks.patch_compliance(CTX, [])) == ["NOT_APPLICABLE"]


def test_patch_scan_age_is_a_parameter():
    from seccheck.checks.registry import Context

    lenient = Context(CTX.account, CTX.region, {"max_scan_age_days": 120}, NOW)
    stale = [compliance("i-1", "COMPLIANT", age_days=90)]
    assert kinds(checks.patch_compliance(lenient, stale)) == ["PASS"]
    assert kinds(checks.patch_compliance(CTX, stale)) == ["WARN"]


@pytest.mark.stubbed
def test_patch_compliance_stubbed_pass_and_fail():
    with stubbed_api() as stubs:
        stubs.stub("ssm").add_response("list_resource_compliance_summaries", {
            "ResourceComplianceSummaryItems": [compliance("i-1", "COMPLIANT"),
                                               compliance("i-2", "NON_COMPLIANT", missing=2)]},
            {"Filters": [{"Key": "ComplianceType", "Values": ["Patch"], "Type": "EQUAL"}]})
        found = list(checks.patch_compliance(CTX, collect.patch_compliance(stubs.api)))
    assert kinds(found) == ["PASS", "FAIL"]


# -- INF-01-C03 -------------------------------------------------------------------------------


def test_patching_automated_by_window_or_scheduled_association():
    by_arn = "arn:aws:ssm:us-east-1::document/AWS-RunPatchBaseline"
    by_window = {"windows": [window("backup", "AWS-RunShellScript"), window("patch", by_arn)],
                 "associations": None}
    [found] = checks.patching_automated(CTX, by_window)
    assert found.status.value == "PASS" and "patch" in found.reason
    by_association = {"windows": [], "associations": [
        {"Name": "AWS-RunPatchBaseline", "AssociationId": "a-1"},  # runs once, no schedule
        {"Name": "AWS-RunPatchBaseline", "AssociationId": "a-2", "AssociationName": "weekly",
         "ScheduleExpression": "rate(7 days)"}]}
    [found] = checks.patching_automated(CTX, by_association)
    assert found.status.value == "PASS" and found.details["association_id"] == "a-2"


def test_patching_fails_or_cannot_tell():
    nothing = {"windows": [window("backup", "AWS-RunShellScript")], "associations": []}
    assert kinds(checks.patching_automated(CTX, nothing)) == ["FAIL"]
    blind = {"windows": [window("backup", "AWS-RunShellScript")], "associations": DENIED}
    [found] = checks.patching_automated(CTX, blind)
    assert found.status.value == "NOT_ASSESSABLE" and DENIED.reason in found.reason
    unreadable_tasks = {"windows": [window("w", tasks=DENIED)], "associations": []}
    assert kinds(checks.patching_automated(CTX, unreadable_tasks)) == ["NOT_ASSESSABLE"]


@pytest.mark.stubbed
def test_patching_by_association_stubbed_pass():
    with stubbed_api() as stubs:
        ssm = stubs.stub("ssm")
        ssm.add_response("describe_maintenance_windows", {"WindowIdentities": []})
        ssm.add_response("list_associations", {"Associations": [
            {"Name": "AWS-RunPatchBaseline", "AssociationId": "a-1",
             "AssociationName": "acme-patch-policy", "ScheduleExpression": "cron(0 2 ? * SAT *)"}]})
        found = list(checks.patching_automated(CTX, collect.patch_automation(stubs.api)))
    assert kinds(found) == ["PASS"] and "acme-patch-policy" in found[0].reason


@pytest.mark.stubbed
def test_patching_stubbed_fail_and_window_shortcut():
    with stubbed_api() as stubs:
        ssm = stubs.stub("ssm")
        ssm.add_response("describe_maintenance_windows", {"WindowIdentities": [
            {"WindowId": "mw-0123456789abcdef0", "Name": "acme-backup", "Enabled": True}]})
        ssm.add_response("describe_maintenance_window_tasks", {"Tasks": [
            {"WindowId": "mw-0123456789abcdef0", "TaskArn": "AWS-RunShellScript"}]})
        ssm.add_response("list_associations", {"Associations": []})
        assert kinds(checks.patching_automated(CTX, collect.patch_automation(stubs.api))) == [
            "FAIL"]
    with stubbed_api() as stubs:  # a patching window makes the association listing unnecessary
        ssm = stubs.stub("ssm")
        ssm.add_response("describe_maintenance_windows", {"WindowIdentities": [
            {"WindowId": "mw-0123456789abcdef0", "Name": "acme-patch", "Enabled": True}]})
        ssm.add_response("describe_maintenance_window_tasks", {"Tasks": [
            {"WindowId": "mw-0123456789abcdef0", "TaskArn": "AWS-RunPatchBaseline"}]})
        automation = collect.patch_automation(stubs.api)
    assert automation["associations"] is None
    assert kinds(checks.patching_automated(CTX, automation)) == ["PASS"]


# -- DP-03-C01 --------------------------------------------------------------------------------


def test_access_without_ssh():
    instances = [instance("i-1", "acme-payments-prod", "sg-app"),
                 instance("i-2", "acme-ops", "sg-app", "sg-ops"),
                 instance("i-3", "acme-bastion", "sg-open"),
                 instance("i-4", "acme-unmanaged", "sg-app")]
    groups = [group("sg-app"), group("sg-ops", 22, "10.0.0.0/8"), group("sg-open", 3389)]
    found = list(checks.access_without_ssh(CTX, instances, [managed("i-1"), managed("i-2"),
                                                            managed("i-3")], groups))
    assert kinds(found) == ["PASS", "WARN", "FAIL", "FAIL"]
    assert "10.0.0.0/8" in found[1].reason and "RDP (3389) from 0.0.0.0/0" in found[2].reason
    assert "not online in Systems Manager" in found[3].reason


def test_access_without_ssh_when_ssm_is_unreadable():
    instances = [instance("i-1", "acme-payments-prod", "sg-app"),
                 instance("i-2", "acme-bastion", "sg-open")]
    found = list(checks.access_without_ssh(CTX, instances, DENIED,
                                           [group("sg-app"), group("sg-open", 22)]))
    # The open security group decides on its own; the rest cannot be judged.
    assert kinds(found) == ["NOT_ASSESSABLE", "FAIL"]
    assert kinds(checks.access_without_ssh(CTX, [], DENIED, [])) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_access_without_ssh_stubbed_pass():
    with stubbed_api() as stubs:
        stubs.stub("ec2").add_response("describe_instances", {"Reservations": [{
            "OwnerId": ACCOUNT, "Instances": [instance("i-1", "acme-payments-prod", "sg-app")]}]})
        stubs.stub("ec2").add_response("describe_security_groups", {"SecurityGroups": [
            {**group("sg-app"), "Description": "app", "VpcId": "vpc-1", "OwnerId": ACCOUNT}]})
        stubs.stub("ssm").add_response("describe_instance_information", {
            "InstanceInformationList": [managed("i-1")]})
        from seccheck.collect import network

        found = list(checks.access_without_ssh(CTX, collect.instances(stubs.api),
                                               collect.instance_information(stubs.api),
                                               network.security_groups(stubs.api)))
    assert kinds(found) == ["PASS"]


# -- DP-03-C02 / DP-03-C03 --------------------------------------------------------------------


def test_documents_not_public():
    docs = [{"Name": "Acme-RestartWebTier", "DocumentType": "Automation"},
            {"Name": "Acme-RotateLogs", "DocumentType": "Command"},
            {"Name": "Acme-DiagnosticsBundle", "DocumentType": "Command"},
            {"Name": "Acme-Denied", "DocumentType": "Command"}]
    sharing = {"Acme-RestartWebTier": [], "Acme-RotateLogs": ["210987654321"],
               "Acme-DiagnosticsBundle": ["all"], "Acme-Denied": DENIED}
    found = list(checks.documents_not_public(CTX, docs, sharing))
    assert kinds(found) == ["PASS", "PASS", "FAIL", "NOT_ASSESSABLE"]
    assert found[2].resource == "arn:aws:ssm:us-east-1:111122223333:document/Acme-DiagnosticsBundle"
    assert kinds(checks.documents_not_public(CTX, [], {})) == ["NOT_APPLICABLE"]


@pytest.mark.stubbed
def test_document_sharing_read_per_own_document_stubbed():
    with stubbed_api() as stubs:
        ssm = stubs.stub("ssm")
        ssm.add_response("list_documents", {"DocumentIdentifiers": [
            {"Name": "Acme-A", "DocumentType": "Command"},
            {"Name": "Acme-B", "DocumentType": "Command"}]},
            {"Filters": [{"Key": "Owner", "Values": ["Self"]}]})
        ssm.add_response("describe_document_permission", {"AccountIds": ["all"]},
                         {"Name": "Acme-A", "PermissionType": "Share"})
        ssm.add_client_error("describe_document_permission",
                             **client_error("AccessDeniedException", http_status=400))
        sharing = collect.document_sharing(stubs.api)
    assert sharing["Acme-A"] == ["all"] and isinstance(sharing["Acme-B"], Unreadable)
    tagged = {r.resource for r in stubs.recorder.records.values()
              if r.operation == "DescribeDocumentPermission"}
    assert tagged == {"document/Acme-A", "document/Acme-B"}


@pytest.mark.stubbed
def test_document_sharing_follows_next_token_stubbed():
    """A3: DescribeDocumentPermission pages; "all" on the second page is still found."""
    with stubbed_api() as stubs:
        ssm = stubs.stub("ssm")
        ssm.add_response("list_documents", {"DocumentIdentifiers": [
            {"Name": "Acme-A", "DocumentType": "Command"}]},
            {"Filters": [{"Key": "Owner", "Values": ["Self"]}]})
        ssm.add_response("describe_document_permission",
                         {"AccountIds": ["111111111111"], "NextToken": "page-2"},
                         {"Name": "Acme-A", "PermissionType": "Share"})
        ssm.add_response("describe_document_permission", {"AccountIds": ["all"]},
                         {"Name": "Acme-A", "PermissionType": "Share", "NextToken": "page-2"})
        sharing = collect.document_sharing(stubs.api)
    assert sharing["Acme-A"] == ["111111111111", "all"]


def test_automation_runbooks():
    docs = [{"Name": "Acme-RestartWebTier", "DocumentType": "Automation"},
            {"Name": "Acme-RotateLogs", "DocumentType": "Command"}]
    [found] = checks.automation_runbooks(CTX, docs)
    assert found.status.value == "PASS" and found.details["runbooks"] == ["Acme-RestartWebTier"]
    assert kinds(checks.automation_runbooks(CTX, docs[1:])) == ["WARN"]


# -- verdicts over the sandbox ----------------------------------------------------------------


def test_workshop_instance_checks_are_not_assessable(workshop_report):
    found = results_for(workshop_report, "INF-01-C01")
    assert found and statuses(found) == {"NOT_ASSESSABLE"}
    assert all("ssm:DescribeInstanceInformation" in r.reason for r in found)
    assert statuses(results_for(workshop_report, "INF-01-C02")) == {"NOT_ASSESSABLE"}


def test_workshop_patching_by_region(workshop_report):
    by_region = {r.region: r.status.value for r in results_for(workshop_report, "INF-01-C03")}
    assert by_region == {"us-east-1": "PASS", "eu-west-1": "NOT_ASSESSABLE",
                         "ap-southeast-2": "NOT_ASSESSABLE"}


def test_patching_verdict_points_at_the_window_tasks(workshop_report):
    [home] = [r for r in results_for(workshop_report, "INF-01-C03") if r.region == "us-east-1"]
    operations = {op for op, _ in linked_operations(workshop_report, home)}
    assert {"DescribeMaintenanceWindows", "DescribeMaintenanceWindowTasks"} <= operations


def test_workshop_ssh_and_documents(workshop_report):
    assert verdicts(workshop_report, "DP-03-C01", "acme-bastion") == {"FAIL"}
    assert verdicts(workshop_report, "DP-03-C01", "acme-legacy-worker") == {"FAIL"}
    assert verdicts(workshop_report, "DP-03-C01", "acme-payments-prod") == {"NOT_ASSESSABLE"}
    assert verdicts(workshop_report, "DP-03-C02", "Acme-RestartWebTier") == {"PASS"}
    assert verdicts(workshop_report, "DP-03-C02", "Acme-RotateLogs") == {"PASS"}
    assert verdicts(workshop_report, "DP-03-C02", "Acme-DiagnosticsBundle") == {"FAIL"}
    runbooks = {r.region: r.status.value for r in results_for(workshop_report, "DP-03-C03")}
    assert runbooks == {"us-east-1": "PASS", "eu-west-1": "WARN", "ap-southeast-2": "WARN"}


def test_clean_patching_and_documents_pass(clean_report):
    for check_id in ("INF-01-C03", "DP-03-C02", "DP-03-C03"):
        assert statuses(results_for(clean_report, check_id)) == {"PASS"}, check_id


@pytest.mark.parametrize("scenario", ["workshop", "clean"])
def test_expected_statuses_match_a_full_run(request, scenario):
    assert_expected(request.getfixturevalue(f"{scenario}_report"), scenario, SSM_IDS)
