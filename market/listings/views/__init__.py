"""Pages of the listings area, one Blueprint per module (`editing.py` serves lots and
requests alike)."""
