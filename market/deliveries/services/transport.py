"""Transport data for a VDM/rVDM filing: what farm software or a manure intermediary needs to
report each delivery to RVO, one record per weighed delivery.

A record names the RVO manure code (and a digestate's mix of codes), the supplier (leverancier),
the carrier (vervoerder), the receiver (afnemer) with their RVO relation numbers, KvK and Skal
numbers and addresses, the date, the weighed tonnes and the N and P2O5 per tonne and in total,
and the papers' numbers (VDM/CMR, lab sample, declaration of origin). The market records no
carrier relation number: that field is present and always null, so a filing program sees the
full shape and fills it from its own records. A farm sees its own deliveries, in and out; a
coordinator (`farm_id` None) every delivery.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from market.deliveries.schemas import TransportParty, TransportRecord
from market.models import Delivery, Farm


def transport_deliveries(session: Session, farm_id: int | None, year: int) -> list[Delivery]:
    """The deliveries of `year` (by delivery date) that `farm_id` sent or received, or all of
    them (`farm_id` None), oldest first as a filing goes."""
    query = (
        select(Delivery)
        .options(joinedload(Delivery.supplier), joinedload(Delivery.receiver))
        .where(Delivery.delivered_on.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(Delivery.delivered_on, Delivery.id)
    )
    if farm_id is not None:
        query = query.where(
            or_(Delivery.supplier_farm_id == farm_id, Delivery.receiver_farm_id == farm_id)
        )
    return list(session.scalars(query))


def transport_record(delivery: Delivery) -> TransportRecord:
    """One delivery in the VDM's terms; totals in kg are tonnes times the sampled content, to
    0.01 kg (the product's binary noise, 4074.2999999999997, is no figure to file)."""
    return TransportRecord(
        delivery_id=delivery.id,
        transport_document_no=delivery.transport_document_no,
        delivered_on=delivery.delivered_on,
        manure_code=delivery.manure_code,
        manure_mix=delivery.manure_mix,
        kind=delivery.kind,
        supplier=_party(delivery.supplier),
        receiver=_party(delivery.receiver),
        carrier=delivery.carrier,
        carrier_relation_number=None,
        vehicle=delivery.vehicle,
        intermediary_name=delivery.intermediary_name,
        weighed_tonnes=delivery.weighed_tonnes,
        n_kg_per_t=delivery.n_kg_per_t,
        p2o5_kg_per_t=delivery.p2o5_kg_per_t,
        n_kg=round(delivery.n_kg, 2),
        p2o5_kg=round(delivery.weighed_tonnes * delivery.p2o5_kg_per_t, 2),
        lab=delivery.lab,
        sample_number=delivery.sample_number,
        sample_analysis_ref=delivery.sample_analysis_ref,
        declaration_of_origin_no=delivery.declaration_of_origin_no,
    )


def _party(farm: Farm) -> TransportParty:
    return TransportParty(
        farm_id=farm.id,
        name=farm.name,
        address=farm.address,
        rvo_relation_number=farm.rvo_relation_number,
        kvk_number=farm.kvk_number,
        skal_number=farm.skal_number,
    )
