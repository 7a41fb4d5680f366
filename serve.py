"""The launcher: pages (app.py) and HTTP routes (api/) on one port, in one process.

`streamlit run serve.py` finds the `App` below and serves both; `make run` and the
browser tests start it this way.
"""

import streamlit as st

from api import middleware, routes
from api.notification_drain import start_sender

app = st.App("app.py", routes=routes(), middleware=middleware())
# Queued status e-mails, when PANTAU_NOTIFICATION_SEND_INTERVAL_SECONDS is set.
start_sender()
