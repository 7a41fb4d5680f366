"""How long each piece of free text may be, in characters: one place for the form
checks (data_layer.validation), the writes (data_layer.commands) and the widgets'
`max_chars`. The widgets' limits are a courtesy; the server enforces these.
"""

from __future__ import annotations

TITLE_MIN, TITLE_MAX = 10, 150
DESCRIPTION_MIN, DESCRIPTION_MAX = 20, 5000
ADDRESS_MAX = 300
NAME_MAX = 120
EMAIL_MAX = 200
# Raw input bounds for the fields a parser reads: anything longer is refused
# before any parsing, so no pasted megabyte reaches a regex or a library.
LOCATION_MAX = 60
PHONE_MAX = 30
# Operator notes (public and internal) and a reporter's feedback.
NOTE_MAX = 5000
COMMENT_MAX = 2000
# Codes and look-ups typed by visitors: a ticket (with dash and blanks), a
# follow-up code, an operator's username, the operator queue's search box.
TICKET_INPUT_MAX = 40
USERNAME_INPUT_MAX = 80
PASSWORD_INPUT_MAX = 256
SEARCH_MAX = 100
