"""The engine's limits, so that nothing the market accepts makes a run fail.

The values mirror `matching/validate_fields.py` (a test checks they are equal). Most are
ceilings far above anything real and far below where a solver's coefficients lose precision;
contents per tonne have the physical limit (a tonne holds 1,000 kg). The market is stricter
where its service area says so: a farm or a parcel has at most the land of the Netherlands
(`config.SERVICE_AREA.land_ha`). What is merely unusual is flagged, not refused
(`matching.rules.plausibility`, `market.core.schemas.fields.unless_confirmed`). Every figure
that goes into a run's instance takes one of these types.
"""

from __future__ import annotations

from typing import Annotated

from config.settings import SERVICE_AREA
from market.core.schemas.fields import AtLeastZero, Number, Positive, Range

MAX_TONNES = 1e9  # t: a lot's tonnes
MAX_KG = 1e9  # kg N: a request's N, a farm's own and other N, its phosphate room
MAX_HA = 1e7  # ha: a farm's area, a parcel of natural land
MAX_KG_PER_HA = 1e4  # kg N per ha: a parcel's limit
MAX_KM = 1e5  # km: a listing's transport distance
MAX_KG_PER_T = 1000.0  # kg per t of N, P2O5, K2O: the physical limit
#: ha: the most land a farm or a parcel can have in the service area (below `MAX_HA`).
LAND_HA = min(MAX_HA, SERVICE_AREA.land_ha)

#: Tonnes of a listing: more than nothing, at most `MAX_TONNES`.
Tonnes = Annotated[Positive, Range(high=MAX_TONNES)]
#: kg N that must be there (a request), at most `MAX_KG`.
NeededKg = Annotated[Positive, Range(high=MAX_KG)]
#: kg N of a farm's accounts (0 allowed), at most `MAX_KG`.
KgN = Annotated[AtLeastZero, Range(high=MAX_KG)]
#: Hectares of a farm (0 allowed), at most the service area's land (below `MAX_HA`).
Area = Annotated[AtLeastZero, Range(high=LAND_HA)]
#: A transport distance in km (0 allowed), at most `MAX_KM`.
Km = Annotated[AtLeastZero, Range(high=MAX_KM)]
#: kg of N, P2O5 or K2O per tonne of product: 0 to `MAX_KG_PER_T`.
Contents = Annotated[Number, Range(low=0, high=MAX_KG_PER_T)]
