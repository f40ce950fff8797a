"""Thin REST handlers under `/seccheck/`: parse, call a plain function off the event loop, reply.

Every verb is `@tornado.web.authenticated`; responses never carry credentials or environment.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join

from .. import jsonload
from .assessments import assessment_summary, create_assessment, export_assessment
from .checklists import list_checklists
from .config import SeccheckConfig
from .paths import ApiError
from .targets import list_targets


class SeccheckHandler(APIHandler):
    """Shared plumbing: the server root, JSON bodies, and ApiError to JSON replies."""

    @property
    def root(self) -> Path:
        return Path(self.settings["server_root_dir"]).expanduser()

    @property
    def seccheck_config(self) -> SeccheckConfig:
        return self.settings["seccheck_config"]

    def json_body(self) -> dict[str, Any]:
        try:
            body = jsonload.loads((self.request.body or b"null").decode("utf-8"))
        except jsonload.JSONNestingError as exc:
            raise ApiError(400, f"the request body is not usable: {exc}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, f"the request body is not valid JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise ApiError(400, "the request body must be a JSON object")
        return body

    async def reply(self, work: Callable[..., Any], *args: Any, status: int = 200) -> None:
        try:
            result = await asyncio.to_thread(work, *args)
        except ApiError as exc:
            self.set_status(exc.status)
            self.finish(json.dumps(exc.payload()))
            return
        self.set_status(status)
        self.finish(json.dumps(result))


class ChecklistsHandler(SeccheckHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        config = self.seccheck_config
        await self.reply(
            lambda: list_checklists(self.root, max_depth=config.checklist_scan_depth,
                                    max_files=config.max_checklists)
        )


class AssessmentsHandler(SeccheckHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        await self.reply(assessment_summary, self.root, self.get_query_argument("path", None))

    @tornado.web.authenticated
    async def post(self) -> None:
        await self.reply(lambda: create_assessment(self.root, self.json_body()), status=201)


class TargetsHandler(SeccheckHandler):
    @tornado.web.authenticated
    async def get(self) -> None:
        await self.reply(list_targets)


class ExportsHandler(SeccheckHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        await self.reply(lambda: export_assessment(self.root, self.json_body()), status=201)


ROUTES: list[tuple[str, type[SeccheckHandler]]] = [
    ("checklists", ChecklistsHandler),
    ("assessments", AssessmentsHandler),
    ("exports", ExportsHandler),
    ("targets", TargetsHandler),
]


def setup_handlers(web_app: Any, config: SeccheckConfig) -> None:
    web_app.settings["seccheck_config"] = config
    base = web_app.settings["base_url"]
    web_app.add_handlers(
        ".*$", [(url_path_join(base, "seccheck", name), cls) for name, cls in ROUTES]
    )
