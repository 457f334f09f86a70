"""Who is calling: a bearer token, its scope, and a limit on how often it may call.

Flask-Login's request loader turns the token of an API request into `current_user` (the
API takes no session cookies, see `market.core.login`), so the API asks the web app's own
`market.core.permissions` who may see and change what. 401 means "no or no valid token"
(with `WWW-Authenticate: Bearer`, RFC 6750); 403 means "this token or this account may not
do that" (a read token writing, a farmer starting a run). Every call counts against its
token's limit, and unknown tokens against the client address (a client trying token after
token is answered 429 instead of 401; `market.core.limits`).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request, g, request
from flask_login import current_user

from market.accounts.services.api_tokens import token_owner
from market.core.api.problems import ApiProblem
from market.core.extensions import db_session, login_manager
from market.core.limits import limit_bad_tokens, limit_token_calls
from market.core.login import WebUser, web_user
from market.core.validation import N_
from market.models import Role


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
    if not _bearer(request):
        raise _unauthorized("Send a token: `Authorization: Bearer <token>`.")
    if not current_user.is_authenticated:
        limit_bad_tokens()
        raise _unauthorized("The token is unknown, revoked or its account is disabled.")
    limit_token_calls()
    user: ApiUser = g.api_user
    if scope == "write" and user.scope != "write":
        challenge = {"WWW-Authenticate": 'Bearer error="insufficient_scope"'}
        raise ApiProblem(403, N_("This token may only read (scope read)."), headers=challenge)
    return user


def current() -> ApiUser:
    return g.api_user


@login_manager.request_loader
def _token_caller(incoming: Request) -> WebUser | None:
    """Flask-Login's request loader: the active owner of a working bearer token, on the API
    only (a token must not stand in for a log-in on the pages, which check CSRF instead)."""
    from market.core.api import is_api_request  # here: market.core.api imports this module

    raw = _bearer(incoming) if is_api_request() else ""
    found = token_owner(db_session(), raw) if raw else None
    if found is None:
        return None
    db_session().commit()  # keeps `last_used_at`; the handler's own work starts afresh
    token, owner = found
    g.api_user = ApiUser(owner.id, owner.role.value, owner.farm_id, token.scope, token.id)
    return web_user(owner)


def _bearer(incoming: Request) -> str:
    """The token sent as `Authorization: Bearer <token>`, or "" without one."""
    scheme, _, raw = incoming.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def _unauthorized(detail: str) -> ApiProblem:
    return ApiProblem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="mestmatch"'})
