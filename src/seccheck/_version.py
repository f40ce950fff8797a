"""The version, in a module of its own so the engine can name it without importing the face."""

__version__ = "0.1.0"
