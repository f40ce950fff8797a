"""What every seccheck widget shares: display as its ipywidget, with a static HTML fallback."""

from __future__ import annotations

from typing import Any

_SHARED_LAYOUT: Any = None


def shared_layout() -> Any:
    """One default Layout for every widget whose layout never changes.

    Each ipywidget otherwise gets a Layout model of its own (about 1 kB of saved widget state
    apiece): a guided notebook with an answer form per item saved ~900 of them. Never change a
    shared layout: give a widget its own `w.Layout()` when it must be shown or hidden.
    """
    global _SHARED_LAYOUT
    if _SHARED_LAYOUT is None:
        import ipywidgets as w

        _SHARED_LAYOUT = w.Layout()
    return _SHARED_LAYOUT


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
