"""`seccheck demo` opens JupyterLab on the notebook with the Checklist panel, without news."""

from __future__ import annotations

import json

from jupyterlab_server.workspaces_handler import WorkspacesManager

from seccheck.commands.demo import NOTEBOOK, PANEL_ID, lab_layout_args


def test_demo_settings_turn_news_off_and_open_the_panel_beside_the_notebook(tmp_path):
    args = lab_layout_args(tmp_path)
    settings = tmp_path / ".seccheck" / "lab" / "settings"
    workspaces = tmp_path / ".seccheck" / "lab" / "workspaces"
    assert args == [
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.workspaces_dir={workspaces}",
    ]
    news = json.loads((settings / "overrides.json").read_text())
    assert news["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    layout = WorkspacesManager(str(workspaces)).load("default")["data"]["layout-restorer:data"]
    assert layout["left"]["current"] == PANEL_ID and not layout["left"]["collapsed"]
    assert layout["main"]["dock"]["widgets"] == [f"notebook:{NOTEBOOK}"]


def test_a_workspace_the_user_changed_is_kept(tmp_path):
    lab_layout_args(tmp_path)
    manager = WorkspacesManager(str(tmp_path / ".seccheck" / "lab" / "workspaces"))
    mine = {
        "data": {"layout-restorer:data": {"left": {"collapsed": True}}},
        "metadata": {"id": "default"},
    }
    manager.save("default", json.dumps(mine))
    lab_layout_args(tmp_path)
    assert manager.load("default")["data"] == mine["data"]
