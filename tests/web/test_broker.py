"""The producer: a run id (a mail id) enqueued by task name arrives on the runs (mail) queue
of the real broker."""

from __future__ import annotations

from kombu import Connection

from config import Settings, tasks
from market.core.broker import (
    broker_folders,
    broker_problem,
    enqueue_mail,
    enqueue_run,
    ensure_broker_folders,
    make_producer,
)


def received_task(settings: Settings, name: str = tasks.QUEUE_RUNS) -> tuple[str, list[object]]:
    """Take one message off queue `name`, as a worker would, and return (task name, args)."""
    url, options = settings.broker_url, dict(settings.broker_transport_options)
    with Connection(url, transport_options=options) as connection:
        queue = connection.SimpleQueue(name)
        message = queue.get(timeout=5)
        message.ack()
        queue.close()
    args, _kwargs, _embed = message.decode()
    return message.headers["task"], args


def test_run_is_enqueued_by_name_on_the_embedded_broker(settings: Settings) -> None:
    ensure_broker_folders(settings)
    producer = make_producer(settings)
    task_id = enqueue_run(producer, 42)
    producer.close()
    assert task_id
    assert received_task(settings) == (tasks.RUN_MATCHING, [42])


def test_mail_goes_on_its_own_queue_so_a_long_solve_never_holds_it_back(
    settings: Settings,
) -> None:
    ensure_broker_folders(settings)
    producer = make_producer(settings)
    enqueue_mail(producer, 7)
    enqueue_run(producer, 8)
    producer.close()
    assert received_task(settings, tasks.QUEUE_MAIL) == (tasks.SEND_MAIL, [7])
    assert received_task(settings, tasks.QUEUE_RUNS) == (tasks.RUN_MATCHING, [8])


def test_embedded_broker_folders_are_created_in_the_instance_folder(settings: Settings) -> None:
    folders = broker_folders(settings)
    assert folders
    assert all(settings.instance_dir in folder.parents for folder in folders)
    assert "is missing" in str(broker_problem(settings))
    ensure_broker_folders(settings)
    assert broker_problem(settings) is None
