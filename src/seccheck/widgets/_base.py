"""What every seccheck widget shares: display as its ipywidget, with a static HTML fallback."""

from __future__ import annotations

from typing import Any


class View:
    """A composed widget: subclasses set `self.widget` and may override `static_html`."""

    widget: Any

    def static_html(self) -> str:
        """Return what to show where widgets cannot render (exported HTML, plain viewers)."""
        return ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_())
        html = self.static_html()
        if html:
            bundle["text/html"] = html
        return bundle

    def display(self) -> None:
        from IPython.display import display

        display(self)
