"""IAM estate: the root user, people and service users, roles, policies, server certificates.

Account-level settings are bad in the management account of the workshop (root without MFA, with
an active key and recent sign-ins; weak password policy; no federation; no support role) and good
in member accounts and in the clean profile. Per copy (suffix -001...):

- `alice.admin`: console user with MFA, permissions from the `acme-engineers` group (good);
- `svc-deploy`: one fresh access key, permissions from the `acme-deployers` group (good);
- `bob.contractor` (bad): console without MFA, an inline policy, two active keys;
- `carol.former` (bad): a console password set 200 days ago and never used;
- `svc-reporting` (bad): a single key created 200 days ago and never used;
- roles `acme-breakglass` (MFA required, good) and `acme-incident-responder` (bad: anyone in the
  account can assume it without MFA, SecurityAudit and the `acme-legacy-admin` "*:*" policy);
- full administrator access (bad): role `acme-ci-deployer` with AdministratorAccess and no MFA,
  group `acme-legacy-ops` with an inline NotAction policy;
- server certificates `acme-legacy-elb` (valid) and `acme-old-portal` (bad: expired).

The clean profile keeps only the good examples and has no console users at all (people federate).
States no API can set are patched in moto: the root user's summary flags and credential-report
row, user and key creation dates, and server certificate expiry (moto hard-codes 2012).
"""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from ..seeding import SeedContext, backend
from ._audit_logging import copy_name, days_ago, trust

MANAGED = "arn:aws:iam::aws:policy/"
IDENTITY_CENTER_PROVIDER = "AWSSSO_0123456789abcdef_DO_NOT_DELETE"
REPORT_DATE = "%Y-%m-%dT%H:%M:%S+00:00"
SAML_METADATA = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
    'entityID="http://www.okta.com/exkacmeworkshop0000001">'
    '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
    'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
    "<ds:X509Data><ds:X509Certificate>"
    + "QWNtZVdvcmtzaG9wU2FtbENlcnQ"
    * 30
    + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
    "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
    'Location="https://acme.okta.example/app/amazon_aws/exkacmeworkshop0000001/sso/saml"/>'
    "</md:IDPSSODescriptor></md:EntityDescriptor>"
)
READ_ONLY_OPS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Resource": "*",
            "Action": [
                "cloudwatch:Get*",
                "cloudwatch:List*",
                "logs:Describe*",
                "logs:FilterLogEvents",
                "ec2:Describe*",
            ],
        }
    ],
}
DEPLOY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["lambda:UpdateFunctionCode", "s3:PutObject"],
            "Resource": ["arn:aws:lambda:*:*:function:acme-*", "arn:aws:s3:::acme-*/*"],
        }
    ],
}
ALMOST_ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "NotAction": "iam:CreateUser", "Resource": "*"}],
}
FULL_ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}
CONTRACTOR_INLINE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}


def seed(ctx: SeedContext) -> None:
    _root(ctx)
    iam = ctx.client("iam")
    _password_policy(iam, strong=not ctx.bad)
    _serve_real_expiry()
    _per_copy(ctx)
    if not ctx.bad:
        _federation(iam, ctx.account, saml=True)
        _support_role(iam, ctx.account)
    for member in ctx.members.values():
        member_iam = ctx.client("iam", account=member)
        _password_policy(member_iam, strong=True)
        _federation(member_iam, member, saml=False)
        _support_role(member_iam, member)


# -- root user ---------------------------------------------------------------------------------


def _root(ctx: SeedContext) -> None:
    summary = backend("iam", ctx.account, "global").account_summary
    if ctx.bad:
        # Management account: root without MFA and with access keys (member accounts are clean).
        summary._account_mfa_enabled = 0
        summary._account_access_keys_present = 1
    else:
        summary._account_mfa_enabled = 1
        summary._account_access_keys_present = 0
    _add_root_row(ctx.account, used_recently=ctx.bad)
    for member in ctx.members.values():
        member_summary = backend("iam", member, "global").account_summary
        member_summary._account_mfa_enabled = 1
        _add_root_row(member, used_recently=False)


def _add_root_row(account: str, *, used_recently: bool) -> None:
    """Give moto's credential report the `<root_account>` row AWS puts first."""
    iam_backend = backend("iam", account, "global")
    created = days_ago(900).strftime(REPORT_DATE)
    if used_recently:
        password_used, mfa = days_ago(3).strftime(REPORT_DATE), "false"
        key = [
            "true",
            days_ago(400).strftime(REPORT_DATE),
            days_ago(2).strftime(REPORT_DATE),
            "us-east-1",
            "iam",
        ]
    else:
        password_used, mfa = days_ago(200).strftime(REPORT_DATE), "true"
        key = ["false", "N/A", "N/A", "N/A", "N/A"]
    row = ",".join(
        [
            "<root_account>",
            f"arn:aws:iam::{account}:root",
            created,
            "not_supported",
            password_used,
            "not_supported",
            "not_supported",
            mfa,
            *key,
            "false",
            "N/A",
            "N/A",
            "N/A",
            "N/A",
            "false",
            "N/A",
            "false",
            "N/A",
        ]
    )
    original = iam_backend.get_credential_report

    def report_with_root() -> str:
        header, _, users = original().partition("\n")
        return f"{header}\n{row}\n{users}"

    iam_backend.get_credential_report = report_with_root


def _password_policy(iam: Any, *, strong: bool) -> None:
    if strong:
        iam.update_account_password_policy(
            MinimumPasswordLength=14,
            PasswordReusePrevention=24,
            RequireSymbols=True,
            RequireNumbers=True,
            RequireUppercaseCharacters=True,
            RequireLowercaseCharacters=True,
            MaxPasswordAge=90,
        )
    else:
        iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True)


# -- people, service users and roles (per copy) ------------------------------------------------
# Written through moto's backend: one IAM call over HTTP costs ~20 ms in the sandbox, and the
# scale profile makes thousands of these. The result is the same state the API would make.


class _Writer:
    """Per-copy IAM resources, created directly in moto's backend of one account."""

    def __init__(self, account: str) -> None:
        self.account = account
        self.iam = backend("iam", account, "global")

    def policy(self, name: str, document: dict[str, Any]) -> str:
        return str(
            self.iam.create_policy(
                description="",
                path="/",
                policy_document=json.dumps(document),
                policy_name=name,
                tags=[],
            ).arn
        )

    def group(self, name: str, policy: str) -> None:
        self.iam.create_group(name)
        self.iam.attach_group_policy(policy, name)

    def user(
        self,
        name: str,
        *,
        path: str = "/",
        password: bool = False,
        mfa: bool = False,
        keys: int = 0,
        group: str | None = None,
        created_days_ago: float | None = None,
    ) -> Any:
        user = self.iam.create_user("us-east-1", name, path)
        if password:
            self.iam.create_login_profile(name, "Workshop-Only-Pa55word!")
        if mfa:
            serial = self.iam.create_virtual_mfa_device(name, "/").serial_number
            self.iam.enable_mfa_device(name, serial, "123456", "654321")
        for _ in range(keys):
            self.iam.create_access_key(name)
        if group:
            self.iam.add_user_to_group(group, name)
        if created_days_ago is not None:
            user.create_date = days_ago(created_days_ago)
        return user

    def role(self, name: str, trust_policy: str, *policies: str, description: str = "") -> None:
        self.iam.create_role(name, trust_policy, "/", None, description, [], "3600")
        for arn in policies:
            self.iam.attach_role_policy(arn, name)

    def certificate(self, name: str, domain: str, valid_days: int) -> None:
        body, key = _certificate(domain, valid_days)
        self.iam.upload_server_certificate(name, body, key)


def _per_copy(ctx: SeedContext) -> None:
    """Good examples in every profile; bad ones in the workshop and scale profiles."""
    w = _Writer(ctx.account)
    account_root = {"AWS": f"arn:aws:iam::{ctx.account}:root"}
    mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    for i in range(ctx.copies):
        name = functools.partial(copy_name, i=i)
        engineers, deployers = name("acme-engineers"), name("acme-deployers")
        w.group(engineers, w.policy(name("acme-ops-readonly"), READ_ONLY_OPS))
        w.group(deployers, w.policy(name("acme-deploy"), DEPLOY))
        w.user(name("svc-deploy"), path="/service/", keys=1, group=deployers)
        w.role(
            name("acme-breakglass"),
            trust(account_root, mfa),
            MANAGED + "AdministratorAccess",
            description="Emergency administrator access; every use is alerted on",
        )
        w.certificate(name("acme-legacy-elb"), "legacy.acme.example", 400)
        if not ctx.bad:  # people federate in the clean profile: no console users there
            continue
        w.user(name("alice.admin"), password=True, mfa=True, group=engineers)
        bob = w.user(name("bob.contractor"), password=True, keys=2)
        w.iam.put_user_policy(bob.name, "s3-full-access", json.dumps(CONTRACTOR_INLINE))
        w.user(name("carol.former"), password=True, created_days_ago=200)
        reporting = w.user(name("svc-reporting"), path="/service/", keys=1, created_days_ago=210)
        reporting.access_keys[0].create_date = days_ago(200)
        w.role(
            name("acme-incident-responder"),
            trust(account_root),
            MANAGED + "SecurityAudit",
            w.policy(name("acme-legacy-admin"), FULL_ADMIN),
        )
        w.certificate(name("acme-old-portal"), "portal.acme.example", -30)
        # Full administrator access outside the break-glass role (IAM-03-C06): an AWS-managed
        # AdministratorAccess on a CI role people can assume without MFA, and a group whose
        # inline policy allows everything but one action (NotAction).
        w.role(name("acme-ci-deployer"), trust(account_root), MANAGED + "AdministratorAccess")
        legacy_ops = name("acme-legacy-ops")
        w.iam.create_group(legacy_ops)
        w.iam.put_group_policy(legacy_ops, "almost-everything", json.dumps(ALMOST_ADMIN))


def _federation(iam: Any, account: str, *, saml: bool) -> None:
    """Identity Center permission-set roles (and, with `saml`, a role trusting a SAML IdP)."""
    iam.create_role(
        RoleName="AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b",
        Path="/aws-reserved/sso.amazonaws.com/",
        AssumeRolePolicyDocument=trust(
            {"Federated": f"arn:aws:iam::{account}:saml-provider/{IDENTITY_CENTER_PROVIDER}"},
            {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
            "sts:AssumeRoleWithSAML",
        ),
    )
    if saml:
        provider = iam.create_saml_provider(Name="AcmeOkta", SAMLMetadataDocument=SAML_METADATA)[
            "SAMLProviderArn"
        ]
        iam.create_role(
            RoleName="acme-okta-engineers",
            AssumeRolePolicyDocument=trust(
                {"Federated": provider},
                {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
                "sts:AssumeRoleWithSAML",
            ),
        )
        iam.attach_role_policy(RoleName="acme-okta-engineers", PolicyArn=MANAGED + "ReadOnlyAccess")


def _support_role(iam: Any, account: str) -> None:
    iam.create_role(
        RoleName="acme-support",
        AssumeRolePolicyDocument=trust(
            {"AWS": f"arn:aws:iam::{account}:root"},
            {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        ),
    )
    iam.attach_role_policy(RoleName="acme-support", PolicyArn=MANAGED + "AWSSupportAccess")


# -- server certificates -----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _certificate(domain: str, valid_days: int) -> tuple[str, str]:
    """Make a self-signed certificate ending `valid_days` from now (negative: already expired)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400))
        .not_valid_after(now + timedelta(days=valid_days))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem.decode()


def _serve_real_expiry() -> None:
    """Make moto list each server certificate's real expiry instead of a fixed 2012 date."""
    from cryptography import x509
    from moto.core.responses import ActionResult
    from moto.iam.responses import IamResponse

    if getattr(IamResponse, "_seccheck_real_expiry", False):
        return

    def expiry(body: str) -> str:
        try:
            cert = x509.load_pem_x509_certificate(body.encode())
        except ValueError:
            return "2012-05-08T01:02:03.004Z"
        return cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def list_server_certificates(self: Any) -> Any:
        certs = self.backend.list_server_certificates()
        return ActionResult(
            {
                "ServerCertificateMetadataList": [
                    {
                        "ServerCertificateName": c.cert_name,
                        "Path": c.path,
                        "Arn": c.arn,
                        "UploadDate": "2024-05-08T01:02:03.004Z",
                        "ServerCertificateId": c.cert_name,
                        "Expiration": expiry(c.cert_body),
                    }
                    for c in certs
                ],
                "IsTruncated": False,
            }
        )

    IamResponse.list_server_certificates = list_server_certificates  # type: ignore[method-assign]
    IamResponse._seccheck_real_expiry = True  # type: ignore[attr-defined]


def expected(profile: str) -> dict[str, set[str]]:
    bad = profile in ("workshop", "scale")
    both = {"PASS", "FAIL"}
    return {
        "IAM-01-C01": {"FAIL"} if bad else {"PASS"},
        "IAM-01-C02": {"FAIL"} if bad else {"PASS"},
        "IAM-01-C03": {"FAIL"} if bad else {"PASS"},
        "IAM-01-C04": {"FAIL"} if bad else {"PASS"},
        "IAM-01-C07": {"FAIL"} if bad else {"PASS"},
        # iam:ListOrganizationsFeatures is not served by the sandbox.
        "IAM-01-C08": {"NOT_ASSESSABLE"},
        "IAM-02-C02": {"FAIL"} if bad else {"PASS"},
        # Clean has no console users (people federate), so there is no MFA to check.
        "IAM-02-C03": both if bad else {"NOT_APPLICABLE"},
        "IAM-02-C04": {"FAIL"} if bad else {"PASS"},
        "IAM-02-C05": both if bad else {"PASS"},
        "IAM-02-C06": both if bad else {"PASS"},
        "IAM-02-C07": both if bad else {"PASS"},
        "IAM-02-C08": both if bad else {"PASS"},
        "IAM-03-C04": both if bad else {"PASS"},
        # acme-breakglass holds AdministratorAccess behind MFA: an accepted exception (PASS).
        "IAM-03-C06": both if bad else {"PASS"},
        "IR-01-C01": both if bad else {"PASS"},
        "IR-01-C02": {"FAIL"} if bad else {"PASS"},
        "DP-02-C06": both if bad else {"PASS"},
    }
