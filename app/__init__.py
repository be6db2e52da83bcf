"""Parley's core: everything that is not Qt (domain, vault, storage, services, CLI)."""

from importlib.metadata import PackageNotFoundError, version

try:  # the one source is pyproject.toml, read from the installed (or, frozen, bundled) metadata
    __version__ = version("parley")
except PackageNotFoundError:  # a source tree used without `pip install -e .`
    __version__ = "0+unknown"
