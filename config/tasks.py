"""Celery task and queue names: the web app enqueues by name and never imports the worker."""

RUN_MATCHING = "mestmatch.run_matching"
SOLVE_COMPONENT = "mestmatch.solve_component"
MERGE_COMPONENTS = "mestmatch.merge_components"
SWEEP_STUCK_RUNS = "mestmatch.sweep_stuck_runs"
SCHEDULED_RUN = "mestmatch.scheduled_run"
SEND_MAIL = "mestmatch.send_mail"
SWEEP_OUTBOX = "mestmatch.sweep_outbox"

QUEUE_RUNS = "runs"
#: Mail has a queue of its own, so a long solve never holds a farmer's mail back: every
#: worker consumes both unless started with `-Q`, and `make run` starts one for mail alone.
QUEUE_MAIL = "mail"
QUEUES = (QUEUE_RUNS, QUEUE_MAIL)
