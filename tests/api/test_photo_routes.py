"""Photo URLs: public photos with long-lived cache headers; anything else 404 like an unknown key."""

from __future__ import annotations

import hashlib
import io

from PIL import Image


def test_a_public_photo_and_its_thumbnail_are_served_for_caching(db, client, machine_data):
    image_key, thumb_key = machine_data.photos["named"]
    for key in (image_key, thumb_key):
        response = client.get(f"/foto/{key}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/jpeg"
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        # Content-addressed: the key is the hash of what is served.
        assert hashlib.sha256(response.content).hexdigest() == key
        Image.open(io.BytesIO(response.content)).verify()
        again = client.get(f"/foto/{key}", headers={"if-none-match": response.headers["etag"]})
        assert again.status_code == 304 and not again.content
    full = Image.open(io.BytesIO(client.get(f"/foto/{image_key}").content))
    thumb = Image.open(io.BytesIO(client.get(f"/foto/{thumb_key}").content))
    assert max(thumb.size) < max(full.size)


def test_photos_of_private_reports_answer_exactly_like_unknown_keys(client, machine_data):
    unknown = client.get("/foto/" + "0" * 64)
    for role in ("secret", "unverified"):
        for key in machine_data.photos[role]:
            response = client.get(f"/foto/{key}")
            assert response.status_code == 404
            assert (
                response.content == unknown.content and response.status_code == unknown.status_code
            )
            assert response.headers["cache-control"] == "no-store"
    assert client.get("/foto/..%2F..%2Fetc%2Fpasswd").status_code == 404
