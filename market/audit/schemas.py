"""The audit page's schema: which entries its query string asks for.

The filters come from a GET form (`market.audit.forms.AuditForm`), so a filtered view is a
link one coordinator can send to another. Numbers are read as the coordinator writes them
(a Dutch "1.200" is 1200), dates as YYYY-MM-DD (what a date input sends), both ends of the
period included; `until` may not lie before `since`.
"""

from __future__ import annotations

from typing import Annotated

from market.core.schemas import MAX_ID, Day, Range, Schema, Text, Whole, period

#: A row's id typed into a filter: a whole number a database id can be.
RowId = Annotated[Whole, Range(low=1, high=MAX_ID, whole=True)]
ACTION_MAX, TARGET_TYPE_MAX = 60, 40  # the columns' lengths (`market.models.AuditEntry`)


class AuditQuery(Schema):
    """The audit page's filters (none: every entry) and `page`, from 1.

    `action` and `target_type` are codes (`proposal.approve`, `farm`); `actor` is a user's
    id. An action or type no entry has simply matches nothing.
    """

    action: Annotated[str, Text(ACTION_MAX)] | None = None
    actor: RowId | None = None
    target_type: Annotated[str, Text(TARGET_TYPE_MAX)] | None = None
    target_id: RowId | None = None
    since: Day | None = None
    until: Day | None = None
    page: RowId = 1

    _period = period("since", "until")
