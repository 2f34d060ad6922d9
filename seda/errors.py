"""The few exceptions Seda raises. Expected failures (a 404, a non-article page) are counted, not raised."""

from __future__ import annotations


class SedaError(Exception):
    """A failure the user can act on; the CLI prints it as one line."""

    exit_code = 1


class ConfigError(SedaError):
    """config.yaml is missing, unreadable or invalid."""

    exit_code = 2


class RegistryError(SedaError):
    """The agencies/places registry files are invalid."""

    exit_code = 2


class StoreError(SedaError):
    """The coverage database cannot be reached or used."""


class UsageError(SedaError):
    """A command-line value is wrong (a bad date, an unknown source id)."""

    exit_code = 2
