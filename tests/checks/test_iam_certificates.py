"""DP-02-C06: expired IAM server certificates."""

from __future__ import annotations

from datetime import timedelta

from seccheck.checks import iam_certificates as checks
from seccheck.results import Status
from tests.checks.iam_helpers import CTX, NOW, by_resource, kinds


def test_expired_server_certificates():
    certs = [
        {"ServerCertificateName": "old", "Arn": "arn:old", "Expiration": NOW - timedelta(days=1)},
        {"ServerCertificateName": "new", "Arn": "arn:new", "Expiration": NOW + timedelta(days=30)},
    ]
    assert by_resource(checks.expired_server_certificates(CTX, certs)) == {
        "arn:old": Status.FAIL,
        "arn:new": Status.PASS,
    }
    assert kinds(checks.expired_server_certificates(CTX, [])) == [Status.NOT_APPLICABLE]
