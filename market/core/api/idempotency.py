"""`Idempotency-Key` on POSTs that create things: a retried request gets the first answer.

A client whose connection broke after sending "create this lot" cannot know whether the lot
exists. Sending the same request again with the same key returns the stored answer (status,
body, Location) instead of creating a second lot; the same key with a different request is
refused (422), since that is a client bug. Keys are per user and kept with the created row,
in the same transaction, so an answer is stored exactly when the thing was created.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, json, request
from sqlalchemy import select

from market.core.api.problems import ApiProblem
from market.core.extensions import db_session
from market.models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def key() -> str | None:
    """The request's key, if any; 400 when it is empty, too long or not printable ASCII."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    if not 0 < len(raw) <= MAX_KEY_LENGTH or not raw.isascii() or not raw.isprintable():
        raise ApiProblem(400, f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.")
    return raw


def fingerprint() -> str:
    """Method, path and body: what makes two requests "the same request"."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def replay(user_id: int) -> Response | None:
    """The stored answer for this user's key, or None when the request is new."""
    wanted = key()
    if wanted is None:
        return None
    row = db_session().scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user_id, IdempotencyKey.key == wanted
        )
    )
    if row is None:
        return None
    if row.fingerprint != fingerprint():
        raise ApiProblem(422, f"This {HEADER} was used for a different request.")
    response = Response(json.dumps(row.body), status=row.status_code, mimetype="application/json")
    if row.location:
        response.headers["Location"] = row.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember(user_id: int, status: int, body: dict[str, Any], location: str | None) -> None:
    """Store the answer beside the created row (same transaction; the caller commits)."""
    wanted = key()
    if wanted is not None:
        row = IdempotencyKey(
            user_id=user_id,
            key=wanted,
            fingerprint=fingerprint(),
            status_code=status,
            body=body,
            location=location,
        )
        db_session().add(row)
