"""What page routes share: the answers a view may give, and a yes and a no served by one
handler.

Approve and reject, approve all and reject all, accept and decline: each pair is one
handler taking `yes`, registered under the two historical endpoints and addresses.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint
from werkzeug.wrappers import Response

#: What a page view answers: a page (200), a page with its status (a refused form: 400), or
#: a redirect or file.
Page = str | tuple[str, int] | Response
Guard = Callable[[Callable[..., Response]], Callable[..., Response]]


def yes_and_no(
    bp: Blueprint,
    rule: str,
    names: tuple[str, str],
    handler: Callable[..., Response],
    guard: Guard,
) -> None:
    """POST `rule` with `{name}` filled by each of `names` (the yes first; `_` in an
    endpoint's name is `-` in its address, "approve_all" at ".../approve-all"); each calls
    `handler(**url_args, yes=...)` behind `guard` (e.g. `coordinator_required`)."""
    for name, yes in zip(names, (True, False), strict=True):
        view = guard(partial(handler, yes=yes))
        bp.add_url_rule(rule.format(name=name.replace("_", "-")), name, view, methods=["POST"])
