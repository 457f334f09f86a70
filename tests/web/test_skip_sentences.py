"""An approve-all names the farm rules that kept proposals open (R1/R2 N room, R8 A-share),
in the page's language, beside the listings' reasons; other codes are counted, and every
skipped row says why (`market.proposals.skips`)."""

from __future__ import annotations

from flask import Flask

from market.core.validation import FieldError
from market.proposals.services.review import Outcome, Skip
from market.proposals.skips import summary


def test_the_farm_rules_have_their_own_sentences(app: Flask) -> None:
    refusals = [
        FieldError("n_room_exceeded", {"over": 10}),
        FieldError("n_room_exceeded", {"over": 20}),
        FieldError("a_share_too_low", {"share": 60, "min": 70}),
        FieldError("lot_taken", {"left": 5, "needs": 10}),
        FieldError("odd"),
    ]
    skipped = [Skip(i, (refusal,)) for i, refusal in enumerate(refusals)]
    with app.test_request_context():
        said = summary(Outcome(changed=[], skipped=skipped), yes=True)
    assert said == (
        "0 voorstellen goedgekeurd."
        " 2 overgeslagen omdat ze de N-ruimte van hun bedrijven zouden overschrijden."
        " 1 overgeslagen omdat het bedrijf dan onder het minimale A-aandeel zou komen."
        " 1 overgeslagen omdat de partij te weinig over heeft."
        " 1 overgeslagen om een andere reden."
        " Bij elk open gebleven voorstel staat waarom."
    )


def test_nothing_skipped_says_only_what_was_done(app: Flask) -> None:
    with app.test_request_context():
        assert summary(Outcome(changed=[], skipped=[]), yes=False) == "0 voorstellen afgewezen."
