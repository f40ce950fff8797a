"""GuardDuty estate: detectors and the organization's delegated administrator.

Workshop: enabled in the home region, suspended in eu-west-1, absent from ap-southeast-2; the
`acme-security` account was registered as delegated administrator in the home region only.
Clean: enabled everywhere, administered by `acme-security` in every region.
"""

from __future__ import annotations

from ..seeding import SeedContext


def seed(ctx: SeedContext) -> None:
    admin = ctx.members.get("acme-security")
    for index, region in enumerate(ctx.regions):
        gd = ctx.client("guardduty", region)
        if ctx.bad and index >= 2:
            continue
        detector = gd.create_detector(
            Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES", Tags={"owner": "secops"}
        )["DetectorId"]
        if ctx.bad and index == 1:
            gd.update_detector(DetectorId=detector, Enable=False)
        if admin and (not ctx.bad or index == 0):
            gd.enable_organization_admin_account(AdminAccountId=admin)


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    return {
        "DET-01-C05": {"PASS", "FAIL"} if bad else {"PASS"},
        "DET-01-C07": {"PASS", "FAIL"} if bad else {"PASS"},
        # guardduty:ListFindings is not served by the sandbox; regions without a detector are N/A.
        "IR-02-C03": {"NOT_ASSESSABLE", "NOT_APPLICABLE"} if bad else {"NOT_ASSESSABLE"},
    }
