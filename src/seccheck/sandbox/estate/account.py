"""Account estate: alternate contacts (missing in a bad management account, set in members)."""

from __future__ import annotations

from ..seeding import SeedContext

CONTACTS = {
    "SECURITY": ("Acme Security Operations", "secops@acme.example", "Security team"),
    "OPERATIONS": ("Acme Platform On-Call", "platform-oncall@acme.example", "Operations"),
    "BILLING": ("Acme Finance", "aws-billing@acme.example", "Finance"),
}


def _set_contacts(ctx: SeedContext, account: str) -> None:
    client = ctx.client("account", account=account)
    for kind, (name, email, title) in CONTACTS.items():
        client.put_alternate_contact(
            AlternateContactType=kind,
            Name=name,
            EmailAddress=email,
            Title=title,
            PhoneNumber="+1-555-0100",
        )


def seed(ctx: SeedContext) -> None:
    if not ctx.bad:
        _set_contacts(ctx, ctx.account)
    for member in ctx.members.values():
        _set_contacts(ctx, member)


def expected(profile: str) -> dict[str, set[str]]:
    return {"IAM-01-C06": {"FAIL"} if profile in ("workshop", "scale") else {"PASS"}}
