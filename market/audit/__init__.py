"""The audit log (who approved, rejected or adjusted what, and when): written by the services
of the other areas in the transaction of the decision, read by coordinators on `/audit`."""
