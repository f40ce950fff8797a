"""Systems Manager checks: managed instances, patching, access without SSH/RDP, documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..collect.ssm import PATCH_DOCUMENTS, document_name, runs_patch_document
from ..results import Finding, Unreadable
from .ec2 import live_instances
from .network import admin_rules, describe_rules, ec2_arn, label, name_tag
from .registry import Context, check


def _managed_index(info: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i.get("InstanceId", ""): i for i in info}


@check("INF-01-C01", "ec2.instances", "ssm.instance_information")
def instances_managed(ctx: Context, instances: list[dict[str, Any]],
                      info: list[dict[str, Any]] | Unreadable) -> Iterator[Finding]:
    live = live_instances(instances)
    if not live:
        yield Finding.not_applicable(ctx.account_arn, f"no running instances in {ctx.region}")
        return
    managed = {} if isinstance(info, Unreadable) else _managed_index(info)
    for instance in live:
        instance_id = instance["InstanceId"]
        resource = ec2_arn(ctx, "instance", instance_id)
        if isinstance(info, Unreadable):
            yield info.finding(resource)
            continue
        who, name = f"instance {label(instance_id, instance)}", name_tag(instance)
        entry = managed.get(instance_id)
        if entry is None:
            yield Finding.failed(resource, f"{who} is not registered with Systems Manager",
                                 name=name)
        elif entry.get("PingStatus") == "Online":
            yield Finding.passed(resource, f"{who} is online in Systems Manager", name=name,
                                 agent_version=entry.get("AgentVersion"))
        else:
            yield Finding.failed(resource, f"{who} is registered with Systems Manager but its "
                                           f"agent is {entry.get('PingStatus')}", name=name,
                                 ping_status=entry.get("PingStatus"))


def _managed_resource(ctx: Context, resource_id: str) -> str:
    if resource_id.startswith("i-"):
        return ec2_arn(ctx, "instance", resource_id)
    return f"arn:{ctx.partition}:ssm:{ctx.region}:{ctx.account}:managed-instance/{resource_id}"


@check("INF-01-C02", "ssm.patch_compliance")
def patch_compliance(ctx: Context, items: list[dict[str, Any]]) -> Iterator[Finding]:
    if not items:
        yield Finding.not_applicable(ctx.account_arn, f"no managed instance in {ctx.region} "
                                                      "reports patch compliance")
        return
    max_age = int(ctx.param("max_scan_age_days", 30))
    for item in items:
        resource_id = str(item.get("ResourceId", ""))
        resource = _managed_resource(ctx, resource_id)
        missing = (item.get("NonCompliantSummary") or {}).get("NonCompliantCount", 0)
        severity = (item.get("NonCompliantSummary") or {}).get("SeveritySummary") or {}
        scanned = (item.get("ExecutionSummary") or {}).get("ExecutionTime")
        critical, high = severity.get("CriticalCount", 0), severity.get("HighCount", 0)
        details = {"status": item.get("Status"), "non_compliant": missing,
                   "critical": critical, "high": high,
                   "last_scan": scanned.isoformat() if isinstance(scanned, datetime) else None}
        if item.get("Status") == "NON_COMPLIANT":
            yield Finding.failed(resource, f"{resource_id} is missing or failed {missing} "
                                           f"patch(es) ({critical} critical, {high} high)",
                                 **details)
        elif isinstance(scanned, datetime) and (ctx.now - scanned).days > max_age:
            age = (ctx.now - scanned).days
            yield Finding.warn(resource, f"{resource_id} was compliant at its last patch scan, "
                                         f"{age} days ago; the result is stale", **details)
        else:
            yield Finding.passed(resource, f"{resource_id} is compliant with its patch baseline",
                                 **details)


@check("INF-01-C03", "ssm.patch_automation")
def patching_automated(ctx: Context, automation: dict[str, Any]) -> Iterator[Finding]:
    windows, associations = automation.get("windows", []), automation.get("associations", [])
    for window in windows:
        tasks = window.get("Tasks")
        if not runs_patch_document(tasks):
            continue
        for task in tasks:
            if document_name(str(task.get("TaskArn", ""))) in PATCH_DOCUMENTS:
                yield Finding.passed(ctx.account_arn, f"maintenance window {window.get('Name')} "
                                                      f"runs {task.get('TaskArn')} on "
                                                      f"{window.get('Schedule')}",
                                     window_id=window.get("WindowId"),
                                     schedule=window.get("Schedule"))
                return
    if isinstance(associations, list):
        for assoc in associations:
            if document_name(str(assoc.get("Name", ""))) in PATCH_DOCUMENTS and assoc.get(
                "ScheduleExpression"
            ):
                name = assoc.get("AssociationName") or assoc.get("AssociationId")
                yield Finding.passed(ctx.account_arn, f"State Manager association {name} runs "
                                                      f"{assoc.get('Name')} on "
                                                      f"{assoc.get('ScheduleExpression')}",
                                     association_id=assoc.get("AssociationId"))
                return
    blind = [t for t in (w.get("Tasks") for w in windows) if isinstance(t, Unreadable)]
    if isinstance(associations, Unreadable):
        blind.append(associations)
    if blind:
        yield Finding.not_assessable(ctx.account_arn, f"no maintenance window in {ctx.region} "
                                                      "runs a patch document, and the rest could "
                                                      f"not be read: {blind[0].reason}")
        return
    yield Finding.failed(ctx.account_arn, f"nothing in {ctx.region} patches on a schedule: no "
                                          "maintenance window task or scheduled State Manager "
                                          "association runs AWS-RunPatchBaseline")


@check("DP-03-C01", "ec2.instances", "ssm.instance_information", "ec2.security_groups")
def access_without_ssh(ctx: Context, instances: list[dict[str, Any]],
                       info: list[dict[str, Any]] | Unreadable,
                       groups: list[dict[str, Any]]) -> Iterator[Finding]:
    live = live_instances(instances)
    if not live:
        yield Finding.not_applicable(ctx.account_arn, f"no running instances in {ctx.region}")
        return
    by_id = {g["GroupId"]: g for g in groups}
    managed = {} if isinstance(info, Unreadable) else _managed_index(info)
    for instance in live:
        instance_id = instance["InstanceId"]
        resource = ec2_arn(ctx, "instance", instance_id)
        who, name = f"instance {label(instance_id, instance)}", name_tag(instance)
        attached = [by_id[g["GroupId"]] for g in instance.get("SecurityGroups", [])
                    if g.get("GroupId") in by_id]
        internet = [r | {"group": g["GroupId"]} for g in attached
                    for r in admin_rules(g, internet_only=True)]
        if internet:
            yield Finding.failed(resource, f"{who} is reachable by {describe_rules(internet)} "
                                           "through its security groups", name=name,
                                 open_rules=internet)
            continue
        if isinstance(info, Unreadable):
            yield Finding.not_assessable(resource, f"{who} has no SSH or RDP open to the "
                                                   "internet, but whether Systems Manager manages "
                                                   f"it could not be read: {info.reason}",
                                         name=name)
            continue
        if managed.get(instance_id, {}).get("PingStatus") != "Online":
            yield Finding.failed(resource, f"{who} is not online in Systems Manager, so operators "
                                           "cannot reach it without SSH or RDP", name=name)
            continue
        inside = [r | {"group": g["GroupId"]} for g in attached
                  for r in admin_rules(g, internet_only=False)]
        if inside:
            yield Finding.warn(resource, f"{who} is managed by Systems Manager but still allows "
                                         f"{describe_rules(inside)}", name=name,
                               admin_rules=inside)
        else:
            yield Finding.passed(resource, f"{who} is managed by Systems Manager and allows no "
                                           "SSH or RDP", name=name)


def document_arn(ctx: Context, name: str) -> str:
    return f"arn:{ctx.partition}:ssm:{ctx.region}:{ctx.account}:document/{name}"


@check("DP-03-C02", "ssm.own_documents", "ssm.document_sharing")
def documents_not_public(ctx: Context, docs: list[dict[str, Any]],
                         sharing: dict[str, Any]) -> Iterator[Finding]:
    if not docs:
        yield Finding.not_applicable(ctx.account_arn, f"no own SSM documents in {ctx.region}")
        return
    for doc in docs:
        name = doc["Name"]
        resource = document_arn(ctx, name)
        accounts = sharing.get(name, [])
        if isinstance(accounts, Unreadable):
            yield accounts.finding(resource)
        elif "all" in accounts:
            yield Finding.failed(resource, f"SSM document {name} is shared publicly",
                                 shared_with=accounts)
        elif accounts:
            yield Finding.passed(resource, f"SSM document {name} is shared only with "
                                           f"{len(accounts)} named account(s)",
                                 shared_with=accounts)
        else:
            yield Finding.passed(resource, f"SSM document {name} is not shared")


@check("DP-03-C03", "ssm.own_documents")
def automation_runbooks(ctx: Context, docs: list[dict[str, Any]]) -> Iterator[Finding]:
    runbooks = sorted(d["Name"] for d in docs if d.get("DocumentType") == "Automation")
    if runbooks:
        yield Finding.passed(ctx.account_arn, f"{len(runbooks)} own Automation runbook(s) in "
                                              f"{ctx.region}: {', '.join(runbooks[:5])}"
                                              + (" ..." if len(runbooks) > 5 else ""),
                             runbooks=runbooks)
    else:
        yield Finding.warn(ctx.account_arn, f"no own Automation runbooks in {ctx.region}; record "
                                            "how routine operations are done without direct "
                                            "access (AWS-owned runbooks count too)")
