"""Domain errors. The HTTP layer turns each into problem+json with its status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, errors: list[dict[str, Any]] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.extra = extra


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class Gone(DomainError):
    """It existed, and was deleted on purpose (an expired export, a package past its days)."""

    status = 410
    title = "Gone"


class RuleViolation(DomainError):
    """A legal or business rule refuses the action (for example an extension after the deadline)."""

    status = 422
    title = "Refused by a rule"


class TooLarge(DomainError):
    status = 413
    title = "Too large"


class UnsupportedMediaType(DomainError):
    status = 415
    title = "Unsupported media type"


class Unavailable(DomainError):
    """A dependency (Blob storage, Key Vault, the JWKS) cannot be reached: a 503 within seconds."""

    status = 503
    title = "Service unavailable"


class BlobMissing(DomainError):
    """A blob that should exist does not (an export or a document file)."""

    status = 404
    title = "Not found"


class ConfigError(Exception):
    """A missing or bad setting. The message names the variable."""
