"""A real Jupyter server (pytest-jupyter) with seccheck's extension, requiring authentication."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_jupyter.jupyter_server import *  # noqa: F403  (fixtures and async-test hooks)
from tornado.httpclient import HTTPClientError, HTTPResponse


@pytest.fixture
def jp_server_config() -> dict[str, Any]:
    # Replaces pytest-jupyter's fixture of the same name (imported above).
    return {
        "ServerApp": {
            "jpserver_extensions": {"seccheck": True},
            "allow_unauthenticated_access": False,
        }
    }


@pytest.fixture
def api(jp_fetch: Callable[..., Any]) -> Callable[..., Any]:
    """Call /seccheck/<endpoint>; returns (status, decoded JSON) and never raises on 4xx/5xx."""

    async def call(method: str, endpoint: str, body: Any = None, *, raw: bytes | None = None,
                   headers: dict[str, str] | None = None, **params: str) -> tuple[int, Any]:
        kwargs: dict[str, Any] = {"method": method, "headers": headers or {}}
        if params:
            kwargs["params"] = params
        if method == "POST":
            kwargs["body"] = raw if raw is not None else json.dumps(body)
        try:
            response: HTTPResponse = await jp_fetch("seccheck", endpoint, **kwargs)
        except HTTPClientError as exc:
            assert exc.response is not None, exc
            response = exc.response
        text = response.body.decode() if response.body else ""
        return response.code, (json.loads(text) if text else None)

    return call


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the server root (jp_root_dir is tmp_path/root_dir), never inside it."""
    path = tmp_path / "outside"
    path.mkdir()
    return path
