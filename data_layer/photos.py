"""Photo validation, re-encoding and storage.

Uploaded bytes are never stored or served as they came: each photo is decoded
with Pillow, checked, rotated upright, stripped of every piece of metadata
(EXIF, GPS, XMP, ICC comments), shrunk to at most `photo_max_side` pixels and
re-encoded, with a thumbnail beside it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Protocol

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.config import Settings
from data_layer.cpu_guards import ServerBusy, photo_decode_slot
from data_layer.models import PhotoBlob

# What a citizen may upload, by the format Pillow finds inside the file, with
# the file extensions that honestly name it.
ACCEPTED_FORMATS: dict[str, frozenset[str]] = {
    "JPEG": frozenset({".jpg", ".jpeg", ".jfif"}),
    "PNG": frozenset({".png"}),
    "WEBP": frozenset({".webp"}),
}
ACCEPTED_EXTENSIONS = sorted(ext.lstrip(".") for exts in ACCEPTED_FORMATS.values() for ext in exts)
CONTENT_TYPES = {"JPEG": "image/jpeg", "WEBP": "image/webp"}
# Many phone cameras write JPEGs with a multi-picture extension, which Pillow
# reports as "MPO"; to the citizen (and for our checks) they are JPEGs.
_FORMAT_ALIASES = {"MPO": "JPEG"}


class PhotoRejected(ValueError):
    """A photo that cannot be accepted. `code` selects the message shown to the citizen."""

    def __init__(self, code: str, filename: str = "", **details) -> None:
        super().__init__(f"{code}: {filename}")
        self.code = code
        self.filename = filename
        self.details = details


@dataclass(frozen=True)
class EncodedImage:
    data: bytes
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class PreparedPhoto:
    image: EncodedImage
    thumbnail: EncodedImage


def prepare_photo(raw: bytes, filename: str, *, settings: Settings) -> PreparedPhoto:
    """Validate and re-encode one uploaded photo, or raise PhotoRejected.

    Only `PHOTO_DECODES_AT_ONCE` photos are decoded at a time in the whole
    process (data_layer.cpu_guards); past a wait, the photo is refused as "busy".
    """
    if len(raw) > settings.photo_max_bytes:
        raise PhotoRejected("too_large", filename, limit_mb=settings.photo_max_bytes // 2**20)
    if not raw:
        raise PhotoRejected("not_image", filename)
    try:
        with photo_decode_slot():
            return _prepare(raw, filename, settings=settings)
    except ServerBusy as exc:
        raise PhotoRejected("busy", filename) from exc


def _prepare(raw: bytes, filename: str, *, settings: Settings) -> PreparedPhoto:
    image = _decode(raw, filename, settings=settings)
    image = ImageOps.exif_transpose(image)
    image = _flatten(image)
    full = image.copy()
    full.thumbnail((settings.photo_max_side, settings.photo_max_side), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail(
        (settings.photo_thumb_side, settings.photo_thumb_side), Image.Resampling.LANCZOS
    )
    return PreparedPhoto(
        image=_encode(full, settings.photo_format),
        thumbnail=_encode(thumb, settings.photo_format),
    )


def _decode(raw: bytes, filename: str, *, settings: Settings) -> Image.Image:
    extension = _extension(filename)
    if extension and not any(extension in exts for exts in ACCEPTED_FORMATS.values()):
        raise PhotoRejected("bad_type", filename)
    # Our own pixel limit, checked from the header before any pixel is decoded.
    # (Pillow's global Image.MAX_IMAGE_PIXELS is left alone: changing it per call
    # would leak into every other thread and every other use of Pillow; beyond
    # twice its default, Pillow refuses by itself, caught below.)
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            _check_header(probe, filename, extension, settings=settings)
            probe.verify()  # structure check without decoding pixels
        image = Image.open(io.BytesIO(raw))
        _decode_at_reduced_size(image, settings.photo_max_side)
        image.load()  # full decode: catches truncated files
    except PhotoRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoRejected("bomb", filename) from exc
    except UnidentifiedImageError as exc:
        raise PhotoRejected("not_image", filename) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoRejected("corrupt", filename) from exc
    return image


def _decode_at_reduced_size(image: Image.Image, max_side: int) -> None:
    """Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding.

    A 12-megapixel phone photo is stored at most `max_side` pixels wide, so
    decoding every pixel first is wasted work (about 4x slower). The decoder
    still reads the whole stream, so truncated files are refused as before.
    """
    if image.format not in ("JPEG", "MPO"):
        return
    width, height = image.size
    scale = min(1.0, max_side / max(width, height))
    image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))


def _check_header(probe: Image.Image, filename: str, extension: str, *, settings: Settings) -> None:
    """Type, name and size from the header alone, before any pixel is decoded."""
    found = _FORMAT_ALIASES.get(probe.format or "", probe.format)
    if found not in ACCEPTED_FORMATS:
        raise PhotoRejected("bad_type", filename)
    if extension and extension not in ACCEPTED_FORMATS[found]:
        raise PhotoRejected("mismatch", filename, found=found)
    width, height = probe.size
    if width * height > pixel_budget(found, probe.mode, settings=settings):
        raise PhotoRejected("bomb", filename, pixels=width * height)


# Modes that cost several times an 8-bit RGB picture to decode and flatten:
# alpha (converted to RGBA and pasted on white), palettes (expanded), more than
# 8 bits per channel. A 154 KB PNG of 6300 x 6300 RGBA passed the plain pixel
# limit and took 549 MB and 2.7 s (issue 8, finding 5).
_EXPENSIVE_MODES = frozenset({"RGBA", "LA", "PA", "P", "I", "I;16", "I;16B", "I;16L", "F", "RGBa"})


def pixel_budget(image_format: str, mode: str, *, settings: Settings) -> int:
    """The most pixels a photo of this format and mode may have: a quarter of
    `photo_max_pixels` for modes with alpha, palettes or 16-bit channels (about
    four times the memory and time of 8-bit RGB), the whole limit otherwise."""
    del image_format  # every accepted format decodes these modes at the same cost
    if mode in _EXPENSIVE_MODES:
        return settings.photo_max_pixels // 4
    return settings.photo_max_pixels


def _extension(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no alpha, and palette images must be expanded."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str) -> EncodedImage:
    # A fresh image built from the pixels alone, so that no metadata (EXIF, GPS,
    # XMP, comments, ICC) can ride along into what we publish.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format=fmt, quality=82, optimize=True)
    return EncodedImage(buffer.getvalue(), CONTENT_TYPES[fmt], clean.width, clean.height)


class PhotoStore(Protocol):
    """Where photo bytes live. The default keeps them in the shared database so
    every app replica sees the same photos; object storage can implement this too."""

    def put(self, data: bytes, content_type: str) -> str: ...

    def get(self, key: str) -> bytes | None: ...


PHOTO_URL_PREFIX = "/foto/"


def photo_path(key: str) -> str:
    """Where a stored photo or thumbnail is served over HTTP (api/photos.py)."""
    return PHOTO_URL_PREFIX + key


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DatabasePhotoStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def put(self, data: bytes, content_type: str) -> str:
        # Content-addressed: the key is the SHA-256 of the bytes, so a photo's
        # URL (/foto/KEY) can be cached for ever by browsers and proxies, and
        # the same picture stored twice is one blob.
        key = content_key(data)
        if self._session.get(PhotoBlob, key) is None:
            self._session.add(PhotoBlob(key=key, content_type=content_type, data=data))
        return key

    def get(self, key: str) -> bytes | None:
        return self._session.scalar(select(PhotoBlob.data).where(PhotoBlob.key == key))
