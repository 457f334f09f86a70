"""An approve-all names the farm rules that kept proposals open (R1/R2 N room, R8 A-share),
in the page's language, beside the listings' reasons; other codes point to approving one by
one (`market.proposals.skips`)."""

from __future__ import annotations

from flask import Flask

from market.proposals.services.review import Outcome
from market.proposals.skips import summary


def test_the_farm_rules_have_their_own_sentences(app: Flask) -> None:
    skipped = ["n_room_exceeded", "n_room_exceeded", "a_share_too_low", "lot_taken", "odd"]
    with app.test_request_context():
        said = summary(Outcome(changed=[], skipped=skipped), yes=True)
    assert said == (
        "0 voorstellen goedgekeurd."
        " 2 overgeslagen omdat ze de N-ruimte van hun bedrijven zouden overschrijden."
        " 1 overgeslagen omdat het bedrijf dan onder het minimale A-aandeel zou komen."
        " 1 overgeslagen omdat de partij te weinig over heeft."
        " 1 overgeslagen om een andere reden: keur het voorstel apart goed om de reden te zien."
    )
