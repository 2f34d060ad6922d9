"""The digest's exceptions; the CLI prints them as one line (``seda.errors.SedaError``)."""

from __future__ import annotations

from seda.errors import SedaError


class DigestError(SedaError):
    """The digest could not be built or written."""


class DigestSendError(DigestError):
    """Every attempt to hand the digest to the SMTP server failed (recorded in the store as ``failed``)."""
