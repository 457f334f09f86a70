"""What a bulk review says it did: one sentence for the proposals it approved or rejected and
one for each reason it left others open (`Outcome.skipped`, their refusal codes), so "4
skipped" names the true reason: a listing changed since the run, or its lot or request has
too little left."""

from __future__ import annotations

from collections import Counter

from flask_babel import ngettext

from market.proposals.services.review import Outcome


def summary(outcome: Outcome, *, yes: bool) -> str:
    """The flash after approving (`yes`) or rejecting a run's proposals, or a filtered set."""
    reasons = Counter(outcome.skipped)
    return " ".join([_done(len(outcome.changed), yes=yes), *map(_skipped, reasons.items())])


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
        "%(num)s skipped for another reason: approve it on its own to see why.",
        "%(num)s skipped for other reasons: approve each on its own to see why.",
        num,
    )
