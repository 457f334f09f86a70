"""The transport export as files, for the pages and the API alike: a year's deliveries (or
one delivery) in the fields of a VDM/rVDM filing, as CSV for a spreadsheet or an
intermediary's import and as JSON for farm software.

The records come from `services.transport` (one `TransportRecord` per delivery); the JSON is
that schema as it is (field names and codes, plain numbers), the CSV the same records in the
reader's language through the shared writer (`market.core.exports`: the locale's separator
and decimal symbol, a BOM, text never read as a formula). It sits beside the views because
its headers and names need the request's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from market.core.exports import CellType, Column, to_csv
from market.core.i18n import kind_label
from market.core.labels.manure_codes import manure_code_name
from market.core.schemas.numbers import write_number
from market.core.schemas.translate import current_locale
from market.deliveries.schemas import ManureMixOut, TransportExport, TransportRecord

TEXT, NUMBER, DATE = CellType.TEXT, CellType.NUMBER, CellType.DATE
Record = TransportRecord


def mix_text(mix: ManureMixOut | None) -> str | None:
    """A digestate's manure as "14: 60; 50: 40" (percent, the reader's decimal symbol)."""
    if mix is None:
        return None
    locale = current_locale()
    return "; ".join(f"{part.code}: {write_number(part.percent, locale)}" for part in mix.parts)


TRANSPORT_COLUMNS: tuple[Column[Record], ...] = (
    Column(_l("Delivery"), lambda r: r.delivery_id, NUMBER),
    Column(_l("VDM/CMR number"), lambda r: r.transport_document_no, TEXT),
    Column(_l("Date"), lambda r: r.delivered_on, DATE),
    Column(_l("Manure code"), lambda r: r.manure_code, TEXT),
    Column(
        _l("Manure code name"),
        lambda r: manure_code_name(r.manure_code) if r.manure_code else None,
        TEXT,
    ),
    Column(_l("Digestate: manure codes (%)"), lambda r: mix_text(r.manure_mix), TEXT),
    Column(
        _l("Digestate: co-product code"),
        lambda r: r.manure_mix.coproduct_code if r.manure_mix else None,
        TEXT,
    ),
    Column(_l("Kind"), lambda r: kind_label(r.kind), TEXT),
    Column(_l("Supplier"), lambda r: r.supplier.name, TEXT),
    Column(_l("Supplier address"), lambda r: r.supplier.address, TEXT),
    Column(_l("Supplier RVO relation number"), lambda r: r.supplier.rvo_relation_number, TEXT),
    Column(_l("Supplier KvK number"), lambda r: r.supplier.kvk_number, TEXT),
    Column(_l("Supplier Skal number"), lambda r: r.supplier.skal_number, TEXT),
    Column(_l("Carrier"), lambda r: r.carrier, TEXT),
    Column(_l("Carrier RVO relation number"), lambda r: r.carrier_relation_number, TEXT),
    Column(_l("Vehicle"), lambda r: r.vehicle, TEXT),
    Column(_l("Intermediary"), lambda r: r.intermediary_name, TEXT),
    Column(_l("Receiver"), lambda r: r.receiver.name, TEXT),
    Column(_l("Receiver address"), lambda r: r.receiver.address, TEXT),
    Column(_l("Receiver RVO relation number"), lambda r: r.receiver.rvo_relation_number, TEXT),
    Column(_l("Receiver KvK number"), lambda r: r.receiver.kvk_number, TEXT),
    Column(_l("Receiver Skal number"), lambda r: r.receiver.skal_number, TEXT),
    Column(_l("Weighed tonnes"), lambda r: r.weighed_tonnes, NUMBER, decimals=3),
    Column(_l("kg N per tonne"), lambda r: r.n_kg_per_t, NUMBER, decimals=2),
    Column(_l("kg P2O5 per tonne"), lambda r: r.p2o5_kg_per_t, NUMBER, decimals=2),
    Column(_l("kg N"), lambda r: r.n_kg, NUMBER, decimals=1),
    Column(_l("kg P2O5"), lambda r: r.p2o5_kg, NUMBER, decimals=1),
    Column(_l("Laboratory"), lambda r: r.lab, TEXT),
    Column(_l("Sample number"), lambda r: r.sample_number, TEXT),
    Column(_l("Sample analysis reference"), lambda r: r.sample_analysis_ref, TEXT),
    Column(_l("Declaration of origin"), lambda r: r.declaration_of_origin_no, TEXT),
)


def transport_csv(records: list[Record], name: str) -> Response:
    """The records as a CSV download `name`.csv in the reader's language."""
    body = to_csv(TRANSPORT_COLUMNS, records, current_locale()).encode()
    return _download(body, "text/csv", f"{name}.csv")


def transport_json(document: TransportExport | Record, name: str) -> Response:
    """A year's export or one record as a JSON download `name`.json (the API's document)."""
    return _download(
        document.model_dump_json(indent=1).encode(), "application/json", f"{name}.json"
    )


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
