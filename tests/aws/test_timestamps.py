"""Timestamps: the fast ISO 8601 path gives exactly what botocore's own parser gives."""

from __future__ import annotations

from datetime import timedelta

import boto3
import pytest
from botocore.utils import parse_timestamp as botocore_parse_timestamp
from dateutil.tz import tzutc

from seccheck.aws import timestamps
from seccheck.aws.clients import ClientFactory
from seccheck.aws.timestamps import parse_timestamp
from seccheck.collect.registry import guard

# Shapes AWS answers in: ISO 8601 (query/XML and JSON protocols, with or without fractions,
# Z or an offset), epoch seconds (JSON protocols), RFC 822 (REST headers such as
# Last-Modified), plus edge cases the fast path must hand to botocore unchanged.
VALUES = [
    "2026-12-03T21:23:35Z",
    "2026-12-03T21:23:35.000Z",
    "2026-12-03T21:23:35.1Z",
    "2026-12-03T21:23:35.123456Z",
    "2026-12-03T21:23:35.123456789Z",
    "2026-12-03T21:23:35.1234567+00:00",
    "2026-12-03T21:23:35+00:00",
    "2026-12-03T21:23:35-00:00",
    "2026-12-03T21:23:35+05:30",
    "2026-12-03T21:23:35.5-08:00",
    "2026-12-03 21:23:35Z",
    "2026-12-03T21:23:35",
    "2026-12-03T21:23:35.250",
    "2024-02-29T00:00:00Z",
    "2026-12-03",
    "20261203T212335Z",
    "Thu, 03 Dec 2026 21:23:35 GMT",
    "Thu, 03 Dec 2026 21:23:35 +0100",
    "1764797015",
    "1764797015.25",
    1764797015,
    1764797015.25,
]


@pytest.mark.parametrize("value", VALUES)
def test_same_datetime_as_botocore(value):
    ours, theirs = parse_timestamp(value), botocore_parse_timestamp(value)
    assert ours == theirs
    assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)
    assert ours.utcoffset() == theirs.utcoffset()
    assert ours.isoformat() == theirs.isoformat()
    assert (ours.tzinfo is None) == (theirs.tzinfo is None)
    if ours.utcoffset() == timedelta(0) and timestamps._ISO.fullmatch(str(value)):
        # dateutil gives tzlocal() for "Z" when the machine's zone is UTC, tzutc() otherwise;
        # the fast path gives tzutc() everywhere: the same instant, the same offset.
        assert isinstance(ours.tzinfo, tzutc)


@pytest.mark.parametrize("value", ["2026-13-03T21:23:35Z", "2026-02-30T00:00:00Z", "not a date"])
def test_invalid_values_fail_as_botocore_fails(value):
    with pytest.raises(ValueError):
        botocore_parse_timestamp(value)
    with pytest.raises(ValueError):
        parse_timestamp(value)


def test_iso_strings_skip_dateutil(monkeypatch):
    calls = []
    def counted(value):
        calls.append(value)
        return botocore_parse_timestamp(value)

    monkeypatch.setattr(timestamps, "botocore_parse_timestamp", counted)
    parse_timestamp("2026-12-03T21:23:35.123Z")
    assert calls == []
    parse_timestamp("Thu, 03 Dec 2026 21:23:35 GMT")
    assert calls == ["Thu, 03 Dec 2026 21:23:35 GMT"]


def test_factory_clients_parse_with_it(workshop):
    """Over HTTP: the sandbox's timestamps come back as the datetimes botocore would make."""
    import re

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    s3 = ClientFactory(workshop.endpoint, guard=guard()).client(session, "s3", "us-east-1")
    parser_factory = session._session.get_component("response_parser_factory")
    assert parser_factory._defaults["timestamp_parser"] is parse_timestamp
    bodies: list[bytes] = []
    s3.meta.events.register(
        "before-parse.s3.ListBuckets",
        lambda response_dict, **_: bodies.append(response_dict["body"]),
    )
    buckets = s3.list_buckets(MaxBuckets=1000)["Buckets"]
    raw = re.findall(rb"<CreationDate>([^<]+)</CreationDate>", bodies[0])
    assert buckets and len(raw) == len(buckets)
    for bucket, text in zip(buckets, raw, strict=True):
        expected = botocore_parse_timestamp(text.decode())
        assert bucket["CreationDate"] == expected
        assert isinstance(bucket["CreationDate"].tzinfo, tzutc)
