"""The registration numbers a farm states: Skal (certification), RVO relation and KvK.

Split from `market.accounts.schemas`: how a number is written, cleaned and checked is one
concern, shared by sign-up, the farm profile and the services that compare stored numbers.
Blanks, dots and dashes are dropped (some farmers write "012.345"); leading zeros are kept.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from market.core.schemas import Text, refuse
from market.core.schemas.text import edge_pattern

#: A Skal registration number as printed on the certificate: digits only, leading zeros kept.
SKAL_NUMBER = re.compile(r"\d{5,7}")
#: What the profile's service accepts, for the document: 5 to 7 digits among blanks, dots or
#: dashes (`normal_skal_number` drops them), or none at all (no number yet); tabs and line
#: breaks only around it (`Text` refuses control characters inside).
SKAL_WRITTEN = rf"^{edge_pattern()}[ .\-]*((\d[ .\-]*){{5,7}})?{edge_pattern()}$"


def normal_skal_number(raw: object) -> str:
    """The number without blanks, dots or dashes (some farmers write "012.345"), as it is
    stored and compared."""
    return re.sub(r"[\s.\-]", "", str(raw or ""))


def _skal_number(raw: Any) -> str:
    number = normal_skal_number(raw) if isinstance(raw, str) else ""
    if not SKAL_NUMBER.fullmatch(number):
        raise refuse("skal_format")
    return number


def _registration(digits: int, code: str) -> AfterValidator:
    """A registration number of exactly `digits` digits, blanks, dots and dashes dropped (as
    `normal_skal_number` does); refused with `code` otherwise. Blank is no number yet."""

    def check(raw: str | None) -> str | None:
        number = normal_skal_number(raw) or None
        if number is not None and not re.fullmatch(rf"\d{{{digits}}}", number, re.ASCII):
            raise refuse(code, count=digits)
        return number

    return AfterValidator(check)


def _written(digits: int) -> str:
    """The document's pattern of a number `_registration` accepts."""
    return rf"^{edge_pattern()}[ .\-]*((\d[ .\-]*){{{digits}}})?{edge_pattern()}$"


#: RVO relation number (relatienummer): 9 digits; KvK (Chamber of Commerce) number: 8 digits.
RVO_RELATION_DIGITS, KVK_DIGITS = 9, 8
RvoRelationNumber = Annotated[
    str, Text(32), _registration(RVO_RELATION_DIGITS, "registration_digits")
]
KvkNumber = Annotated[str, Text(32), _registration(KVK_DIGITS, "registration_digits")]
#: A Skal number that must be there and well formed (sign-up); the profile takes a blank one.
SkalNumber = Annotated[str, BeforeValidator(_skal_number)]
#: The document's patterns of the RVO relation and KvK numbers the profile accepts.
RVO_RELATION_WRITTEN, KVK_WRITTEN = _written(RVO_RELATION_DIGITS), _written(KVK_DIGITS)
