"""Who am I, and my farm: read it, and update its profile (with If-Match)."""

from __future__ import annotations

from werkzeug.wrappers import Response

from market.accounts.services.farm_profile import update_farm
from market.core.api import bp
from market.core.api.auth import current
from market.core.api.http import answer, commit_answer, json_body, require_match
from market.core.api.registry import operation
from market.core.api.serialize import farm_json, farm_tag
from market.core.extensions import db_session
from market.core.permissions import my_farm


@operation(bp, "GET", "/me", tag="account", summary="The token's account", response="Me")
def me() -> Response:
    """The account the token belongs to, its role, its farm and the token's scope."""
    user = current()
    return answer(
        {"id": user.id, "role": user.role, "farm_id": user.farm_id, "token_scope": user.scope}
    )


@operation(
    bp, "GET", "/farm", tag="farm", summary="My farm", response="Farm", errors=(403,), etag=True
)
def get_farm() -> Response:
    """The farm of the token's account (403 for an account without a farm, a coordinator)."""
    farm = my_farm()
    return answer(farm_json(farm), farm_tag(farm))


@operation(
    bp,
    "PATCH",
    "/farm",
    tag="farm",
    summary="Update my farm",
    scope="write",
    body="FarmPatch",
    response="Farm",
    errors=(403,),
    if_match=True,
)
def patch_farm() -> Response:
    """Change profile fields. A new Skal number or certification withdraws the approval."""
    farm = my_farm()
    require_match(farm_tag(farm))
    update_farm(db_session(), farm, json_body("FarmPatch"))
    return commit_answer(farm_json(farm), farm_tag(farm))
