"""Who is calling: a bearer token, its scope, and a limit on how often it may call.

401 means "no or no valid token" (with `WWW-Authenticate: Bearer`, RFC 6750); 403 means
"this token or this account may not do that" (a read token writing, a farmer starting a
run). Every call counts against its token's limit, and unknown tokens against the client
address (a client trying token after token is answered 429 instead of 401).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request

from market.accounts.services.api_tokens import token_owner
from market.core.api.problems import ApiProblem
from market.core.extensions import db_session, login_manager
from market.core.login import web_user
from market.core.ratelimit import request_counter
from market.models import ApiToken, Role, User

#: Calls per token per minute, and failed token checks per client address per minute.
TOKEN_CALLS_PER_MINUTE = 120
BAD_TOKENS_PER_MINUTE = 20


@dataclass(frozen=True)
class ApiUser:
    """The caller as the API handlers need it; a plain value, safe after the session closes."""

    id: int
    role: str
    farm_id: int | None
    scope: str
    token_id: int

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR.value


def authenticate(scope: str) -> ApiUser:
    """The caller of this request, or 401/403/429 as a problem document."""
    found = token_owner(db_session(), _bearer())
    if found is None:
        limit(f"api-bad:{request.remote_addr or '?'}", "bad_tokens", BAD_TOKENS_PER_MINUTE)
        raise _unauthorized("The token is unknown, revoked or its account is disabled.")
    db_session().commit()  # keeps `last_used_at`; the handler's own work starts afresh
    user = _api_user(*found)
    limit(f"api-token:{user.token_id}", "token_calls", TOKEN_CALLS_PER_MINUTE)
    if scope == "write" and user.scope != "write":
        challenge = {"WWW-Authenticate": 'Bearer error="insufficient_scope"'}
        raise ApiProblem(403, "This token may only read (scope read).", headers=challenge)
    g.api_user = user
    # The token's owner is `current_user` for this request only (no session cookie), so the
    # API asks the web app's own `market.core.permissions` who may see and change what.
    login_manager._update_request_context_with_user(web_user(found[1]))
    return user


def current() -> ApiUser:
    return g.api_user


def _bearer() -> str:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise _unauthorized("Send a token: `Authorization: Bearer <token>`.")
    return raw.strip()


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="mestmatch"'})


def _api_user(token: ApiToken, user: User) -> ApiUser:
    return ApiUser(user.id, user.role.value, user.farm_id, token.scope, token.id)


def limit(key: str, name: str, default: int, window_s: float = 60.0) -> None:
    """429 with Retry-After when `key` is over its limit (`API_LIMIT_<NAME>` overrides it)."""
    allowed = int(current_app.config.get(f"API_LIMIT_{name.upper()}", default))
    retry = request_counter().hit(key, allowed, window_s)
    if retry is not None:
        raise ApiProblem(
            429,
            "Too many requests; wait before trying again.",
            headers={"Retry-After": str(max(1, round(retry)))},
        )
