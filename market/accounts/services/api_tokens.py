"""Bearer tokens for the JSON API: issued and revoked by their owner, stored only hashed.

The token is shown once, when it is made; the database keeps its SHA-256 digest and a short
prefix (so the owner can tell tokens apart on the page). A token is 32 random bytes, so a
fast digest is enough: there is no password to guess, only 256 bits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from market.models import ApiToken, User, utcnow

TOKEN_PREFIX = "mm_"
#: Writing `last_used_at` on every call would turn reads into writes; once a minute will do.
TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(session: Session, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the secret (shown to the user once).

    `name` and `scope` as a `TokenInput` holds them (the page reads its form through it).
    """
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name, scope=scope, token_hash=digest(raw), prefix=raw[:10]
    )
    session.add(token)
    session.flush()
    return token, raw


def user_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    return list(session.scalars(query.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_token(session: Session, user_id: int, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when the user has no such working token."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    session.flush()
    return True


def revoke_all(session: Session, user_id: int) -> int:
    """Revoke every working token of the user (after a password reset); returns how many."""
    tokens = user_tokens(session, user_id)
    now = utcnow()
    for token in tokens:
        token.revoked_at = now
    session.flush()
    return len(tokens)


def token_owner(session: Session, raw: str) -> tuple[ApiToken, User] | None:
    """The working token and its active owner for a presented secret, else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw)))
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        session.flush()
    return token, user
