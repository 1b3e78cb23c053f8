"""Follow how a deal is carried out, milestone by milestone."""

__version__ = "0.1.0"
"""The one place the version is written (pyproject.toml reads it): `--version` and the cache
key read it here, without the 20 ms of looking up the package's metadata."""
