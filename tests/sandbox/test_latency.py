"""The sandbox's added latency: a stand-in for the round trip to a real AWS endpoint."""

from __future__ import annotations

import time
from typing import Any

import pytest

from seccheck.sandbox import Sandbox
from seccheck.sandbox.app import Latency


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [])
    return [b"ok"]


def test_latency_sleeps_before_every_answer_once_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("seccheck.sandbox.app.time.sleep", slept.append)
    latency = Latency()
    app = latency.wrap(_app)
    assert app({}, lambda *a: None) == [b"ok"]
    assert slept == []  # off while seeding
    latency.ms = 50
    app({}, lambda *a: None)
    app({}, lambda *a: None)
    assert slept == [0.05, 0.05]


def test_negative_latency_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        Latency(-1)


def test_sandbox_answers_no_sooner_than_its_latency() -> None:
    """Over HTTP: each request takes at least the configured delay (a lower bound, not a speed)."""
    with Sandbox("empty", latency_ms=300) as sandbox:
        assert sandbox.info["latency_ms"] == 300
        sts = sandbox.session().client("sts", endpoint_url=sandbox.endpoint)
        started = time.monotonic()
        sts.get_caller_identity()
        assert time.monotonic() - started >= 0.3


@pytest.mark.parametrize("value", ["-5", "abc", "1e9"])
def test_sandbox_command_refuses_bad_latency(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from seccheck.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["sandbox", "--latency-ms", value])
    assert exc.value.code == 2
    assert "latency" in capsys.readouterr().err
