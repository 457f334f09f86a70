"""The figures page's form: a GET form choosing the year, so a year's page can be bookmarked
(no token). WTForms renders it; `market.figures.schemas.FiguresQuery` reads it."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from market.core.form_fields import choice, options


class FiguresForm(FlaskForm):
    """The year to show; its choices are the years that have figures (`offer`)."""

    class Meta:
        csrf = False

    year = choice(_l("Year"), [])

    def offer(self, years: Iterable[int], shown: int) -> None:
        """Choose from `years`, newest first, with `shown` selected."""
        self.year.choices = options((str(year), str(year)) for year in years)
        self.year.data = str(shown)
