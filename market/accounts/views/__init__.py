"""Pages of the accounts area, one Blueprint per module."""
