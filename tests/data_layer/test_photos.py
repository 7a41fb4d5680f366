"""Photo checks and re-encoding on real image files, decoded by Pillow."""

from __future__ import annotations

import io
import struct
import threading
import tomllib
import zlib
from pathlib import Path

import pytest
from factories import photo_bytes
from PIL import ExifTags, Image

from data_layer import photos
from data_layer.config import Settings
from data_layer.cpu_guards import PHOTO_DECODES_AT_ONCE
from data_layer.photos import DatabasePhotoStore, PhotoRejected, prepare_photo

REPO = Path(__file__).resolve().parents[2]
SETTINGS = Settings(_env_file=None)
SEMARANG_GPS = {1: "S", 2: (6.0, 59.0, 1.25), 3: "E", 4: (110.0, 25.0, 7.5)}


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _rejection(raw: bytes, filename: str, settings: Settings = SETTINGS) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as error:
        prepare_photo(raw, filename, settings=settings)
    assert error.value.filename == filename
    return error.value


def _noise_jpeg(size=(1200, 900)) -> bytes:
    image = Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG header that claims enormous dimensions."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


def _exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = "SM-A546E"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(SEMARANG_GPS)
    return exif


def _two_halves(size=(600, 400), left=(255, 0, 0), right=(0, 0, 255)) -> Image.Image:
    image = Image.new("RGB", size, right)
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), left), (0, 0))
    return image


def _save(image: Image.Image, fmt: str, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def _is_red(pixel) -> bool:
    return pixel[0] > 200 and pixel[2] < 60


def _is_blue(pixel) -> bool:
    return pixel[2] > 200 and pixel[0] < 60


# --- refusals -----------------------------------------------------------------------


def test_a_text_file_renamed_jpg_is_not_an_image():
    text = b"Jalan rusak di depan rumah saya, tolong diperbaiki.\n" * 40
    assert _rejection(text, "foto_jalan.jpg").code == "not_image"


def test_an_empty_file_is_not_an_image():
    assert _rejection(b"", "kosong.jpg").code == "not_image"


def test_a_truncated_jpeg_is_refused():
    whole = _noise_jpeg()
    prepare_photo(whole, "utuh.jpg", settings=SETTINGS)  # the whole file is fine
    assert _rejection(whole[: len(whole) * 6 // 10], "terpotong.jpg").code == "corrupt"


def test_a_png_declaring_huge_dimensions_is_a_decompression_bomb():
    bomb = _png_declaring(100_000, 100_000)
    assert len(bomb) < 200  # tiny on disk, ten billion pixels when decoded
    assert _rejection(bomb, "bom.png").code == "bomb"


def test_an_image_just_over_the_pixel_limit_is_refused_too():
    # Pillow only warns between one and two times its limit; we refuse there too.
    settings = Settings(_env_file=None, photo_max_pixels=1_000_000)
    big = _save(Image.new("L", (1200, 1000), 128), "PNG")
    assert len(big) < 20_000
    assert _rejection(big, "besar.png", settings).code == "bomb"
    prepare_photo(_save(Image.new("L", (1000, 1000), 128), "PNG"), "pas.png", settings=settings)


def test_a_small_pixel_limit_does_not_leak_into_other_image_code():
    limit_before = Image.MAX_IMAGE_PIXELS
    strict = Settings(_env_file=None, photo_max_pixels=1_000_000)
    _rejection(_save(Image.new("L", (1500, 1000)), "PNG"), "besar.png", strict)
    assert limit_before == Image.MAX_IMAGE_PIXELS
    # Other code (the demo photo painter, another citizen's upload with the
    # normal settings, in another thread) still opens a 3 Mpx image.
    wide = _save(Image.new("RGB", (3000, 1000), "gray"), "JPEG")
    _open(wide)
    prepare_photo(wide, "lebar.jpg", settings=SETTINGS)


def test_files_over_the_size_limit_are_refused_and_the_limit_itself_is_fine():
    photo = photo_bytes()
    limit = SETTINGS.photo_max_bytes
    assert limit == 10 * 1024 * 1024
    # JPEG decoders ignore bytes after the end-of-image marker: pad a real photo.
    at_limit = photo + b"\0" * (limit - len(photo))
    assert len(at_limit) == limit
    prepared = prepare_photo(at_limit, "pas.jpg", settings=SETTINGS)
    assert len(prepared.image.data) < 1_000_000
    error = _rejection(at_limit + b"\0", "besar.jpg")
    assert error.code == "too_large"
    assert error.details == {"limit_mb": 10}


def test_a_smaller_configured_size_limit_applies():
    settings = Settings(_env_file=None, photo_max_bytes=100_000)
    noisy = _noise_jpeg()
    assert len(noisy) > 100_000
    assert _rejection(noisy, "foto.jpg", settings).code == "too_large"


def test_content_must_match_the_extension():
    jpeg, png = photo_bytes(fmt="JPEG"), photo_bytes(fmt="PNG")
    error = _rejection(jpeg, "foto.png")
    assert error.code == "mismatch" and error.details == {"found": "JPEG"}
    assert _rejection(png, "foto.jpg").code == "mismatch"
    # Honest names, in any case, are fine; so is a name without extension.
    for raw, name in ((jpeg, "FOTO.JPEG"), (jpeg, "foto.jfif"), (png, "Foto.PNG"), (png, "foto")):
        prepare_photo(raw, name, settings=SETTINGS)


@pytest.mark.parametrize(
    ("fmt", "filename"),
    [("GIF", "animasi.gif"), ("BMP", "gambar.bmp"), ("GIF", "animasi.jpg"), ("TIFF", "scan")],
)
def test_other_image_types_are_refused(fmt, filename):
    raw = _save(Image.new("RGB", (50, 50), "red"), fmt)
    assert _rejection(raw, filename).code == "bad_type"


# --- what is stored --------------------------------------------------------------------


def test_gps_exif_in_a_png_does_not_survive():
    raw = _save(Image.new("RGB", (640, 480), (90, 140, 60)), "PNG", exif=_exif_with_gps())
    source = Image.open(io.BytesIO(raw)).getexif()
    assert source.get_ifd(ExifTags.IFD.GPSInfo)[2] == (6.0, 59.0, 1.25)  # really there
    prepared = prepare_photo(raw, "lokasi.png", settings=SETTINGS)
    for encoded in (prepared.image, prepared.thumbnail):
        stored = _open(encoded.data)
        assert len(stored.getexif()) == 0
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in stored.info
        assert b"Exif" not in encoded.data and b"Samsung" not in encoded.data


def test_gps_exif_and_comments_in_a_jpeg_do_not_survive():
    raw = _save(
        Image.new("RGB", (640, 480), (90, 140, 60)),
        "JPEG",
        exif=_exif_with_gps(),
        comment=b"Rumah Budi Santoso, RT 03",
    )
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    prepared = prepare_photo(raw, "IMG_20250301.jpg", settings=SETTINGS)
    stored = _open(prepared.image.data)
    assert len(stored.getexif()) == 0
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(stored.info)
    assert b"Budi" not in prepared.image.data


def test_the_upload_is_re_encoded_never_stored_as_it_came():
    raw = photo_bytes(size=(800, 600))
    prepared = prepare_photo(raw, "foto.jpg", settings=SETTINGS)
    assert prepared.image.data != raw
    assert prepared.image.content_type == "image/jpeg"
    assert _open(prepared.image.data).format == "JPEG"


@pytest.mark.parametrize(
    ("size", "full", "thumb"),
    [
        ((4000, 1000), (1600, 400), (320, 80)),
        ((1000, 4000), (400, 1600), (80, 320)),
        ((3264, 2448), (1600, 1200), (320, 240)),
        ((800, 600), (800, 600), (320, 240)),  # never enlarged
        ((200, 100), (200, 100), (200, 100)),
    ],
)
def test_long_side_is_capped_and_a_thumbnail_made(size, full, thumb):
    prepared = prepare_photo(photo_bytes(size=size), "foto.jpg", settings=SETTINGS)
    assert (prepared.image.width, prepared.image.height) == full
    assert _open(prepared.image.data).size == full
    assert (prepared.thumbnail.width, prepared.thumbnail.height) == thumb
    assert _open(prepared.thumbnail.data).size == thumb


def test_configured_sides_apply():
    settings = Settings(_env_file=None, photo_max_side=1000, photo_thumb_side=100)
    prepared = prepare_photo(photo_bytes(size=(3000, 1500)), "foto.jpg", settings=settings)
    assert _open(prepared.image.data).size == (1000, 500)
    assert _open(prepared.thumbnail.data).size == (100, 50)


def test_exif_orientation_is_applied_then_dropped():
    # Orientation 6: the camera stored the picture lying on its side; viewers
    # rotate it 90° clockwise, so the stored left (red) half becomes the top.
    raw = _save(_two_halves(), "JPEG", exif=_exif_with_gps(orientation=6), quality=95)
    prepared = prepare_photo(raw, "tegak.jpg", settings=SETTINGS)
    upright = _open(prepared.image.data)
    assert upright.size == (400, 600)
    assert _is_red(upright.getpixel((200, 100)))
    assert _is_blue(upright.getpixel((200, 500)))
    assert len(upright.getexif()) == 0  # no orientation tag left to rotate it twice


def test_exif_orientation_upside_down():
    raw = _save(_two_halves(), "JPEG", exif=_exif_with_gps(orientation=3), quality=95)
    upright = _open(prepare_photo(raw, "terbalik.jpg", settings=SETTINGS).image.data)
    assert upright.size == (600, 400)
    assert _is_blue(upright.getpixel((100, 200)))
    assert _is_red(upright.getpixel((500, 200)))


def test_phone_jpegs_with_a_multi_picture_extension_are_accepted():
    # Many phone cameras write MPO-flavoured JPEGs; Pillow names the format "MPO".
    first, second = _two_halves(), Image.new("RGB", (600, 400), "white")
    raw = _save(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(raw)).format == "MPO"
    prepared = prepare_photo(raw, "IMG_0001.JPG", settings=SETTINGS)
    stored = _open(prepared.image.data)
    assert stored.size == (600, 400)
    assert _is_red(stored.getpixel((100, 200)))  # the primary picture


def test_transparency_is_flattened_on_white():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (50, 100), (255, 0, 0, 255)), (0, 0))
    stored = _open(prepare_photo(_save(image, "PNG"), "stiker.png", settings=SETTINGS).image.data)
    assert stored.mode == "RGB"
    assert _is_red(stored.getpixel((20, 50)))
    assert min(stored.getpixel((80, 50))) > 240  # white, not black


def test_webp_can_be_the_stored_format():
    settings = Settings(_env_file=None, photo_format="WEBP")
    prepared = prepare_photo(photo_bytes(size=(2000, 1000)), "foto.jpg", settings=settings)
    assert prepared.image.content_type == "image/webp"
    assert _open(prepared.image.data).format == "WEBP"
    assert _open(prepared.image.data).size == (1600, 800)


def test_webp_uploads_are_accepted():
    raw = _save(Image.new("RGB", (300, 200), "green"), "WEBP")
    prepared = prepare_photo(raw, "foto.webp", settings=SETTINGS)
    assert _open(prepared.image.data).size == (300, 200)


# --- the database store ------------------------------------------------------------


def test_database_store_keeps_photos_for_every_replica(db):
    prepared = prepare_photo(photo_bytes(), "foto.jpg", settings=db.settings)
    with db.write().begin() as session:
        store = DatabasePhotoStore(session)
        key = store.put(prepared.image.data, prepared.image.content_type)
        other_key = store.put(prepared.thumbnail.data, prepared.thumbnail.content_type)
    assert key != other_key
    # A different engine stands in for another app replica on the same database.
    from data_layer.db import make_engine, make_session_factory

    replica = make_engine(db.url)
    try:
        with make_session_factory(replica)() as session:
            store = DatabasePhotoStore(session)
            assert store.get(key) == prepared.image.data
            assert store.get(other_key) == prepared.thumbnail.data
            assert store.get("no-such-key") is None
    finally:
        replica.dispose()


def test_expensive_modes_get_a_quarter_of_the_pixel_budget():
    # Issue 8, finding 5: a 154 KB PNG of 6300 x 6300 RGBA passed the 40 Mpx
    # limit and cost 549 MB and 2.7 s to decode and flatten. Scaled down here.
    settings = Settings(_env_file=None, photo_max_pixels=4_000_000)
    rgba = _save(Image.new("RGBA", (1900, 1900), (10, 20, 30, 128)), "PNG")
    assert _rejection(rgba, "transparan.png", settings).code == "bomb"
    sixteen_bit = _save(Image.new("I;16", (1900, 1900), 1000), "PNG")
    assert _rejection(sixteen_bit, "enambelas.png", settings).code == "bomb"
    # The same size in 8-bit RGB is fine, and so is RGBA within a quarter.
    prepare_photo(_save(Image.new("RGB", (1900, 1900), "gray"), "PNG"), "a.png", settings=settings)
    prepare_photo(_save(Image.new("RGBA", (1000, 1000)), "PNG"), "b.png", settings=settings)


def test_only_a_few_photos_are_decoded_at_once_process_wide():
    # Eight sessions uploading at the same moment: never more than
    # PHOTO_DECODES_AT_ONCE decodes run together.
    running, peak = 0, 0
    lock = threading.Lock()
    original = photos._prepare

    def counting(*args, **kwargs):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    photos._prepare = counting
    try:
        raw = _noise_jpeg((1600, 1200))
        threads = [
            threading.Thread(
                target=prepare_photo, args=(raw, "f.jpg"), kwargs={"settings": SETTINGS}
            )
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        photos._prepare = original
    assert 1 <= peak <= PHOTO_DECODES_AT_ONCE


def test_the_server_upload_limit_is_the_photo_limit():
    # Issue 8, finding 5: Streamlit's default 200 MB let a client PUT 60 MB files.
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == SETTINGS.photo_max_bytes // 2**20
