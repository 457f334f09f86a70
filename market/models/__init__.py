"""The typed ORM, one module per area; import the classes from here."""

from market.models.api import TOKEN_SCOPES, ApiToken, AuditEntry, IdempotencyKey
from market.models.base import Base, utcnow
from market.models.deliveries import Delivery
from market.models.enums import (
    CATEGORIES,
    LOT_KINDS,
    PROVINCES,
    AnalysisSource,
    BalanceStatus,
    ComponentStatus,
    FarmerResponse,
    FarmStatus,
    ListingStatus,
    OfferStatus,
    ReviewStatus,
    Role,
    RunPhase,
    RunStatus,
)
from market.models.farms import Farm, Livestock, NaturalLandParcel
from market.models.interest import DealOffer, Thread, ThreadMessage
from market.models.listings import Lot, Request
from market.models.outbox import OutboxMessage
from market.models.paper_counters import PaperCounter, PaperSeries
from market.models.runs import MatchRun, Proposal, RunComponent, RunExplanation
from market.models.statements import Statement
from market.models.users import User, UserSession

__all__ = [
    "CATEGORIES",
    "LOT_KINDS",
    "PROVINCES",
    "TOKEN_SCOPES",
    "AnalysisSource",
    "ApiToken",
    "AuditEntry",
    "BalanceStatus",
    "Base",
    "ComponentStatus",
    "DealOffer",
    "Delivery",
    "Farm",
    "FarmStatus",
    "FarmerResponse",
    "IdempotencyKey",
    "ListingStatus",
    "Livestock",
    "Lot",
    "MatchRun",
    "NaturalLandParcel",
    "OfferStatus",
    "OutboxMessage",
    "PaperCounter",
    "PaperSeries",
    "Proposal",
    "Request",
    "ReviewStatus",
    "Role",
    "RunComponent",
    "RunExplanation",
    "RunPhase",
    "RunStatus",
    "Statement",
    "Thread",
    "ThreadMessage",
    "User",
    "UserSession",
    "utcnow",
]
