"""The submission receipt as a PNG image a citizen can keep in their phone's gallery.

The caller supplies every text in the visitor's language; this module only
draws. Pillow's bundled font (no system font is needed) covers the Latin
letters, digits and punctuation of the receipt.
"""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

WIDTH = 720
MARGIN = 40
INK = (20, 24, 31)
MUTED = (75, 85, 99)
ACCENT = (15, 118, 110)
WRAP_CHARS = 44


def receipt_png(title: str, rows: list[tuple[str, str]], footer: str) -> bytes:
    """A tall white card: the title, then each (label, value) with the value large."""
    title_font = _font(34)
    label_font = _font(22)
    value_font = _font(40)
    small_font = _font(20)
    # Each block: (text, font, colour, space after)
    blocks: list[tuple[str, ImageFont.FreeTypeFont, tuple[int, int, int], int]] = [
        (line, title_font, ACCENT, 6) for line in textwrap.wrap(title, 34)
    ]
    blocks[-1] = (*blocks[-1][:3], 28)
    for label, value in rows:
        blocks.append((label, label_font, MUTED, 6))
        font = value_font if len(value) <= 16 else label_font
        width = 18 if font is value_font else WRAP_CHARS
        wrapped = textwrap.wrap(value, width, break_on_hyphens=False) or [""]
        for index, line in enumerate(wrapped):
            blocks.append((line, font, INK, 24 if index == len(wrapped) - 1 else 4))
    for line in textwrap.wrap(footer, 56):
        blocks.append((line, small_font, MUTED, 4))
    heights = [_line_height(font) + after for _, font, _, after in blocks]
    image = Image.new("RGB", (WIDTH, 2 * MARGIN + sum(heights)), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH - 1, 10), fill=ACCENT)
    y = MARGIN
    for (text, font, colour, _), height in zip(blocks, heights, strict=True):
        draw.text((MARGIN, y), text, font=font, fill=colour)
        y += height
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    # Pillow's wheels ship FreeType; without it load_default ignores the size.
    if not isinstance(font, ImageFont.FreeTypeFont):
        raise RuntimeError("Pillow was built without FreeType: the receipt needs it")
    return font


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return ascent + descent
