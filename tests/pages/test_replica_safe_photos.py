"""Photos on every page are replica-safe: no `st.image` media URL bound to one process.

With two replicas behind nginx, a `/media/...` URL made by the replica that ran the
page answers 404 on the other. Public photos use `/foto/{key}` (any replica reads the
shared database); an operator's view of a report not yet public carries the thumbnail
inside the page as a `data:` URL.
"""

from __future__ import annotations

import base64
import io

from factories import OPERATOR_PASSWORD, make_operator, make_report, prepared_photo
from operator_app import go, open_app, sign_in
from PIL import Image

from data_layer.states import Role

REPORT_PAGE = "pages/operator_laporan.py"


def images(at):
    return [img for element in at.get("image") for img in element.proto.imgs]


def test_an_operator_sees_a_new_reports_photo_without_a_process_bound_url(app_db):
    with app_db.write().begin() as session:
        make_operator(session, role=Role.VERIFIKATOR, username="verif")
        make_report(
            session,
            settings=app_db.settings,
            photos=(prepared_photo(app_db.settings, color=(200, 40, 40)),),
        )
    at = open_app("pages/operator_antrian.py")
    sign_in(at, "verif", OPERATOR_PASSWORD)
    at.button(key="op_open_verify").click().run()
    go(at, REPORT_PAGE)
    assert not at.exception

    shown = images(at)
    assert len(shown) == 1, "the report's photo is not on the operator's page"
    url = shown[0].url
    assert url.startswith("data:image/jpeg;base64,"), f"process-bound photo URL: {url[:60]}"
    # The operator sees the photo itself: the red thumbnail decodes from the page alone.
    picture = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    red, green, blue = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))
    assert red > 150 and green < 90 and blue < 90
