"""The exporter's last look for secrets: what it catches, what it leaves alone, and that a
catch means nothing is written."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from seccheck.aws.recorder import CallRecord
from seccheck.checklist import Checklist
from seccheck.evidence.export import write_evidence
from seccheck.evidence.redaction_audit import SecretLeakError, audit, scan_json, scan_text
from seccheck.evidence.source import EvidenceSource, RunInfo
from seccheck.results import CheckResult, Status

SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # AWS's documented example shape


@pytest.mark.parametrize(
    "text, kind",
    [
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private key (PEM)"),
        (f"aws_secret_access_key = {SECRET_KEY}", "aws_secret_access_key value"),
        (f'{{"SecretAccessKey": "{SECRET_KEY}"}}', "SecretAccessKey value"),
        ('"SessionToken": "' + "FwoGZXIvYXdzEJr" * 8 + '"', "session token value"),
        (
            "#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret-UserData-Value!\n",
            "secret-named variable with a value",
        ),
        ('{"API_TOKEN": "tok-12345"}', "secret-named variable with a value"),
        (
            f"AccessKeyId AKIAIOSFODNN7EXAMPLE and then {SECRET_KEY}",
            "40-character secret key next to an access key id",
        ),
    ],
)
def test_secret_shapes_are_found(text: str, kind: str) -> None:
    assert kind in {leak.kind for leak in scan_text(text, "doc")}


def test_base64_user_data_is_decoded_and_scanned() -> None:
    blob = base64.b64encode(
        b"#!/bin/bash\nexport DB_PASSWORD=Sup3rS3cret-UserData-Value!\n"
    ).decode()
    leaks = scan_json({"UserData": {"Value": blob}}, "sidecar.json")
    assert [leak.kind for leak in leaks] == ["secret-named variable with a value (base64-encoded)"]
    assert leaks[0].where == "sidecar.json.UserData.Value"


@pytest.mark.parametrize(
    "text",
    [
        '{"DB_PASSWORD": "***REDACTED***"}',
        "export DB_PASSWORD=***REDACTED***",
        '{"MinimumPasswordLength": 14, "RequireSymbols": true}',
        "acme-payments-api: variable(s) DB_PASSWORD look like secrets and hold a literal value",
        "AKIAIOSFODNN7EXAMPLE is active, last used 3 days ago; sha " + "ab12" * 10,
        "aws_secret_access_key=c['SecretAccessKey']",
        "DB_PASSWORD=${DB_PASSWORD}",
    ],
)
def test_ordinary_evidence_is_not_flagged(text: str) -> None:
    assert scan_text(text, "doc") == []


def test_exporter_redacts_mfa_seeds_the_engine_left() -> None:
    from seccheck.evidence.redaction_audit import redact_more

    response = {
        "VirtualMFADevices": [
            {
                "SerialNumber": "arn:aws:iam::1:mfa/a",
                "Base32StringSeed": "5I2E6HA4JXRPO73XY7S4LAYGPWPLXCEX",
            }
        ]
    }
    cleaned = redact_more(response)
    assert cleaned["VirtualMFADevices"][0] == {
        "SerialNumber": "arn:aws:iam::1:mfa/a",
        "Base32StringSeed": "***REDACTED***",
    }
    assert scan_json(cleaned, "x") == [] and scan_json(response, "x") != []


def test_literal_credentials_in_use_are_found_and_never_echoed() -> None:
    literal = "Z9x-this-is-the-session-secret-value"
    with pytest.raises(SecretLeakError) as caught:
        audit({"out.csv": f"a,b,{literal}\n"}, literals=[literal])
    assert "the secret value of the credentials in use" in str(caught.value)
    assert literal not in str(caught.value)


def test_export_refuses_and_writes_nothing(tmp_path: Path, checklist: Checklist) -> None:
    blob = base64.b64encode(b"export DB_PASSWORD=Sup3rS3cret-UserData-Value!").decode()
    item = checklist.items[0]
    check = item.checks[0]
    call = CallRecord(
        id="c000001",
        service="ec2",
        operation="DescribeInstanceAttribute",
        params={"InstanceId": "i-1", "Attribute": "userData"},
        account="111122223333",
        region="us-east-1",
        caller_arn="arn:aws:iam::111122223333:user/auditor",
        started_at="2026-01-01T00:00:00.000Z",
        duration_ms=1.0,
        outcome="ok",
        response={"InstanceId": "i-1", "UserData": {"Value": blob}},
    )
    result = CheckResult(
        check.id,
        item.id,
        "111122223333",
        "us-east-1",
        "i-1",
        Status.FAIL,
        "demo",
        check.severity.value,
        check.service,
        ("c000001",),
    )
    run = RunInfo(
        "run-1",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:01:00Z",
        "0.1.0",
        {"name": checklist.name, "version": checklist.version, "hash": checklist.hash},
        {
            "accounts": [{"id": "111122223333", "caller_arn": "arn:aws:iam::111122223333:user/a"}],
            "regions": ["us-east-1"],
        },
    )
    source = EvidenceSource(checklist, [run], [result], {"c000001": call})
    with pytest.raises(SecretLeakError) as caught:
        write_evidence(source, tmp_path / "evidence.ipynb", html=False)
    assert "base64-encoded" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
    json.dumps(str(caught.value))  # the message is printable and carries no value
    assert "Sup3rS3cret" not in str(caught.value)
