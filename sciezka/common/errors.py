"""Validation errors that name their field and keep a stable code (``ValidationError`` drops the code of a dict)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ``ValidationError`` for one field whose entry carries ``code`` (``error_dict[field][0].code``)."""
    return ValidationError({field: ValidationError(message, code=code)})
