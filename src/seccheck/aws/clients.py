"""Guarded, retrying boto3 clients, created once per account, service and region."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.client import ClientCreator
from botocore.config import Config
from botocore.loaders import JSONFileLoader

from .guard import Guard, install_guard
from .model_pruning import by_service, covers, merged, prune
from .timestamps import use_fast_timestamps

USER_AGENT = "seccheck"
DEFAULT_MAX_ATTEMPTS = 6


def is_loopback(url: str | None) -> bool:
    """True for an endpoint on this machine (the sandbox), never for real AWS."""
    if not url:
        return False
    host = urlparse(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def client_config(endpoint_url: str | None, max_attempts: int, pool: int) -> Config:
    """Adaptive retries everywhere; loopback-only tweaks for the sandbox.

    botocore puts the account id or bucket name in front of the host for some services
    (s3control, virtual-hosted S3). That cannot resolve on 127.0.0.1, so for a loopback endpoint
    only we turn host prefixes off and use path-style S3 addressing. Real AWS keeps defaults.
    """
    kwargs: dict[str, Any] = {
        "retries": {"mode": "adaptive", "total_max_attempts": max_attempts},
        "connect_timeout": 5,
        "read_timeout": 60,
        "max_pool_connections": pool,
        "user_agent_extra": USER_AGENT,
    }
    if is_loopback(endpoint_url):
        kwargs["inject_host_prefix"] = False
        kwargs["s3"] = {"addressing_style": "path"}
    return Config(**kwargs)


# The error code given to an operation the endpoint answered with an HTML error page.
HTML_PAGE_CODE = "EndpointHtmlErrorPage"


def _is_html_page(http_response: Any) -> bool:
    """An HTML 404/5xx page: what an endpoint that does not implement an operation answers.

    AWS APIs answer errors in XML or JSON; an HTML page comes from a proxy or an emulator.
    """
    status = getattr(http_response, "status_code", 0)
    if status != 404 and not 500 <= status < 600:
        return False
    kind = str((getattr(http_response, "headers", None) or {}).get("Content-Type", "")).lower()
    if "html" in kind:
        return True
    head = (getattr(http_response, "content", b"") or b"")[:200].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _html_page_is_final(response: Any = None, **_: Any) -> None:
    """`needs-retry` hook (runs first): an HTML error page is not retried, and says so.

    The page is not a transient fault: retrying it six times only wastes time. Its status is
    turned into 501 (botocore never retries 501) and the parsed error into one short code, so
    the HTML body never reaches a reason. Genuine 5xx (AWS XML/JSON errors) keep the capped
    adaptive retries.
    """
    if not response or response[0] is None or not _is_html_page(response[0]):
        return
    http_response, parsed = response
    status = http_response.status_code
    http_response.status_code = 501
    parsed["Error"] = {"Code": HTML_PAGE_CODE, "Message": f"HTTP {status}, an HTML page"}
    parsed.setdefault("ResponseMetadata", {})["HTTPStatusCode"] = 501


_ACCOUNT_HOST = re.compile(r"^(https?://)\d{12}\.")


def _strip_account_host(request: Any, **_: Any) -> None:
    request.url = _ACCOUNT_HOST.sub(r"\1", request.url)


def adapt_for_loopback(client: Any, endpoint_url: str | None) -> None:
    """Let account-prefixed services (s3control) reach a loopback endpoint.

    botocore's endpoint rules put the account id in front of the host for s3control, which
    cannot resolve on 127.0.0.1. For loopback endpoints only, the prefix is removed before
    signing; calls to real AWS are untouched.
    """
    if is_loopback(endpoint_url) and client.meta.service_model.service_name == "s3control":
        client.meta.events.register("before-sign", _strip_account_host)


def _without_docs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Keys stay (botocore reads some of them); only the text goes. A shape member that happens
    # to be named "documentation" has a dict value and is kept as it is. Short string values
    # (shape names, types, locations: each repeated wherever a member refers to it) are
    # interned, so one copy serves every reference; json already shares the keys.
    return {k: _lean_value(k, v) for k, v in pairs}


def _lean_value(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _DOC_KEYS:
        return ""
    return sys.intern(value) if len(value) <= _INTERN_UP_TO else value


_DOC_KEYS = frozenset({"documentation", "documentationUrl"})
_INTERN_UP_TO = 64


class LeanModelLoader(JSONFileLoader):
    """botocore's model loader with documentation strings emptied, and plain dicts.

    A run holds clients for ~37 services in each region; their parsed models are most of a run's
    memory, and the documentation (only ever used for help text) plus OrderedDict overhead is
    about 40% of that. Given `keep` (service -> operations the guard allows), service models
    also lose the shapes no allowed operation reaches (`model_pruning`).
    """

    def __init__(self, keep: Mapping[str, frozenset[str]] | None = None) -> None:
        self.keep = keep

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as fp:
            payload = fp.read().decode("utf-8")
        data = json.loads(payload, object_pairs_hook=_without_docs)
        path = Path(full_path)
        if self.keep is not None and path.name.startswith("service-2.") and data:
            # botocore/data/<service>/<api version>/service-2.json[.gz]
            data = prune(data, self.keep.get(path.parent.parent.name, frozenset()))
        return data


def use_lean_models(
    session: boto3.Session, allowed: Iterable[tuple[str, str]] | None = None
) -> None:
    """Make a session load service models without their documentation.

    With `allowed` (the guard's operations), models also lose the shapes that no allowed
    operation reaches: the guard refuses every other operation before it is sent. The
    session's clients of one service then share one `ServiceModel` and one client class across
    regions (`SharedModels`). When a later call needs more than the session's models hold, the
    loader is replaced and the session's model caches emptied (clients made before keep theirs).
    """
    loader = session._session.get_component("data_loader")
    change, keep = _loader_change(loader.file_loader, allowed)
    if change:
        loader.file_loader = LeanModelLoader(keep)
        loader._cache.clear()  # botocore's per-loader model cache (`instance_cache`)
        setattr(loader, SharedModels.ATTRIBUTE, SharedModels())
    if not isinstance(getattr(loader, SharedModels.ATTRIBUTE, None), SharedModels):
        setattr(loader, SharedModels.ATTRIBUTE, SharedModels())


def _loader_change(
    current: Any, allowed: Iterable[tuple[str, str]] | None
) -> tuple[bool, Mapping[str, frozenset[str]] | None]:
    """Whether a session's model loader must be replaced, and what the new one keeps."""
    want = None if allowed is None else by_service(allowed)
    if not isinstance(current, LeanModelLoader):
        return True, want
    have = current.keep
    if have is None or (want is not None and covers(have, want)):
        return False, have  # it already serves every operation wanted
    return True, None if want is None else merged(have, want)


class SharedModels:
    """One parsed `ServiceModel` and one client class per service, for every region's client.

    botocore builds both afresh for each client: a `ServiceModel` over the (already cached)
    model JSON, and a client class with a method and a docstring object per operation (EC2:
    ~700, about 1.3 MiB per client). A run holds clients of ~37 services in each of its regions,
    plus probes in every enabled region, so that is tens of MiB of identical copies. Both are
    read-only once built (the class's methods dispatch on `self`, the region lives in the
    client's own config and endpoint), so clients of one session share them.

    Kept on the session's data loader (so it lives and dies with the session) and used only
    for sessions seccheck prepared (`use_lean_models`); other botocore users are untouched.
    """

    ATTRIBUTE = "seccheck_shared_models"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.models: dict[tuple[str, str | None], Any] = {}
        self.classes: dict[tuple[str, int], Any] = {}

    @classmethod
    def of(cls, creator: Any) -> SharedModels | None:
        found = getattr(getattr(creator, "_loader", None), cls.ATTRIBUTE, None)
        return found if isinstance(found, SharedModels) else None

    def model(self, key: tuple[str, str | None], build: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self.models:
                self.models[key] = build()
            return self.models[key]

    def client_class(self, key: tuple[str, int], build: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self.classes:
                self.classes[key] = build()
            return self.classes[key]


_load_service_model = ClientCreator._load_service_model
_create_client_class = ClientCreator._create_client_class


def _shared_load_service_model(self: Any, service_name: str, api_version: Any = None) -> Any:
    shared = SharedModels.of(self)
    if shared is None:
        return _load_service_model(self, service_name, api_version)
    return shared.model(
        (service_name, api_version),
        lambda: _load_service_model(self, service_name, api_version),
    )


def _shared_create_client_class(self: Any, service_name: str, service_model: Any) -> Any:
    shared = SharedModels.of(self)
    if shared is None:
        return _create_client_class(self, service_name, service_model)
    # The class depends on the session's event handlers (creating-client-class), so the
    # session's emitter is part of the key; the emitter lives as long as the session.
    return shared.client_class(
        (service_name, id(self._event_emitter)),
        lambda: _create_client_class(self, service_name, service_model),
    )


ClientCreator._load_service_model = _shared_load_service_model
ClientCreator._create_client_class = _shared_create_client_class


class ClientFactory:
    """Hands out guarded clients; boto3 sessions are not thread-safe, so creation is locked.

    Without a `guard`, only the tool's own operations (`guard.TOOL_OPERATIONS`) are allowed;
    a run passes the guard built from what the collectors declare (`collect.registry.guard`).
    """

    def __init__(
        self,
        endpoint_url: str | None = None,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        pool: int = 16,
        guard: Guard | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.guard = guard or Guard()
        self.max_attempts = max_attempts
        self._config = client_config(endpoint_url, max_attempts, pool)
        self._lock = threading.Lock()
        # Keyed by id(session); each entry keeps its session alive, so no later session can
        # take over that id and be handed a client signed with another's credentials.
        self._clients: dict[tuple[int, str, str], tuple[boto3.Session, Any]] = {}
        self._hooks: list[tuple[str, Any]] = []

    def add_hook(self, event: str, handler: Any) -> None:
        """Register a botocore event handler on every client (tests inject faults this way)."""
        self._hooks.append((event, handler))

    def client(self, session: boto3.Session, service: str, region: str) -> Any:
        key = (id(session), service, region)
        # A client already made is handed out without the lock (a dict read is atomic), so a
        # thread that needs one never waits behind another thread's client creation.
        entry = self._clients.get(key)
        if entry is not None and entry[0] is session:
            return entry[1]
        with self._lock:
            entry = self._clients.get(key)
            found = entry[1] if entry is not None and entry[0] is session else None
            if found is None:
                kwargs: dict[str, Any] = {"region_name": region, "config": self._config}
                if self.endpoint_url:
                    kwargs["endpoint_url"] = self.endpoint_url
                use_lean_models(session, self.guard.allowed)
                use_fast_timestamps(session._session)
                found = session.client(service, **kwargs)
                install_guard(found.meta.events, self.guard)
                # On the service's own event node, first: ahead of botocore's retry handler.
                service_id = found.meta.service_model.service_id.hyphenize()
                found.meta.events.register_first(
                    f"needs-retry.{service_id}", _html_page_is_final
                )
                adapt_for_loopback(found, self.endpoint_url)
                for event, handler in self._hooks:
                    found.meta.events.register(event, handler)
                self._clients[key] = (session, found)
            return found
