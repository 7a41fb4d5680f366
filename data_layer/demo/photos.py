"""Before and after photos: a drawn sample, a shared pool for the rest, content-addressed blobs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from data_layer.config import Settings
from data_layer.demo.calibration import (
    BEFORE_PHOTO_SHARE,
    CHANNELS,
    POOL_VARIANTS,
)
from data_layer.demo.drawing import SCENES, draw_demo_photo, scene_for
from data_layer.demo.generate import Data
from data_layer.demo.reference import Reference
from data_layer.demo.workflow import (
    status_code,
)
from data_layer.photos import PreparedPhoto, prepare_photo
from data_layer.states import (
    Kind,
    PhotoKind,
)
from data_layer.states import Status as S
from data_layer.tickets import format_ticket_code


@dataclass
class Photos:
    report_index: np.ndarray
    kind: np.ndarray
    image_key: np.ndarray
    thumb_key: np.ndarray
    width: np.ndarray
    height: np.ndarray
    byte_size: np.ndarray
    history_id: np.ndarray
    created_at: np.ndarray
    content_type: str
    blobs: dict[str, tuple[str, bytes]]  # key -> (content type, bytes)


@dataclass(frozen=True)
class StoredImage:
    """One prepared picture (full size and thumbnail) with its content-addressed blob keys."""

    image_key: str
    thumb_key: str
    width: int
    height: int
    byte_size: int
    blobs: tuple[tuple[str, str, bytes], ...]  # (key, content type, bytes)


def _stored(prepared: PreparedPhoto) -> StoredImage:
    image, thumb = prepared.image, prepared.thumbnail
    image_key = _blob_key(image.data)
    thumb_key = _blob_key(thumb.data)
    return StoredImage(
        image_key,
        thumb_key,
        image.width,
        image.height,
        len(image.data),
        ((image_key, image.content_type, image.data), (thumb_key, thumb.content_type, thumb.data)),
    )


def _blob_key(data: bytes) -> str:
    # From the content: deterministic, and identical pictures share one blob.
    # As long as the uuid4 hex keys of DatabasePhotoStore, and as unlikely to clash.
    return "demo" + hashlib.sha256(data).hexdigest()[:28]


_POOL_CACHE: dict[tuple, list[StoredImage]] = {}


def picture_pool(settings: Settings) -> list[StoredImage]:
    """The shared demo pictures, ordered by (scene, variant, after); prepared once per process."""
    cache_key = (settings.photo_format, settings.photo_max_side, settings.photo_thumb_side)
    if cache_key not in _POOL_CACHE:
        _POOL_CACHE[cache_key] = [
            _stored(
                prepare_photo(
                    draw_demo_photo(scene, after=after, variant=variant),
                    "demo.jpg",
                    settings=settings,
                )
            )
            for scene in SCENES
            for variant in range(POOL_VARIANTS)
            for after in (False, True)
        ]
    return _POOL_CACHE[cache_key]


def choose_photos(
    data: Data,
    reference: Reference,
    pool: list[StoredImage],
    *,
    settings: Settings,
    seed: int,
    sample: int,
) -> Photos:
    """Before photos for many complaints, an after photo for every resolved one.

    An aduan may only be resolved with an after photo, so every aduan that reached
    selesai gets one, linked to its first selesai: a freshly drawn pair for the
    sample, a shared pool picture for the rest.
    """
    rng = np.random.default_rng([seed, 1])
    history = data.history
    aduan = data.kind == Kind.ADUAN.value
    first_row = history.first_row
    # Rows are ordered by report, then time: a report's first selesai row is the one
    # not preceded by another selesai row of the same report.
    resolved_rows = np.flatnonzero(history.to_status == status_code(S.SELESAI))
    of_report = history.report_index[resolved_rows]
    first = np.concatenate([[True], of_report[1:] != of_report[:-1]])
    resolved_row = np.full(data.n, -1, dtype=np.int64)
    resolved_row[of_report[first]] = resolved_rows[first]
    needs_after = aduan & (resolved_row >= 0)

    eligible = np.flatnonzero(needs_after & ~data.confidential)
    sampled = np.sort(rng.choice(eligible, size=min(sample, len(eligible)), replace=False))
    before_share = np.array([BEFORE_PHOTO_SHARE.get(c, 0.0) for c in CHANNELS])[data.channel]
    has_before = aduan & (rng.random(data.n) < before_share)
    has_before[sampled] = True

    # Every picture is an entry: the pool first, then the sample's own pairs.
    entries = list(pool)
    scene_index = {scene: i for i, scene in enumerate(SCENES)}
    scene = np.array([scene_index[scene_for(code)] for code in reference.category_codes])[
        data.category_index
    ]
    pool_entry = (scene * POOL_VARIANTS + rng.integers(POOL_VARIANTS, size=data.n)) * 2
    before_entry, after_entry = pool_entry.copy(), pool_entry + 1
    for index in sampled.tolist():
        label = format_ticket_code(data.tickets[index])
        for is_after, target in ((False, before_entry), (True, after_entry)):
            raw = draw_demo_photo(
                SCENES[scene[index]], after=is_after, variant=1000 + index, label=label
            )
            target[index] = len(entries)
            entries.append(_stored(prepare_photo(raw, "demo.jpg", settings=settings)))

    before = np.flatnonzero(has_before)
    after = np.flatnonzero(needs_after)
    report_index = np.concatenate([before, after])
    entry = np.concatenate([before_entry[before], after_entry[after]])
    history_row = np.concatenate([first_row[before], resolved_row[after]])
    order = np.lexsort((np.arange(len(report_index)), report_index))  # by report, before first
    report_index, entry, history_row = report_index[order], entry[order], history_row[order]
    kinds = np.array(
        [PhotoKind.BEFORE.value] * len(before) + [PhotoKind.AFTER.value] * len(after), dtype=object
    )[order]

    used = np.unique(entry).tolist()
    blobs = {key: (content_type, raw) for i in used for key, content_type, raw in entries[i].blobs}

    def attribute(name: str, dtype) -> np.ndarray:
        return np.array([getattr(e, name) for e in entries], dtype=dtype)[entry]

    return Photos(
        report_index=report_index,
        kind=kinds,
        image_key=attribute("image_key", object),
        thumb_key=attribute("thumb_key", object),
        width=attribute("width", np.int64),
        height=attribute("height", np.int64),
        byte_size=attribute("byte_size", np.int64),
        history_id=history.ids[history_row],
        created_at=history.at[history_row],
        content_type=entries[0].blobs[0][1],
        blobs=blobs,
    )
