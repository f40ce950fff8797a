"""HTML primitives shared by every static renderer (notebook outputs and evidence notebooks).

Plain HTML that survives nbconvert and JupyterLab's Markdown alike: `esc` also guards `$`, which
JupyterLab would otherwise take as the start of LaTeX; `badge` draws a value in its palette
colour; `table` writes one line per row, since Markdown breaks a table at a blank line.
"""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """HTML-escape, and keep `$` from starting LaTeX in JupyterLab's Markdown."""
    return html.escape(str(value), quote=True).replace("$", "&#36;")


def badge(text: str, colour: str) -> str:
    """`text` as a small pill in `colour` (white on colour: readable in light and dark themes)."""
    return (
        f'<span style="background:{colour};color:#fff;border-radius:3px;padding:0 4px;'
        f'font-size:85%">{esc(text)}</span>'
    )


def table(headers: list[str], rows: list[list[str]], *, raw: bool = False) -> str:
    """Build an HTML table: one line per row, no blank lines, no inline styles.

    Markdown would break a table at a blank line; JupyterLab and nbconvert style tables
    themselves, and a large estate has many rows. With `raw`, cells are already HTML.
    """
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{c if raw else esc(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
