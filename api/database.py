"""The process's engine and sessions for route handlers (the same pool the pages use)."""

from __future__ import annotations

from data_layer.db import configured_engine
from data_layer.db import read_session as db_read_session
from data_layer.db import write_session as db_write_session

# The same engine and read sessions as the pages (one pool per process).
engine = configured_engine
read_session = db_read_session


# The one way a write transaction opens (data_layer.db.write_session).
write_transaction = db_write_session
