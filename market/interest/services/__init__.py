"""The interest area's operations: threads and messages (`threads`), deals (`deals`)."""
