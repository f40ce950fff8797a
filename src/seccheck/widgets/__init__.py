"""ipywidgets views over an Assessment: wizard, item card, answer form, progress, dashboard.

Each widget is a plain class that builds stock ipywidgets, exposes `.value` and `.widget`, and
displays itself; its logic lives in ordinary methods so tests drive it without a browser. CSS
classes (`jp-Seccheck-*`) are stable so browser tests can find the parts.
"""
