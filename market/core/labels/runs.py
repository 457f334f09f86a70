"""Labels of the review and delivery pages: run states, phases, verdicts, reasons.

Registered by the blueprints that show them (`bp.record_once(register_review_labels)`).
"""

from __future__ import annotations

from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from market.core.labels.reasons import reason_text
from market.core.labels.status import label_in

RUN_LABELS: dict[str, LazyString] = {
    "queued": _l("queued"),
    "running": _l("running"),
    "solved": _l("solved"),
    "infeasible": _l("no feasible plan"),
    "failed": _l("failed"),
    "snapshot": _l("reading the market"),
    "solving": _l("solving"),
    "writing": _l("writing proposals"),
    "done": _l("done"),
    "proposed": _l("proposed"),
    "approved": _l("approved"),
    "rejected": _l("rejected"),
    "stale": _l("listing changed"),
}


def run_status_label(code: str) -> str:
    return label_in(RUN_LABELS, code)


def register_review_labels(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals.update(run_status_label=run_status_label, reason_text=reason_text)
