"""The JSON API, `/api/v1/`: the web app's services behind bearer tokens.

Handlers parse, call a service, commit once and answer, like the browser's views; rules live
in each area's services and permissions in `market.core.permissions`, shared with the pages.
Bodies are read by each operation's schema; every error is a problem document
(`problems.py`); the OpenAPI document is generated from the routes and their schemas
(`registry.py`, `openapi.py`).
"""

from __future__ import annotations

from flask import Blueprint, Flask, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from market.core.api import problems
from market.core.api.http import MAX_BODY_BYTES
from market.core.extensions import csrf
from market.core.validation import N_, FieldError, ValidationError

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)


def init_api(app: Flask) -> None:
    """Register the API; it uses tokens, not cookies, so CSRF tokens do not apply."""
    csrf.exempt(bp)
    app.register_blueprint(bp)


def is_api_request() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


@bp.before_request
def _limit_request() -> None:
    """A small body limit, and each query parameter at most once (no guessing which counts)."""
    request.max_content_length = MAX_BODY_BYTES
    repeated = sorted(name for name, values in request.args.lists() if len(values) > 1)
    if repeated:
        errors = dict.fromkeys(repeated, FieldError("parameter_repeated"))
        raise problems.ApiProblem(400, N_("Invalid query parameter."), errors=errors)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    return problems.from_http_error(error)


@bp.errorhandler(ValidationError)
def _refused(error: ValidationError) -> Response:
    return problems.from_validation_error(error)
