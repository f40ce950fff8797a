"""Collection of AWS data: one module per service, each registering facts."""

from .registry import FACTS, FactSpec, fact, load_all

__all__ = ["FACTS", "FactSpec", "fact", "load_all"]
