"""Where an assessment's checks go: never the sandbox under another name."""

from __future__ import annotations

import pytest

from seccheck.aws.scope import ScopeError
from seccheck.state import ScopeSettings
from seccheck.verification import target_options


@pytest.fixture
def demo_env(monkeypatch):
    """What `seccheck demo` sets for its JupyterLab: AWS pointed at the workshop sandbox."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:45999")
    monkeypatch.setenv("SECCHECK_SANDBOX", "workshop")


def test_a_profile_notebook_refuses_to_assess_the_demo_sandbox(demo_env):
    with pytest.raises(ScopeError, match="profile 'prod'.*'workshop' sandbox"):
        target_options(ScopeSettings(profile="prod"))


def test_the_sandbox_the_environment_points_at_is_reused_only_for_its_own_scenario(
    demo_env, monkeypatch
):
    same = target_options(ScopeSettings(sandbox="workshop"))
    assert same["endpoint_url"] == "http://127.0.0.1:45999"
    started = []
    monkeypatch.setattr(
        "seccheck.verification.kernel_sandbox", lambda name: started.append(name) or FakeBox()
    )
    other = target_options(ScopeSettings(sandbox="clean"))
    assert started == ["clean"] and other["endpoint_url"] == FakeBox.endpoint


class FakeBox:
    endpoint = "http://127.0.0.1:46000"
    regions = ["us-east-1"]

    def session(self):
        return None
