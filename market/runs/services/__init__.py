"""Operations of the runs area: creating a run (the one place), its progress, report and
exports; plain functions taking a session, the caller commits."""
