"""Front-end files pre-compressed once for nginx to serve from disk.

Streamlit sends its 20+ MB of JavaScript uncompressed. nginx compresses on the fly,
but the largest chunk (plotly, 4.7 MB) at brotli's best quality takes seconds of CPU:
too slow per request, fine once per Streamlit version. So the launcher copies the
installed package's `static/` directory next to `.br` (quality 11) and `.gz`
(level 9) twins, and nginx serves them with `brotli_static` / `gzip_static`,
falling back to the replicas for anything missing.

The map's files (our self-hosted Leaflet under /app/static/, the streamlit-folium
component's scripts) are small: they are copied and compressed on every start, so a
`make assets` or an upgraded component is picked up by the next start. The app's own
gzip of them is 10-20 % bigger than brotli at quality 11.

Streamlit's icon font (Material Symbols, 375 kB, loaded by every page) holds 4,000
icons; the frontend and the app use a few hundred at most. Every start writes a subset
(about 50 kB) with every icon named in Streamlit's scripts or in our pages, and nginx
serves it at the font's own URL. An icon left out would show as its name in letters,
so the subset errs on the side of too many, and is cached for a day, not a year.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import brotli
import streamlit
import streamlit_folium
from fontTools import subset
from fontTools.ttLib import TTFont

REPO_ROOT = Path(__file__).resolve().parents[1]
# Outside the work tree: nginx's workers (`nobody` under a root master) must read it, and a
# clone under a private home directory would hide it from them.
CACHE_DIR = Path(tempfile.gettempdir()) / "pantau-nginx-static"
COMPRESSIBLE = {".js", ".css", ".html", ".json", ".svg", ".txt", ".ttf", ".otf", ".eot", ".map"}
MIN_BYTES = 1024


# URL prefix -> directory served there; only files a page loads as scripts and styles
# (the component's index.html stays with the app, which adds its framing headers).
def map_asset_dirs() -> dict[str, Path]:
    component = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "static"
    return {
        "app/static": REPO_ROOT / "static",
        "component/streamlit_folium.st_folium/static": component,
    }


def prepare_assets(root: Path) -> Path:
    """The map's files with twins and the icon font subset, under `root` (URL paths as
    directories); rebuilt on every start."""
    shutil.rmtree(root, ignore_errors=True)
    write_icon_font_subset(root)
    for prefix, source in map_asset_dirs().items():
        if not source.is_dir():
            continue  # no assets fetched: the app falls back to CDNs and says so
        target = root / prefix
        shutil.copytree(source, target)  # follows symlinks (a work tree's shared vendor/)
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.suffix in COMPRESSIBLE:
                compress_beside(path)
    root.mkdir(parents=True, exist_ok=True)
    readable_by_all(root)
    return root


def readable_by_all(root: Path) -> None:
    """nginx's workers (`nobody` when the master runs as root) read these files."""
    root.chmod(0o755)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


ICON_FONT_GLOB = "MaterialSymbols-*.woff2"
# `:material/name:` in our code; in Streamlit's scripts any quoted word that names an icon.
APP_ICON = re.compile(r":material/([a-z0-9_]+):")
SCRIPT_WORD = re.compile(r"[`\"':/]([a-z][a-z0-9_]*)[`\"':]")


def icon_names(font_glyphs: set[str]) -> set[str]:
    names: set[str] = set()
    for script in (streamlit_static_dir() / "static" / "js").glob("*.js"):
        names |= set(SCRIPT_WORD.findall(script.read_text(errors="ignore")))
    for source in [REPO_ROOT / "app.py", *(REPO_ROOT / "pages").rglob("*.py")]:
        names |= set(APP_ICON.findall(source.read_text()))
    for source in (REPO_ROOT / "ui").rglob("*.py"):
        names |= set(APP_ICON.findall(source.read_text()))
    return {name for name in names if name in font_glyphs}


def write_icon_font_subset(root: Path) -> Path | None:
    """The icon font cut down to the icons in use, at Streamlit's URL path under `root`."""
    fonts = sorted((streamlit_static_dir() / "static" / "media").glob(ICON_FONT_GLOB))
    if not fonts:
        return None
    source = fonts[0]
    font = TTFont(source)
    glyphs = set(font.getGlyphOrder())
    keep = icon_names(glyphs)
    keep |= {f"{name}.fill" for name in keep if f"{name}.fill" in glyphs}
    options = subset.Options()
    # Ligatures turn the letters of a name into its icon: keep only the rules whose
    # icon is kept, rather than every icon the letters could spell.
    options.layout_closure = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=sorted(keep), text="abcdefghijklmnopqrstuvwxyz0123456789_")
    subsetter.subset(font)
    packed = io.BytesIO()
    font.flavor = "woff2"
    font.save(packed)
    target = root / "static" / "media" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(packed.getvalue())
    return target


def streamlit_static_dir() -> Path:
    return Path(streamlit.__file__).parent / "static"


def prepare_static_root(cache_dir: Path = CACHE_DIR) -> Path:
    """A directory holding `static/...` exactly as Streamlit serves it, plus compressed
    twins; built once per Streamlit version (atomically: parallel starts are safe)."""
    target = cache_dir / f"streamlit-{streamlit.__version__}"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=cache_dir))
    try:
        shutil.copytree(streamlit_static_dir(), building, dirs_exist_ok=True)
        for path in sorted(building.rglob("*")):
            if path.is_file() and path.suffix in COMPRESSIBLE:
                compress_beside(path)
        readable_by_all(building)  # mkdtemp makes it 0700
        try:
            os.rename(building, target)
        except OSError:
            if not target.exists():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def compress_beside(path: Path) -> None:
    """Write `path`.br and `path`.gz when that saves anything worth having."""
    data = path.read_bytes()
    if len(data) < MIN_BYTES:
        return
    for suffix, packed in (
        (".br", brotli.compress(data, quality=11)),
        (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
    ):
        if len(packed) < len(data) * 0.9:
            twin = path.with_name(path.name + suffix)
            twin.write_bytes(packed)
            # nginx's gzip_static/brotli_static need the twin no older than the file.
            stat = path.stat()
            os.utime(twin, ns=(stat.st_atime_ns, stat.st_mtime_ns))
