"""Fault injection at the HTTP layer (botocore's before-send), so retries and parsing are real."""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any):
        yield self._body


def xml_error(status: int, code: str, message: str) -> AWSResponse:
    body = (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message>"
        "</Error><RequestId>injected</RequestId></ErrorResponse>"
    ).encode()
    return AWSResponse("https://injected", status, {"Content-Type": "text/xml"}, _Raw(body))


def json_error(status: int, code: str, message: str) -> AWSResponse:
    body = f'{{"__type": "{code}", "message": "{message}"}}'.encode()
    return AWSResponse(
        "https://injected",
        status,
        {"Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": code},
        _Raw(body),
    )


class Injector:
    """A before-send handler answering with a canned error, counting tries."""

    def __init__(self, operation: str, response: AWSResponse, times: int | None = None) -> None:
        self.operation = operation
        self.response = response
        self.times = times
        self.attempts = 0

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        """Register on `before-send.<service>.<Operation>`; answers the first `times` requests."""
        if self.times is not None and self.attempts >= self.times:
            return None
        self.attempts += 1
        return self.response
