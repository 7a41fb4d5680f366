"""Before/after photos for demo reports, drawn with Pillow and clearly marked as demo.

Every picture carries a large diagonal "DEMO" watermark and a caption saying it
is not a real photo, so no screenshot of the demo can be mistaken for evidence.
The scenes are simple drawings chosen by the report's category.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 640, 480
HORIZON = 190
CAPTION = "FOTO DEMO - bukan foto asli"
STAGE_LABELS = {False: "SEBELUM", True: "SESUDAH"}

# Which drawing each category gets; categories not listed get the generic scene.
SCENE_OF_CATEGORY = {
    "jalan_rusak": "road",
    "trotoar": "road",
    "drainase": "drain",
    "banjir_rob": "flood",
    "lampu_pju": "light",
    "pohon": "tree",
    "taman": "tree",
    "sampah": "rubbish",
    "pencemaran": "rubbish",
    "pasar": "rubbish",
    "parkir": "traffic",
    "lalu_lintas": "traffic",
    "angkutan_umum": "traffic",
    "cctv": "traffic",
    "pkl": "vendors",
    "ketertiban": "vendors",
    "air_bersih": "water",
    "bencana": "wall",
    "bangunan": "wall",
    "kebakaran": "wall",
}
SCENES = (
    "road",
    "drain",
    "flood",
    "light",
    "tree",
    "rubbish",
    "traffic",
    "vendors",
    "water",
    "wall",
    "generic",
)


def scene_for(category_code: str) -> str:
    return SCENE_OF_CATEGORY.get(category_code, "generic")


def draw_demo_photo(scene: str, *, after: bool, variant: int, label: str = "") -> bytes:
    """A JPEG of `scene` before or after the fix; `variant` seeds the small differences."""
    # Seeded by scene and variant only, so before and after show the same place.
    rnd = random.Random(f"{scene}:{variant}")  # noqa: S311 - drawing, not security
    night = scene == "light"
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    _background(draw, rnd, night=night)
    _SCENE_DRAWERS.get(scene, _generic)(draw, rnd, after)
    image = _watermark(image, after=after, label=label)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _background(draw: ImageDraw.ImageDraw, rnd: random.Random, *, night: bool) -> None:
    sky = (20, 28, 60) if night else (120 + rnd.randint(0, 40), 170 + rnd.randint(0, 30), 225)
    draw.rectangle((0, 0, WIDTH, HORIZON), fill=sky)
    ground = (60, 70, 55) if night else (110 + rnd.randint(0, 30), 140 + rnd.randint(0, 20), 90)
    draw.rectangle((0, HORIZON, WIDTH, HEIGHT), fill=ground)
    for _ in range(rnd.randint(2, 4)):  # houses on the horizon
        x = rnd.randint(0, WIDTH - 120)
        w, h = rnd.randint(70, 130), rnd.randint(50, 90)
        wall = (70, 70, 80) if night else (rnd.randint(180, 240), rnd.randint(150, 210), 150)
        draw.rectangle((x, HORIZON - h, x + w, HORIZON), fill=wall)
        draw.polygon(
            [(x - 8, HORIZON - h), (x + w // 2, HORIZON - h - 35), (x + w + 8, HORIZON - h)],
            fill=(150, 60, 40),
        )


def _road(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon([(250, HORIZON), (390, HORIZON), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(95, 95, 100))
    for y in range(HORIZON + 20, HEIGHT, 60):
        half = 2 + (y - HORIZON) // 40
        draw.rectangle((320 - half, y, 320 + half, y + 25), fill=(235, 235, 235))


def _scene_road(draw, rnd, after):
    _road(draw)
    for _ in range(rnd.randint(3, 5)):
        x, y = rnd.randint(80, 520), rnd.randint(HORIZON + 80, HEIGHT - 60)
        w, h = rnd.randint(50, 110), rnd.randint(20, 40)
        if after:
            draw.rectangle((x - 6, y - 4, x + w + 6, y + h + 4), fill=(55, 55, 60))  # fresh patch
        else:
            draw.ellipse((x, y, x + w, y + h), fill=(45, 40, 35))
            draw.ellipse((x + 8, y + 6, x + w - 8, y + h - 4), fill=(90, 110, 130))  # water


def _scene_drain(draw, rnd, after):
    draw.rectangle((0, 300, WIDTH, 380), fill=(80, 80, 80))
    water = (70, 120, 160) if after else (110, 90, 50)
    draw.rectangle((0, 315, WIDTH, 370), fill=water)
    if not after:
        for _ in range(25):
            x, y = rnd.randint(0, WIDTH - 30), rnd.randint(312, 355)
            draw.rectangle(
                (x, y, x + rnd.randint(10, 30), y + 10),
                fill=(rnd.randint(150, 255), rnd.randint(50, 200), rnd.randint(50, 200)),
            )


def _scene_flood(draw, rnd, after):
    _road(draw)
    if not after:
        draw.rectangle((0, HORIZON + 40 + rnd.randint(0, 30), WIDTH, HEIGHT), fill=(120, 105, 70))
        for y in range(HORIZON + 70, HEIGHT, 25):
            draw.line(
                (rnd.randint(0, 200), y, rnd.randint(300, WIDTH), y), fill=(150, 135, 100), width=2
            )


def _scene_light(draw, rnd, after):
    _road(draw)
    for x in (120, 500):
        draw.rectangle((x, 90, x + 8, HEIGHT - 40), fill=(120, 120, 130))
        draw.rectangle((x - 30, 82, x + 8, 92), fill=(120, 120, 130))
        if after:
            draw.ellipse((x - 90, 70, x + 30, 190), fill=(90, 90, 50))
            draw.ellipse((x - 40, 88, x - 10, 102), fill=(255, 240, 150))
        else:
            draw.ellipse((x - 40, 88, x - 10, 102), fill=(60, 60, 60))


def _scene_tree(draw, rnd, after):
    _road(draw)
    if after:
        draw.rectangle((40, 300, 75, 340), fill=(110, 75, 40))  # stump beside the road
    else:
        draw.polygon(
            [(30, 330), (600, 250 + rnd.randint(0, 40)), (610, 275), (40, 360)], fill=(100, 70, 35)
        )
        for _ in range(6):
            x, y = rnd.randint(300, 620), rnd.randint(200, 330)
            draw.ellipse((x - 50, y - 35, x + 50, y + 35), fill=(40, 120 + rnd.randint(0, 40), 40))


def _scene_rubbish(draw, rnd, after):
    draw.rectangle((0, 300, WIDTH, HEIGHT), fill=(150, 140, 120))
    if after:
        draw.rectangle((480, 260, 540, 350), fill=(30, 120, 60))  # a bin
        draw.rectangle((475, 250, 545, 262), fill=(20, 90, 45))
    else:
        for _ in range(40):
            x, y = rnd.randint(120, 480), rnd.randint(280, 400)
            r = rnd.randint(15, 35)
            draw.ellipse(
                (x - r, y - r, x + r, y + r),
                fill=(rnd.randint(20, 240), rnd.randint(20, 240), rnd.randint(20, 240)),
            )


def _scene_traffic(draw, rnd, after):
    _road(draw)
    x = 520
    if after:
        draw.rectangle((x, 130, x + 10, 400), fill=(90, 90, 90))
        draw.rectangle((x - 20, 110, x + 30, 200), fill=(30, 30, 30))
        for i, color in enumerate(((200, 30, 30), (60, 60, 60), (60, 60, 60))):
            draw.ellipse((x - 8, 118 + i * 27, x + 18, 142 + i * 27), fill=color)
    else:
        draw.line((x, 400, x + 120, 250), fill=(90, 90, 90), width=10)  # knocked over
        draw.rectangle((x + 100, 215, x + 150, 260), fill=(30, 30, 30))
    for _ in range(2 if after else 5):
        cx = rnd.randint(40, 400)
        draw.rectangle((cx, 380, cx + 110, 430), fill=(rnd.randint(50, 250), 40, 40))


def _scene_vendors(draw, rnd, after):
    draw.rectangle((0, 300, WIDTH, 360), fill=(190, 180, 160))  # pavement
    if not after:
        for i in range(4):
            x = 40 + i * 150
            draw.rectangle((x, 250, x + 110, 330), fill=(rnd.randint(100, 255), 90, 60))
            draw.polygon([(x - 10, 250), (x + 55, 215), (x + 120, 250)], fill=(40, 90, 170))


def _scene_water(draw, rnd, after):
    draw.rectangle((0, 330, WIDTH, 360), fill=(70, 110, 170))  # pipe
    if after:
        draw.rectangle((290, 322, 350, 368), fill=(60, 60, 60))  # clamp
    else:
        for _ in range(30):
            x, y = 320 + rnd.randint(-60, 60), 320 - rnd.randint(0, 110)
            draw.ellipse((x, y, x + 8, y + 12), fill=(150, 200, 240))


def _scene_wall(draw, rnd, after):
    draw.rectangle((80, 120, 560, 420), fill=(205, 195, 175))
    if not after:
        x, y = 300, 120
        while y < 420:
            nx, ny = x + rnd.randint(-40, 40), y + rnd.randint(20, 50)
            draw.line((x, y, nx, ny), fill=(60, 50, 40), width=4)
            x, y = nx, ny


def _generic(draw, rnd, after):
    draw.rectangle((200, 150, 440, 430), fill=(245, 245, 240))
    for y in range(180, 400, 30):
        draw.line((225, y, 415, y), fill=(170, 170, 170), width=3)
    mark = "OK" if after else "?"
    draw.text(
        (320, 290),
        mark,
        fill=(30, 130, 60) if after else (200, 40, 40),
        font=_font(90),
        anchor="mm",
    )


_SCENE_DRAWERS: dict[str, Callable[[ImageDraw.ImageDraw, random.Random, bool], None]] = {
    "road": _scene_road,
    "drain": _scene_drain,
    "flood": _scene_flood,
    "light": _scene_light,
    "tree": _scene_tree,
    "rubbish": _scene_rubbish,
    "traffic": _scene_traffic,
    "vendors": _scene_vendors,
    "water": _scene_water,
    "wall": _scene_wall,
    "generic": _generic,
}


@lru_cache(maxsize=1)
def _demo_layer() -> Image.Image:
    """The diagonal "DEMO" watermark, drawn once per process."""
    layer = Image.new("RGBA", (WIDTH, WIDTH), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text(
        (WIDTH // 2, WIDTH // 2),
        "DEMO",
        fill=(255, 255, 255, 120),
        font=_font(170),
        anchor="mm",
        stroke_width=4,
        stroke_fill=(200, 0, 0, 140),
    )
    layer = layer.rotate(25, resample=Image.Resampling.BICUBIC)
    top = (WIDTH - HEIGHT) // 2
    return layer.crop((0, top, WIDTH, top + HEIGHT))


def _watermark(image: Image.Image, *, after: bool, label: str) -> Image.Image:
    base = image.convert("RGBA")
    base.alpha_composite(_demo_layer())
    draw = ImageDraw.Draw(base)
    draw.rectangle((0, HEIGHT - 44, WIDTH, HEIGHT), fill=(0, 0, 0, 255))
    draw.text((12, HEIGHT - 22), CAPTION, fill=(255, 255, 255), font=_font(22), anchor="lm")
    stage_color = (30, 140, 70) if after else (200, 50, 40)
    draw.rectangle((0, 0, 150, 40), fill=stage_color)
    draw.text((75, 20), STAGE_LABELS[after], fill=(255, 255, 255), font=_font(24), anchor="mm")
    if label:
        draw.text(
            (WIDTH - 12, 20),
            label,
            fill=(255, 255, 255),
            font=_font(20),
            anchor="rm",
            stroke_width=2,
            stroke_fill=(0, 0, 0),
        )
    return base.convert("RGB")
