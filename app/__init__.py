"""Parley's core: everything that is not Qt (domain, vault, storage, services, CLI)."""

__version__ = "0.1.0"
