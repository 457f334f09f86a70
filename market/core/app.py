"""The application factory: one function turns a `Settings` object into a Flask app.

Settings are read from the environment only when `create_app()` is called without them
(never at import time), so tests build apps with settings of their own. In production
`Settings.from_env()` refuses to build without SECRET_KEY, and so the app refuses to start.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from jinja2 import FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Settings
from market.areas import AREA_DIRS, register_areas
from market.core import login
from market.core.api import is_api_request
from market.core.api.problems import from_http_error
from market.core.broker import make_producer
from market.core.cli import cli
from market.core.db import make_engine, make_session_factory
from market.core.extensions import AppState, babel, csrf, init_state
from market.core.i18n import DEFAULT_LANGUAGE, init_i18n, select_locale
from market.core.labels import init_labels
from market.core.limits import init_limits
from market.core.mail import send_after_commit
from market.core.maps import content_security_policy, init_maps

# Shared layouts (base, macros, errors) at the top; each area keeps its pages beside its code.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ERROR_PAGES = {
    400: (_l("Bad request"), _l("The page could not handle what was sent. Please try again.")),
    403: (_l("No access"), _l("Your account may not open this page.")),
    404: (_l("Page not found"), _l("This page does not exist (any more).")),
    405: (_l("Not allowed"), _l("This page cannot be used this way.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Please try again later.")),
}
# Everything is served from this site (no CDN, no inline script), so the policy can be strict
# (`market.core.maps.content_security_policy`; only a configured tile server is added).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
CSRF_PAGE = (
    _l("Form expired"),
    _l("The form was missing its security token or it has expired. Reload the page and try again."),
)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app from `settings` (from the environment when not given)."""
    settings = settings if settings is not None else Settings.from_env()
    app = Flask("market", template_folder=str(TEMPLATES))
    app.jinja_loader = FileSystemLoader(
        [str(TEMPLATES), *(str(d / "templates") for d in AREA_DIRS)]
    )
    app.config.update(_flask_config(settings))
    engine = make_engine(settings)
    state = AppState(settings, make_session_factory(engine), make_producer(settings))
    init_state(app, state)
    send_after_commit(state.session_factory, state.producer)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_locale=DEFAULT_LANGUAGE,
        default_timezone=settings.timezone,
    )
    init_i18n(app)
    init_labels(app)
    init_maps(app, settings.tile_url)
    login.init_login(app)
    init_limits(app, settings.redis_url)
    register_areas(app)
    _trust_proxies(app, settings.trusted_proxies)
    _register_error_pages(app)
    csp = content_security_policy(settings.tile_url)
    app.after_request(lambda response: _add_security_headers(response, csp))
    for command in cli.commands.values():
        app.cli.add_command(command)
    return app


def _flask_config(settings: Settings) -> dict[str, object]:
    """Cookie settings for a site that holds farm data: no script access, no cross-site posts."""
    return {
        "SECRET_KEY": settings.secret_key,
        "SESSION_COOKIE_NAME": "mestmatch_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.is_production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": settings.is_production,
        "PREFERRED_URL_SCHEME": "https" if settings.is_production else "http",
        # A token lives as long as the session: a review page left open over lunch still submits.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }


def _trust_proxies(app: Flask, hops: int) -> None:
    """Behind TLS-terminating proxies: the client's address (log-in limits) and https (HSTS)."""
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


def _add_security_headers(response: Response, csp: str) -> Response:
    response.headers.setdefault("Content-Security-Policy", csp)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        # Only over TLS: HSTS sent over plain HTTP would be ignored, and on a laptop harmful.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _register_error_pages(app: Flask) -> None:
    """Friendly pages in the visitor's language instead of Werkzeug's bare English ones."""
    for code in ERROR_PAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_page)


def _error_page(error: HTTPException) -> tuple[str, int] | Response:
    if is_api_request():
        return from_http_error(error)
    code = error.code or 500
    return _render_error(code, *ERROR_PAGES.get(code, ERROR_PAGES[500]))


def _csrf_page(error: CSRFError) -> tuple[str, int]:
    return _render_error(400, *CSRF_PAGE)


def _render_error(code: int, title: object, text: object) -> tuple[str, int]:
    page = render_template("errors/error.html", code=code, error_title=title, error_text=text)
    return page, code
