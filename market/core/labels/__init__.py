"""Words for the codes the pages show, in the page's language, registered once per app.

Certification and listing states, run states and verdicts (`status_label`,
`run_status_label`), why a lot has its category (`rule_sentence`, from the engine's rule ids),
why a lot stayed unplaced (`reason_text`, from the engine's reason codes) and the livestock
categories of the excretion norms (`animal_label`), the fields a plausibility flag names
(`flag_label`), RVO's manure codes with their names
(`manure_code_label`), a farm-gate price with who pays it (`farm_gate_price`), what is
still open of a listing (`open_amount`), and the
audit log's actions, kinds of object and details (`audit_label`). `init_labels` puts them
in every template's globals; Python code imports the functions directly.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from market.core.labels.amounts import open_amount
from market.core.labels.animals import animal_label
from market.core.labels.flags import flag_label
from market.core.labels.manure_codes import manure_code_label
from market.core.labels.prices import farm_gate_price
from market.core.labels.reasons import reason_text
from market.core.labels.rules import rule_sentence
from market.core.reference import RVO_TABLE_FIELDS, table_code

STATUS_LABELS: dict[str, LazyString] = {
    "organic": _l("organic"),
    "conversion": _l("in conversion"),
    "conventional": _l("not organic"),
    "open": _l("open"),
    "withdrawn": _l("withdrawn"),
    "closed": _l("closed"),
    "pending": _l("not answered yet"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    # a listing's balance (`market.proposals.services.balance.BalanceStatus`)
    "partly_committed": _l("partly committed"),
    "committed": _l("committed"),
    "delivered": _l("delivered"),
    # a deal offered in an interest thread (`market.models.OfferStatus`; open, declined above)
    "agreed": _l("agreed"),
    "superseded": _l("replaced by a newer offer"),
}

RUN_LABELS: dict[str, LazyString] = {
    "queued": _l("queued"),
    "running": _l("running"),
    "solved": _l("solved"),
    "infeasible": _l("no feasible plan"),
    "failed": _l("failed"),
    "no_solution": _l("no solution within the time limit"),
    "snapshot": _l("reading the market"),
    "solving": _l("solving"),
    "writing": _l("writing proposals"),
    "done": _l("done"),
    "proposed": _l("proposed"),
    "approved": _l("approved"),
    "rejected": _l("rejected"),
    "stale": _l("listing changed"),
    "superseded": _l("superseded by a later run"),
    "cancelled": _l("cancelled (listing withdrawn)"),
}

#: The audit log's codes (`market.audit.services.record`): actions, the kinds of object they
#: act on, and the keys of their details.
AUDIT_LABELS: dict[str, LazyString] = {
    "farm.approve": _l("farm approved"),
    "farm.reject": _l("farm rejected"),
    "farm.ask_info": _l("information asked of a farm"),
    "farm.rename": _l("farm renamed"),
    "proposal.approve": _l("proposal approved"),
    "proposal.reject": _l("proposal rejected"),
    "proposal.adjust": _l("tonnes adjusted"),
    "run.skipped": _l("proposals left open by a bulk approval"),
    "delivery.excess": _l("delivery above the tolerance confirmed"),
    "weighed_total": _l("weighed in all"),
    "user.end_sessions": _l("logged out everywhere"),
    "listing.suspend": _l("listing suspended"),
    "listing.lift": _l("suspension lifted"),
    "lot": _l("lot"),
    "request": _l("request"),
    "reason": _l("reason"),
    "message": _l("message"),
    "user": _l("account"),
    "sessions": _l("sessions"),
    "farm": _l("farm"),
    "proposal": _l("proposal"),
    "run": _l("run"),
    "skipped": _l("proposals skipped"),
    "skal_number": _l("Skal number"),
    "old_name": _l("old name"),
    "new_name": _l("new name"),
    "run_id": _l("run"),
    "lot_id": _l("lot"),
    "tonnes": _l("tonnes"),
    "tonnes_before": _l("tonnes before"),
}


def label_in(table: dict[str, LazyString], code: str) -> str:
    """The code's label in the current language; the code itself when it has none."""
    label = table.get(code)
    return str(label) if label is not None else code


def status_label(code: str) -> str:
    return label_in(STATUS_LABELS, code)


def run_status_label(code: str) -> str:
    return label_in(RUN_LABELS, code)


def audit_label(code: str) -> str:
    return label_in(AUDIT_LABELS, code)


def init_labels(app: Flask) -> None:
    """Every page may show any code's words: one registration for the whole app."""
    app.jinja_env.globals.update(
        status_label=status_label,
        run_status_label=run_status_label,
        audit_label=audit_label,
        rule_sentence=rule_sentence,
        reason_text=reason_text,
        animal_label=animal_label,
        flag_label=flag_label,
        manure_code_label=manure_code_label,
        farm_gate_price=farm_gate_price,
        open_amount=open_amount,
        RVO_TABLE_FIELDS=RVO_TABLE_FIELDS,
        table_code=table_code,
    )
