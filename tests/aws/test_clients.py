"""Clients: lean service models (documentation text dropped, the API intact)."""

from __future__ import annotations

import boto3
import pytest

from seccheck.aws.clients import ClientFactory
from seccheck.collect.registry import guard
from seccheck.results import Status


def test_lean_models_keep_the_api_and_drop_the_docs(workshop):
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    client = ClientFactory(workshop.endpoint, guard=guard()).client(session, "ec2", "eu-west-1")
    model = client.meta.service_model.operation_model("DescribeInstances")
    assert model.documentation == ""
    assert "InstanceIds" in model.input_shape.members
    assert client.can_paginate("describe_instances")
    reservations = client.describe_instances()["Reservations"]
    assert isinstance(reservations, list)
    # a user's own session elsewhere keeps full documentation
    other = boto3.Session(aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1")
    assert other.client("ec2").meta.service_model.operation_model("DescribeInstances").documentation


class _Answers:
    """A tiny HTTP endpoint on 127.0.0.1 answering every POST with one canned page."""

    def __init__(self, status: int, body: bytes, content_type: str) -> None:
        import http.server
        import threading

        answers = self
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                answers.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Answers:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


HTML_PAGE = b"<!DOCTYPE html><html><body><h1>Internal Server Error</h1><p>Trace</p></body></html>"


def _ssm_call(url: str):
    import boto3

    from seccheck.aws.errors import ApiError
    from seccheck.aws.recorder import Recorder
    from seccheck.aws.scope import AccountTarget
    from seccheck.collect.api import Api, RunContext

    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    factory = ClientFactory(url, max_attempts=3, guard=guard())
    target = AccountTarget("111122223333", session, "arn:aws:iam::111122223333:user/a")
    api = Api(RunContext(factory, Recorder()), target, "us-east-1")
    with pytest.raises(ApiError) as caught:
        api.call("ssm", "describe_instance_information")
    return caught.value


@pytest.mark.parametrize("status", [500, 404, 502])
def test_html_error_page_is_one_attempt_and_a_one_line_reason(status):
    """Issue 10 item 8: an endpoint without the operation answers an HTML page: no retries."""
    with _Answers(status, HTML_PAGE, "text/html; charset=utf-8") as endpoint:
        err = _ssm_call(endpoint.url)
    assert endpoint.requests == 1
    assert err.status is Status.NOT_ASSESSABLE
    assert err.reason == (
        f"the endpoint does not implement ssm:DescribeInstanceInformation in us-east-1 "
        f"(HTTP {status}, an HTML page)"
    )
    assert "<" not in err.reason and "\n" not in err.reason


def test_genuine_server_error_keeps_a_capped_retry():
    body = b'{"__type": "InternalServerError", "message": "try again"}'
    with _Answers(500, body, "application/x-amz-json-1.1") as endpoint:
        err = _ssm_call(endpoint.url)
    assert endpoint.requests == 3  # the factory's cap, not one and not unbounded
    assert err.status is Status.ERROR and "InternalServerError" in err.reason


def _session(key: str) -> boto3.Session:
    return boto3.Session(aws_access_key_id=key, aws_secret_access_key="s", region_name="us-east-1")


def _signing_key(client) -> str:
    return client._request_signer._credentials.access_key


def test_a_session_sharing_a_cached_id_gets_its_own_client(monkeypatch):
    """Clients are keyed by id(session); CPython reuses ids of freed objects. Forced here: two
    sessions reporting one id must still each sign with their own credentials."""
    from seccheck.aws import clients

    monkeypatch.setattr(clients, "id", lambda _obj: 4242, raising=False)
    factory = ClientFactory(None)
    first = factory.client(_session("AKIAFIRST"), "sts", "us-east-1")
    second = factory.client(_session("AKIASECOND"), "sts", "us-east-1")
    assert second is not first
    assert (_signing_key(first), _signing_key(second)) == ("AKIAFIRST", "AKIASECOND")


def test_the_factory_keeps_a_session_alive_while_its_clients_are_cached():
    import gc
    import weakref

    factory = ClientFactory(None)
    session = _session("AKIAFIRST")
    client = factory.client(session, "sts", "us-east-1")
    alive = weakref.ref(session)
    del session
    gc.collect()
    assert alive() is not None  # so no new session can take its id meanwhile
    assert factory.client(alive(), "sts", "us-east-1") is client


def test_a_cached_client_is_handed_out_while_another_client_is_being_made():
    """Threads needing a client already made never queue behind another thread's creation."""
    import threading

    factory = ClientFactory(None)
    session = _session("AKIAFIRST")
    client = factory.client(session, "sts", "us-east-1")
    got: list[object] = []
    with factory._lock:  # as if another thread were creating a client right now
        reader = threading.Thread(
            target=lambda: got.append(factory.client(session, "sts", "us-east-1"))
        )
        reader.start()
        reader.join(timeout=10)
        assert not reader.is_alive(), "a cached client waited for the creation lock"
    assert got == [client]


def test_racing_threads_get_one_client_and_it_is_guarded(monkeypatch):
    """A client is visible to other threads only once its guard is installed."""
    import threading

    from seccheck.aws.guard import ReadOnlyViolation

    factory = ClientFactory(None)
    session = _session("AKIAFIRST")
    made = []
    original = session.client

    def counted(*args, **kwargs):
        made.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(session, "client", counted)
    start = threading.Barrier(12)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(factory.client(session, "ec2", "eu-west-1"))

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(made) == 1 and len(got) == 12 and len({id(c) for c in got}) == 1
    with pytest.raises(ReadOnlyViolation):
        got[0].terminate_instances(InstanceIds=["i-0123456789abcdef0"])
