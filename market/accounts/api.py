"""Who am I, and my farm: read it, and update its profile (with If-Match).

Bodies are read by the area's schemas and answers are its output models (`schemas.py`).
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from market import models
from market.accounts.outputs import Farm, Me
from market.accounts.schemas import FarmInput, FarmPatch
from market.accounts.services.farm_profile import update_farm
from market.accounts.services.farms import farm_own_manure_n_kg
from market.core.api import bp
from market.core.api.auth import current
from market.core.api.http import answer, commit_answer, etag, json_body, require_match
from market.core.api.registry import operation
from market.core.extensions import db_session
from market.core.locks import lock_farms
from market.core.permissions import my_farm


def farm_body(farm: models.Farm) -> Farm:
    """The farm with the own manure N its animals produce (or the measured figure)."""
    return Farm.of(farm, own_manure_n_kg=farm_own_manure_n_kg(farm))


def farm_tag(farm: models.Farm) -> str:
    """The profile's values: what two programs updating the farm could overwrite."""
    return etag("Farm", farm.id, *(getattr(farm, name) for name in FarmInput.model_fields))


@operation(bp, "GET", "/me", tag="account", summary="The token's account", response=Me)
def me() -> Response:
    """The account the token belongs to, its role, its farm and the token's scope."""
    user = current()
    return answer(Me(id=user.id, role=user.role, farm_id=user.farm_id, token_scope=user.scope))


@operation(
    bp, "GET", "/farm", tag="farm", summary="My farm", response=Farm, errors=(403,), etag=True
)
def get_farm() -> Response:
    """The farm of the token's account (403 for an account without a farm, a coordinator)."""
    farm = my_farm()
    return answer(farm_body(farm), farm_tag(farm))


@operation(
    bp,
    "PATCH",
    "/farm",
    tag="farm",
    summary="Update my farm",
    scope="write",
    body=FarmPatch,
    response=Farm,
    errors=(403,),
    if_match=True,
)
def patch_farm() -> Response:
    """Change profile fields. A new farm name, Skal number or certification withdraws the
    approval; a name another farm has is refused."""
    farm = my_farm()
    lock_farms(db_session(), [farm.id])  # the ETag checked and the write are one
    require_match(farm_tag(farm))
    update_farm(db_session(), farm, json_body(FarmPatch), current().id)
    return commit_answer(farm_body(farm), farm_tag(farm))
