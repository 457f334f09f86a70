"""The audit page's form: a GET form of filters, so a filtered view can be bookmarked or sent
(no token). WTForms renders it; `market.audit.schemas.AuditQuery` reads it."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from market.core.form_fields import choice, day, number, options
from market.core.labels import audit_label


class AuditForm(FlaskForm):
    """The filters; the choices are the codes and accounts the log holds (`offer`). `page` is
    not shown in the form (the pager's links carry it), only its error is."""

    class Meta:
        csrf = False

    action = choice(_l("Action"), [])
    actor = choice(_l("By"), [])
    target_type = choice(_l("Object"), [])
    target_id = number(_l("Object number"), inputmode="numeric")
    since = day(_l("From"))
    until = day(_l("Until"))
    page = number(_l("Page"))

    def offer(
        self, actions: Iterable[str], actors: Iterable[tuple[int, str]], types: Iterable[str]
    ) -> None:
        """Choose from the log's `actions`, `actors` ((id, name)) and object `types`, each
        after an empty choice meaning "any"; codes are shown in the page's language."""
        self.action.choices = options([("", _l("any")), *_labelled(actions)])
        self.actor.choices = options([("", _l("anyone")), *((str(i), n) for i, n in actors)])
        self.target_type.choices = options([("", _l("any")), *_labelled(types)])


def _labelled(codes: Iterable[str]) -> list[tuple[str, object]]:
    return [(code, audit_label(code)) for code in codes]
