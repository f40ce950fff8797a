"""The sandbox account: moto's server on loopback, seeded with a deliberately misconfigured estate.

`Sandbox` starts one in a child process (so several can run side by side, each with its own
state), seeds a scenario, and hands back the endpoint and the environment to use it.
"""

from .process import Sandbox, SandboxError

__all__ = ["Sandbox", "SandboxError"]
