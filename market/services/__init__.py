"""Plain functions taking a session: they validate, change rows and flush; the caller commits.

No Flask here. Bad input raises `ValidationError` with `{field: English message}`; the web
layer translates the messages and shows them next to the fields.
"""

from market.services.validation import ValidationError

__all__ = ["ValidationError"]
