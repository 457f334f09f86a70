"""Operations of the proposals area: plain functions taking a session and typed inputs; they
flush, the caller commits."""
