"""DP-02-C06: expired IAM server certificates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from seccheck.checks import iam_certificates as checks
from seccheck.results import Status
from tests.checks.iam_helpers import CTX, NOW, by_resource, kinds
from tests.stubbing import client_error, stubbed_api


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


def metadata(name: str, **fields):
    # ServerCertificateMetadata: Path, name, id and Arn are required; dates are optional.
    return {"Path": "/cloudfront/", "ServerCertificateName": name,
            "ServerCertificateId": f"ASCA{name.upper():0<17}"[:21],
            "Arn": f"arn:aws-cn:iam::111122223333:server-certificate/cloudfront/{name}", **fields}


@pytest.mark.stubbed
def test_server_certificates_follow_the_marker_stubbed():
    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        iam = stubs.stub("iam")
        iam.add_response("list_server_certificates", {
            "ServerCertificateMetadataList": [
                metadata("old", UploadDate=NOW - timedelta(days=400),
                         Expiration=NOW - timedelta(days=1))],
            "IsTruncated": True, "Marker": "m2"}, {})
        iam.add_response("list_server_certificates", {
            "ServerCertificateMetadataList": [metadata("new", Expiration=NOW + timedelta(days=30)),
                                              metadata("undated")],
            "IsTruncated": False}, {"Marker": "m2"})
        results = stubs.evaluate("DP-02-C06", now=NOW)
    assert {r.resource.rsplit("/", 1)[-1]: r.status for r in results} == {
        "old": Status.FAIL, "new": Status.PASS, "undated": Status.NOT_ASSESSABLE}
    assert all(r.resource.startswith("arn:aws-cn:iam::") for r in results)
    with stubbed_api("cn-north-1", "arn:aws-cn:iam::111122223333:user/auditor") as stubs:
        stubs.stub("iam").add_client_error("list_server_certificates", **client_error(
            "AccessDenied", http_status=403))
        [denied] = stubs.evaluate("DP-02-C06", now=NOW)
    assert denied.status is Status.NOT_ASSESSABLE and "iam:ListServerCertificates" in denied.reason
