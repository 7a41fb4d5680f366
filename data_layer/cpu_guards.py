"""Process-wide caps on the few CPU- and memory-hungry steps a visitor can trigger.

An argon2 check costs ~28 ms of CPU and 19 MiB (follow-up codes) or more
(operator passwords); decoding a photo up to the pixel budget costs hundreds of
megabytes for a moment. A burst of either from many sessions at once would
starve every other visitor of the 2-core machine, so only a few run at a time
in each process; the rest wait their turn, and give up with `ServerBusy` after
`WAIT_SECONDS` rather than pile up without end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

HASH_CHECKS_AT_ONCE = 2
PHOTO_DECODES_AT_ONCE = 2
WAIT_SECONDS = 20.0

_hash_checks = threading.BoundedSemaphore(HASH_CHECKS_AT_ONCE)
_photo_decodes = threading.BoundedSemaphore(PHOTO_DECODES_AT_ONCE)


class ServerBusy(Exception):
    """Too many expensive steps are running; the visitor should try again shortly."""


@contextmanager
def _slot(semaphore: threading.BoundedSemaphore) -> Iterator[None]:
    if not semaphore.acquire(timeout=WAIT_SECONDS):
        raise ServerBusy
    try:
        yield
    finally:
        semaphore.release()


def hash_check_slot():
    """Hold while checking a password or follow-up code against its argon2 hash."""
    return _slot(_hash_checks)


def photo_decode_slot():
    """Hold while decoding and re-encoding one uploaded photo."""
    return _slot(_photo_decodes)
