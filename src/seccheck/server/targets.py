"""What a new assessment can look at: the server's AWS profiles and the sandbox scenarios.

The dialog offers exactly these, so the names it sends are names the create endpoint accepts.
Profile names come from the AWS config and credentials files the server sees (names only: no
key, no setting of a profile is read out); scenarios come from `seccheck.sandbox.scenarios`.
"""

from __future__ import annotations

from typing import Any

from .assessments import PROFILE_NAME


def list_targets() -> dict[str, Any]:
    """`GET /seccheck/targets`: profiles, scenarios and the sandbox the environment points at."""
    from ..sandbox.scenarios import SCENARIOS
    from ..verification import environment_sandbox

    profiles, problem = _profiles()
    return {
        "profiles": profiles,
        "profiles_problem": problem,
        "scenarios": [{"name": s.name, "description": s.description} for s in SCENARIOS.values()],
        # Under `seccheck demo` kernels reach this sandbox; a profile notebook would refuse there.
        "environment_sandbox": environment_sandbox(),
    }


def _profiles() -> tuple[list[str], str | None]:
    import botocore.exceptions
    import botocore.session

    try:
        names = botocore.session.Session().available_profiles
    except botocore.exceptions.BotoCoreError as exc:  # e.g. a config file that does not parse
        return [], f"the AWS config files cannot be read: {exc}"
    usable = sorted({n for n in names if PROFILE_NAME.match(n)})
    return usable, None
