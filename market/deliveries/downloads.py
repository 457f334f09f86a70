"""The area's PDFs as the page and the API both answer them, and the words of a statement's
reasons (they need the request's language and templates, so they sit beside the views
rather than in `services`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from market.core.i18n import format_number, kind_label
from market.core.pdf import render_pdf
from market.core.schemas.translate import current_locale
from market.deliveries.services.papers import declaration
from market.deliveries.services.statements import REASONS
from market.models import Delivery, Statement


def declaration_pdf(delivery: Delivery) -> Response:
    """The declaration of origin (verklaring van herkomst) of `delivery`, named by its number."""
    paper = declaration(delivery, current_locale())
    filename = f"{delivery.declaration_of_origin_no}.pdf"
    return render_pdf("papers/declaration.html", filename, declaration=paper)


def statement_pdf(statement: Statement) -> Response:
    """The statement of non-availability as it was issued, named by its number."""
    return render_pdf(
        "papers/statement.html",
        f"{statement.number}.pdf",
        statement=statement,
        reason_text=reason_text,
        iso_day=iso_day,
    )


def reason_text(reason: Mapping[str, Any]) -> str:
    """A stored reason (`{"code", "params"}`) as a sentence in the reader's language."""
    params = {name: _shown(name, value) for name, value in reason["params"].items()}
    return _(REASONS[reason["code"]], **params)


def iso_day(value: str | None) -> str:
    """A stored ISO day in the reader's words; none is an open end ("…")."""
    return format_date(date.fromisoformat(value), "medium") if value else "…"


def _shown(name: str, value: Any) -> str:
    if name == "kind":
        return kind_label(str(value))
    if name in ("start", "end"):
        return iso_day(value)
    if isinstance(value, int | float):
        return format_number(value, "#,##0.#")
    return str(value)
