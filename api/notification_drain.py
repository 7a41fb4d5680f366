"""The app's own sender of queued status e-mails (PANTAU_NOTIFICATION_SEND_INTERVAL_SECONDS).

Optional: with the interval at 0 (the default) only `send-notifications` sends.
Otherwise one daemon thread per process sends what is due every interval; each
message is claimed in the database first, so replicas never send one twice.
Nothing here runs inside a visitor's request.
"""

from __future__ import annotations

import logging
import threading

from data_layer.config import Settings, get_settings
from data_layer.db import configured_engine, make_session_factory
from data_layer.mail import MailError, mail_configured
from data_layer.notifications import send_due_notifications

logger = logging.getLogger(__name__)

_started: threading.Thread | None = None
_lock = threading.Lock()


def drain_once(settings: Settings) -> None:
    try:
        send_due_notifications(make_session_factory(configured_engine(), write=True), settings)
    except MailError:
        logger.warning("status e-mails not sent: SMTP or PANTAU_PUBLIC_BASE_URL missing")
    except Exception:  # the thread must outlive a database hiccup
        logger.exception("sending queued status e-mails failed; trying again later")


def start_sender(stop: threading.Event | None = None) -> threading.Thread | None:
    """Start this process's sender thread once, when an interval is configured."""
    global _started
    settings = get_settings()
    interval = settings.notification_send_interval_seconds
    if interval <= 0 or not mail_configured(settings):
        return None
    with _lock:
        if _started is not None and _started.is_alive():
            return _started
        stop = stop or threading.Event()

        def run() -> None:
            while not stop.wait(interval):
                drain_once(get_settings())

        _started = threading.Thread(target=run, name="pantau-notifications", daemon=True)
        _started.start()
        return _started
