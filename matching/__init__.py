"""The matching engine: an instance document in, the optimal set of deliveries out.

Pure Python with PuLP (HiGHS by default, CBC as fallback); see docs/architecture.md for the
public API and ../shared/domain/INSTANCE.md for the formats.
"""

from matching.classify import KINDS, LotClass, classify_lot
from matching.engine import merge_solutions, solve_instance, split_instance
from matching.validate import InvalidInstance, instance_errors, validate_instance

__all__ = ["KINDS", "InvalidInstance", "LotClass", "classify_lot", "instance_errors",
           "merge_solutions", "solve_instance", "split_instance", "validate_instance"]
