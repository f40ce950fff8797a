"""seccheck's Jupyter server extension: the REST endpoints the JupyterLab extension calls.

Submodules `paths`, `checklists` and `assessments` are plain Python (no tornado), so they are
tested and reused without a server; `handlers` adapts them to HTTP.
"""

from __future__ import annotations

from typing import Any


def load_extension(server_app: Any) -> None:
    """Register the handlers on a running ServerApp (called by `seccheck`'s entry point)."""
    from .config import SeccheckConfig
    from .handlers import setup_handlers

    config = SeccheckConfig(parent=server_app)
    setup_handlers(server_app.web_app, config)
    server_app.log.info("seccheck: REST endpoints under /seccheck/ registered")
