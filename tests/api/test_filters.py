"""List filters: each narrows its list as documented, and a refused one is a 400 naming it."""

from __future__ import annotations

import pytest
from werkzeug.test import TestResponse

from tests.api.conftest import Call, World

PROBLEM = "application/problem+json"
#: (role, path (`{run}`: a run of the seed), refused parameter, its code)
REFUSED = (
    ("coordinator", "/lots?status=sold", "status", "choice_unknown"),
    ("coordinator", "/lots?kind=lava&utm=x", "kind", "choice_unknown"),
    ("coordinator", "/lots?farm_id=abc", "farm_id", "whole_number"),
    ("livestock", "/requests?farm_id=0", "farm_id", "whole_number_range"),
    ("coordinator", "/proposals?run_id=-1", "run_id", "whole_number"),
    ("livestock", "/proposals?review_status=maybe", "review_status", "choice_unknown"),
    ("livestock", "/deliveries?per_page=101", "per_page", "whole_number_range"),
    ("coordinator", "/runs/{run}/proposals?page=0", "page", "whole_number_range"),
)


def ids(response: TestResponse) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(("role", "path", "name", "code"), REFUSED)
def test_a_refused_parameter_is_a_400_naming_it(
    call: Call, world: World, role: str, path: str, name: str, code: str
) -> None:
    response = call(role, "GET", path.format(run=world.run))
    assert (response.status_code, response.mimetype) == (400, PROBLEM)
    errors = response.get_json()["errors"]
    assert [(error["field"], error["code"]) for error in errors] == [(name, code)]


def test_listing_filters_narrow_a_coordinators_list(call: Call, world: World) -> None:
    livestock, arable = world.farms["livestock"], world.farms["arable"]
    assert ids(call("coordinator", "GET", f"/lots?farm_id={livestock}")) == [world.lot]
    assert ids(call("coordinator", "GET", f"/lots?farm_id={arable}")) == []
    assert ids(call("coordinator", "GET", "/lots?status=open&kind=cattle_slurry")) == [world.lot]
    assert ids(call("coordinator", "GET", "/lots?kind=pig_slurry")) == []
    assert ids(call("coordinator", "GET", "/requests?status=open")) == [world.request]
    assert ids(call("coordinator", "GET", "/requests?status=withdrawn")) == []


def test_a_farmer_lists_their_own_farm_whatever_farm_id_says(call: Call, world: World) -> None:
    assert ids(call("livestock", "GET", f"/lots?farm_id={world.farms['arable']}")) == [world.lot]
    # A lot's filter means nothing to requests: an unknown parameter is ignored.
    assert ids(call("arable", "GET", "/requests?kind=lava")) == [world.request]


def test_proposal_filters_narrow_a_coordinators_list(call: Call, world: World) -> None:
    assert ids(call("coordinator", "GET", "/proposals?review_status=proposed")) == [world.proposed]
    assert ids(call("coordinator", "GET", f"/proposals?run_id={world.run}")) == [world.approved]
