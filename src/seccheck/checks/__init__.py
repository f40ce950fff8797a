"""Check evaluations: one module per AWS service, each a set of small pure functions."""

from .registry import CHECKS, CheckImpl, Context, check, load_all

__all__ = ["CHECKS", "CheckImpl", "Context", "check", "load_all"]
