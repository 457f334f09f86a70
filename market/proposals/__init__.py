"""Proposals and decisions: the coordinator's verdicts on a run's proposals (approve, reject,
adjust tonnes, within each lot's tonnes across runs) and the two farms' answers (accept,
decline). Pages `/review/proposals/…`, `/review/runs/<id>/approve-all|reject-all`,
`/proposals…`; API `/proposals…`."""
