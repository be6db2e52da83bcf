"""Parley's core: everything that is not Qt. See docs/ARCHITECTURE.md for the packages."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The one source of the version is pyproject.toml, read from the installed (or, frozen,
    # bundled) metadata. importlib.metadata is slow to load, so it is asked only on demand.
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parley")
    except PackageNotFoundError:  # a source tree used without `pip install -e .`
        return "0+unknown"
