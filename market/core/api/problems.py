"""Errors as RFC 9457 problem documents (`application/problem+json`).

Every error of the API, including Flask's own (404 for an unknown path, 405, 413 for an
oversized body), leaves as one JSON object with `type`, `title`, `status` and `detail`;
refused input adds `errors`, one entry per field with a JSON pointer into the body, the
error's stable `code` (what a program checks) and its `detail` in the request's language
(`Accept-Language`; English, one stable language for programs, when it names none we speak).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, json, request
from flask_babel import force_locale, gettext
from pydantic import ConfigDict, Field
from werkzeug.exceptions import HTTPException

from market.core.i18n import LANGUAGES
from market.core.schemas import Output
from market.core.schemas.translate import message
from market.core.validation import N_, FieldError, ValidationError

PROBLEM_TYPE = "about:blank"
MEDIA_TYPE = "application/problem+json"
API_LANGUAGE = "en"


class FieldProblem(Output):
    """One refused field: where it is, what a program checks (`code`), what a person reads."""

    field: str
    pointer: str
    detail: str
    code: str


class Problem(Output):
    """A problem document (RFC 9457); open to members a later version may add."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[FieldProblem] = Field(default_factory=list)


class ApiProblem(HTTPException):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Mapping[str, FieldError] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = status
        self.detail = detail
        self.field_errors = dict(errors or {})
        self.extra_headers = dict(headers or {})

    def get_response(self, environ: Any = None, scope: Any = None) -> Response:
        return problem(
            self.code or 500, self.detail, errors=self.field_errors, headers=self.extra_headers
        )


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: Mapping[str, FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The response for `status`; `errors` maps a field to its error. Our own `detail`
    sentences (marked with `N_`) are read in the request's language (`api_language`)."""
    if detail:
        with force_locale(api_language()):
            detail = gettext(detail)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
        "instance": request.path,
    }
    if errors:
        body["errors"] = _field_problems(errors)
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    response.headers.update(dict(headers or {}))
    return response


def from_http_error(error: HTTPException) -> Response:
    """Werkzeug's errors (routing, 405, 413, bad JSON) as problem documents."""
    if isinstance(error, ApiProblem):
        return error.get_response()
    code = error.code or 500
    allowed = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(allowed)} if allowed else {}
    return problem(code, _plain(error.description), headers=headers)


def from_validation_error(error: ValidationError) -> Response:
    """A service refused the input: 422 with every field's message."""
    return problem(422, N_("The request has invalid fields."), errors=error.errors)


def _field_problems(errors: Mapping[str, FieldError]) -> list[dict[str, str]]:
    with force_locale(api_language()):
        return [
            {
                "field": field,
                "pointer": f"/{field}",
                "detail": message(error),
                "code": error.code,
            }
            for field, error in sorted(errors.items())
        ]


def api_language() -> str:
    """The language the request asks for (Accept-Language) if we speak it, else English."""
    return request.accept_languages.best_match(LANGUAGES) or API_LANGUAGE


def _plain(text: str | None) -> str | None:
    return text.replace("<", "").replace(">", "") if text else text
