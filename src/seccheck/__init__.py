"""seccheck: guided AWS Security Checklist assessments in JupyterLab.

Importing the package stays cheap (no boto3 clients, plotly or Jupyter): the public names are
resolved on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .checklist import Checklist, load_checklist
    from .notebook import Assessment

_LAZY = {
    "load_checklist": ("seccheck.checklist", "load_checklist"),
    "Checklist": ("seccheck.checklist", "Checklist"),
    "Assessment": ("seccheck.notebook", "Assessment"),
}

__all__ = ["Assessment", "Checklist", "__version__", "load_checklist"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the prebuilt JupyterLab extension lives (used by `jupyter-builder develop`)."""
    return [{"src": "labextension", "dest": "seccheck"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "seccheck"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Register the REST handlers; imported here so `import seccheck` stays free of tornado."""
    from .server import load_extension

    load_extension(server_app)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'seccheck' has no attribute {name!r}")
