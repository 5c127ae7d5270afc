"""Many people calling a service at the same moment, for the tests of row locks (PostgreSQL)."""

import threading

from django.db import close_old_connections, connections


def call_all_at_once(service, people) -> list[Exception]:
    """Call `service(person)` in one thread per person, all released at the same moment.

    Returns what the calls raised: a test asserts it is empty, so that a failure in a thread
    is not lost.
    """
    start = threading.Barrier(len(people))
    errors = []

    def call(person):
        try:
            start.wait()  # every thread calls the service at the same moment
            service(person)
        except Exception as exc:  # returned to the test
            errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=call, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors
