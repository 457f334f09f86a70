"""What a bulk review says it did, and which proposals it left open and why.

The flash after it: one sentence for the proposals it approved or rejected and one for each
reason it left others open (`Outcome.skipped`, their refusal codes), so "4 skipped" names the
true reason: a listing changed since the run, or its lot or request has too little left. It
is gone on the next reload, so each skipped row of the run page says why too (`row_notes`,
from what `services.skipped` remembered), in the words approving it alone gives (`message`,
the single approval's refusal). A single verdict refused from the run page says why on its
row as well (`flash_on_row`): the redirect scrolls to the row, far below the page's
messages on a long run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import cast

from flask import flash, get_flashed_messages
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from market.core.schemas.translate import message
from market.proposals.services.review import Outcome
from market.proposals.services.skipped import LeftOpen

#: The flash category of a message for one row of the run page: "row-<proposal id>"
#: (`templates/base.html` leaves these to the rows).
ROW = "row-"


def flash_on_row(proposal_id: int, text: str) -> None:
    """Say `text` on the proposal's row of the next run page (`row_flashes`)."""
    flash(text, f"{ROW}{proposal_id}")


def row_flashes() -> dict[int, str]:
    """{proposal id: message} of what `flash_on_row` left for this page."""
    flashed = cast(list[tuple[str, str]], get_flashed_messages(with_categories=True))
    return {
        int(category.removeprefix(ROW)): text
        for category, text in flashed
        if category.startswith(ROW)
    }


def summary(outcome: Outcome, *, yes: bool) -> str:
    """The flash after approving (`yes`) or rejecting a run's proposals, or a filtered set."""
    reasons = Counter(code for skip in outcome.skipped for code in skip.codes)
    said = [_done(len(outcome.changed), yes=yes), *map(_skipped, reasons.items())]
    if outcome.skipped:
        said.append(_("Each proposal left open says why on its row."))
    return " ".join(said)


def row_notes(left: Mapping[int, LeftOpen]) -> dict[int, str]:
    """{proposal id: when a bulk review skipped it, and why} for each proposal `left` names."""
    return {proposal_id: _note(skipped) for proposal_id, skipped in left.items()}


def _note(left: LeftOpen) -> str:
    return _(
        "Skipped when approving on %(when)s: %(reason)s",
        when=format_datetime(left.at, "short"),
        reason=" ".join(message(refusal) for refusal in left.refusals),
    )


def _done(num: int, *, yes: bool) -> str:
    if yes:
        return ngettext("%(num)s proposal approved.", "%(num)s proposals approved.", num)
    return ngettext("%(num)s proposal rejected.", "%(num)s proposals rejected.", num)


def _skipped(reason: tuple[str, int]) -> str:
    code, num = reason
    if code == "listing_changed":
        return ngettext(
            "%(num)s skipped because its lot or request changed since the run.",
            "%(num)s skipped because their lot or request changed since the run.",
            num,
        )
    if code == "lot_taken":
        return ngettext(
            "%(num)s skipped because its lot has too little left.",
            "%(num)s skipped because their lots have too little left.",
            num,
        )
    if code == "request_taken":
        return ngettext(
            "%(num)s skipped because its request has too little left.",
            "%(num)s skipped because their requests have too little left.",
            num,
        )
    if code == "n_room_exceeded":
        return ngettext(
            "%(num)s skipped because it would overfill its farm's N room.",
            "%(num)s skipped because they would overfill their farms' N room.",
            num,
        )
    if code == "a_share_too_low":
        return ngettext(
            "%(num)s skipped because it would take its farm below the A-share minimum.",
            "%(num)s skipped because they would take their farms below the A-share minimum.",
            num,
        )
    return ngettext(
        "%(num)s skipped for another reason.",
        "%(num)s skipped for other reasons.",
        num,
    )
