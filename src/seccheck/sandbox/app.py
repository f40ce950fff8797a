"""moto's WSGI app, made honest about what it cannot serve.

moto answers an operation it does not implement with an HTTP 500 page, which botocore retries
as a transient fault and then reports as a server error. The sandbox answers 501 NotImplemented
instead, which is what it is: the engine reports such checks as NOT_ASSESSABLE ("the endpoint
does not support ...") without wasting retries.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from typing import Any
from xml.sax.saxutils import escape

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

StartResponse = Callable[..., Any]
_WERKZEUG_404 = b"<title>404 Not Found</title>"


def _target(environ: dict[str, Any]) -> str:
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return str(target)
    query = environ.get("QUERY_STRING", "")
    for part in query.split("&"):
        if part.startswith("Action="):
            return part[len("Action=") :]
    return f"{environ.get('REQUEST_METHOD', '')} {environ.get('PATH_INFO', '')}"


def honest_app() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        try:
            body = b"".join(moto_app(environ, capture))
        except Exception as exc:  # noqa: BLE001 - moto raised instead of answering
            return _not_implemented(environ, start_response, f"{type(exc).__name__}: {exc}")
        status = str(captured.get("status", ""))
        content_type = dict((k.lower(), v) for k, v in captured.get("headers", [])).get(
            "content-type", ""
        )
        if status.startswith("500"):
            return _not_implemented(environ, start_response, "the sandbox cannot serve this call")
        if status.startswith("404") and "text/html" in content_type and _WERKZEUG_404 in body:
            # werkzeug's own "no such route" page: an operation moto has no URL for
            return _not_implemented(environ, start_response, "no route for this operation")
        start_response(captured["status"], captured["headers"])
        return [body]

    return app


def _not_implemented(
    environ: dict[str, Any], start_response: StartResponse, detail: str
) -> list[bytes]:
    """A 501 in the error format the caller's protocol parses (JSON or XML)."""
    message = f"The sandbox does not implement {_target(environ)} ({detail})"
    wants_json = "json" in environ.get("CONTENT_TYPE", "") or bool(environ.get("HTTP_X_AMZ_TARGET"))
    if wants_json:
        body = json.dumps(
            {"__type": "NotImplemented", "message": message, "Message": message}
        ).encode()
        content_type = "application/json"
    else:
        body = (
            "<ErrorResponse><Error><Type>Receiver</Type><Code>NotImplemented</Code>"
            f"<Message>{escape(message)}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>"
        ).encode()
        content_type = "text/xml"
    start_response(
        "501 Not Implemented",
        [
            ("Content-Type", content_type),
            ("x-amzn-ErrorType", "NotImplemented"),
            ("Content-Length", str(len(body))),
        ],
    )
    return [body]


WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class Latency:
    """A fixed delay before every answer: a stand-in for the round trip to a real AWS endpoint.

    On loopback a request costs well under a millisecond, so a benchmark there measures CPU and
    hides what sets the wall time on a real account: the number of sequential round trips. The
    delay is a sleep per request, so concurrent requests wait side by side as they would on the
    network. It is switched on after seeding, so the estate is built at full speed.
    """

    def __init__(self, ms: float = 0.0) -> None:
        if ms < 0:
            raise ValueError(f"latency must be zero or more milliseconds, not {ms}")
        self.ms = ms

    def wrap(self, app: WsgiApp) -> WsgiApp:
        def delayed(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
            if self.ms:
                time.sleep(self.ms / 1000.0)
            return app(environ, start_response)

        return delayed
