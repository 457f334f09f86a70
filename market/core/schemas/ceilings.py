"""The engine's ceilings, so that nothing the market accepts makes a run fail.

The values mirror `matching/validate_fields.py` (a test checks they are equal): far above
anything real, far below where a solver's coefficients lose precision. Every figure that goes
into a run's instance takes one of these types.
"""

from __future__ import annotations

from typing import Annotated

from market.core.schemas.fields import AtLeastZero, Positive, Range

MAX_TONNES = 1e9  # t: a lot's tonnes
MAX_KG = 1e9  # kg N: a request's N, a farm's own and other N, its phosphate room
MAX_HA = 1e7  # ha: a farm's area, a parcel of natural land
MAX_KG_PER_HA = 1e4  # kg N per ha: a parcel's limit
MAX_KM = 1e5  # km: a listing's transport distance

#: Tonnes of a listing: more than nothing, at most `MAX_TONNES`.
Tonnes = Annotated[Positive, Range(high=MAX_TONNES)]
#: kg N that must be there (a request), at most `MAX_KG`.
NeededKg = Annotated[Positive, Range(high=MAX_KG)]
#: kg N of a farm's accounts (0 allowed), at most `MAX_KG`.
KgN = Annotated[AtLeastZero, Range(high=MAX_KG)]
#: Hectares of a farm (0 allowed), at most `MAX_HA`.
Area = Annotated[AtLeastZero, Range(high=MAX_HA)]
#: A transport distance in km (0 allowed), at most `MAX_KM`.
Km = Annotated[AtLeastZero, Range(high=MAX_KM)]
