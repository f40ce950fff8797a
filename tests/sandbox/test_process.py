"""Sandbox lifecycle: starts on loopback, stops without leftovers, runs side by side, dies with
its parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import boto3
import pytest
from botocore.config import Config

from seccheck.sandbox import Sandbox, SandboxError


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is as good as gone
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "zombie" not in fh.read().lower()
    except FileNotFoundError:
        return False


def s3(sb: Sandbox):
    return boto3.client(
        "s3",
        endpoint_url=sb.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(s3={"addressing_style": "path"}),
    )


def test_start_answers_on_loopback_and_stop_leaves_nothing():
    sb = Sandbox("empty").start()
    try:
        assert sb.endpoint.startswith("http://127.0.0.1:")
        pid = sb.pid
        assert pid and alive(pid)
        env = sb.env()
        assert env["AWS_ENDPOINT_URL"] == sb.endpoint and env["SECCHECK_REGIONS"]
        assert isinstance(s3(sb).list_buckets()["Buckets"], list)
    finally:
        sb.stop()
    assert not alive(pid)
    assert not sb.running


def test_two_sandboxes_side_by_side_are_independent():
    with Sandbox("empty") as a, Sandbox("empty") as b:
        assert a.endpoint != b.endpoint
        s3(a).create_bucket(Bucket="only-in-a")
        assert "only-in-a" in [x["Name"] for x in s3(a).list_buckets()["Buckets"]]
        assert "only-in-a" not in [x["Name"] for x in s3(b).list_buckets()["Buckets"]]


def test_sandbox_dies_with_its_parent(tmp_path):
    script = textwrap.dedent("""
        import json, sys, time
        from seccheck.sandbox import Sandbox
        sb = Sandbox("empty").start()
        print(json.dumps({"pid": sb.pid}), flush=True)
        time.sleep(600)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child_pid = json.loads(parent.stdout.readline())["pid"]
    assert alive(child_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(child_pid), "the sandbox outlived its parent"


def test_sandbox_started_from_a_worker_thread_outlives_that_thread():
    """A kernel starts the sandbox from a short-lived thread; the sandbox must not die with it."""
    import threading

    box: dict[str, Sandbox] = {}
    worker = threading.Thread(target=lambda: box.setdefault("sb", Sandbox("empty").start()))
    worker.start()
    worker.join()
    sb = box["sb"]
    try:
        time.sleep(1.5)  # PR_SET_PDEATHSIG would have ended it by now
        assert sb.running
        assert isinstance(s3(sb).list_buckets()["Buckets"], list)
        os.kill(sb.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while sb.running and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not sb.running, "running must say False once the server is gone"
    finally:
        sb.stop()


def test_unknown_scenario_is_a_clear_error():
    with pytest.raises(SandboxError, match="unknown scenario 'nope'"):
        Sandbox("nope").start()


def test_s3control_reaches_the_loopback_endpoint(workshop):
    from seccheck.aws.clients import ClientFactory
    from seccheck.collect.registry import guard

    factory = ClientFactory(workshop.endpoint, guard=guard())
    client = factory.client(workshop.session(), "s3control", "us-east-1")
    try:
        client.get_public_access_block(AccountId=workshop.account)
    except client.exceptions.NoSuchPublicAccessBlockConfiguration:
        pass  # an answer from the sandbox, not a DNS failure on 123456789012.127.0.0.1


def test_real_aws_keeps_the_account_host_prefix():
    from seccheck.aws.clients import ClientFactory
    from tests.faults import Injector, xml_error

    session = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    )
    from seccheck.collect.registry import guard

    factory = ClientFactory(None, max_attempts=1, guard=guard())
    seen = []
    client = factory.client(session, "s3control", "us-east-1")
    stop = Injector("GetPublicAccessBlock", xml_error(403, "AccessDenied", "x"))
    client.meta.events.register(
        "before-send", lambda request, **kw: seen.append(request.url) or stop(request)
    )
    with pytest.raises(client.exceptions.ClientError):
        client.get_public_access_block(AccountId="111122223333")
    assert seen and seen[0].startswith("https://111122223333.s3-control.")


def test_a_server_that_prints_a_lot_keeps_answering():
    """moto prints a line to stdout for every request to a service it lacks; once the parent
    stopped reading after the ready line, 64 KiB of those filled the pipe and froze the server
    (a 21-account run hung for minutes). The parent drains the pipe for the server's life."""
    import urllib.error
    import urllib.request

    auth = (
        "AWS4-HMAC-SHA256 Credential=testing/20261203/us-east-1/fms/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    headers = {
        "Authorization": auth,
        "X-Amz-Target": "AWSFMS_20180101.ListPolicies",
        "Content-Type": "application/x-amz-json-1.1",
    }
    sb = Sandbox("empty").start()
    try:
        for _ in range(600):  # ~150 bytes of moto's message each: well over a 64 KiB pipe
            request = urllib.request.Request(sb.endpoint + "/", data=b"{}", headers=headers)
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(request, timeout=10)
            assert answer.value.code == 501
        client = s3(sb)
        assert isinstance(client.list_buckets()["Buckets"], list)
    finally:
        sb.stop()
