"""Put the map's front-end assets into static/vendor/, from package registries, at setup time.

Folium loads Leaflet and its plugins from public CDNs. A transparency site should not hand
its visitors' addresses to third parties, and some networks block CDNs, so the app serves
these files itself (Streamlit static serving: ./static/ is /app/static/). Nothing here is
committed: the versions are pinned in package.json and package-lock.json (installed with
`npm ci`) and in requirements.txt (folium ships the patched Leaflet.heat it was written for).

Without npm the app still works, loading the same libraries from folium's CDN URLs; this
script says so and exits 0, except under CI=true or with --strict, where it fails.

Run it with the project's virtualenv Python (`make assets` does), since it reads folium's
installed package.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
MANIFEST_NAME = "manifest.json"
LOCK_FILE = REPO_ROOT / "package-lock.json"
NODE_MODULES = REPO_ROOT / "node_modules"


@dataclass(frozen=True)
class Asset:
    """One file (or a folder of files) copied from an installed package into static/vendor/."""

    origin: str  # "npm" (node_modules) or "folium" (the installed Python package)
    source: str  # path inside the package
    target: str  # path under static/vendor/


ASSETS = (
    Asset("npm", "leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    Asset("npm", "leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    # leaflet.css refers to these by relative URL (layer switcher, default marker).
    Asset("npm", "leaflet/dist/images", "leaflet/images"),
    Asset("npm", "leaflet/LICENSE", "leaflet/LICENSE"),
    Asset(
        "npm",
        "leaflet.markercluster/dist/leaflet.markercluster.js",
        "leaflet.markercluster/leaflet.markercluster.js",
    ),
    Asset(
        "npm",
        "leaflet.markercluster/dist/MarkerCluster.css",
        "leaflet.markercluster/MarkerCluster.css",
    ),
    Asset(
        "npm",
        "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "leaflet.markercluster/MarkerCluster.Default.css",
    ),
    Asset("npm", "leaflet.markercluster/MIT-LICENCE.txt", "leaflet.markercluster/LICENSE"),
    # The location picker's "use my location" button; its icons are inline in the CSS.
    Asset(
        "npm",
        "leaflet.locatecontrol/dist/L.Control.Locate.min.js",
        "leaflet.locatecontrol/L.Control.Locate.min.js",
    ),
    Asset(
        "npm",
        "leaflet.locatecontrol/dist/L.Control.Locate.min.css",
        "leaflet.locatecontrol/L.Control.Locate.min.css",
    ),
    Asset("npm", "leaflet.locatecontrol/LICENSE.md", "leaflet.locatecontrol/LICENSE"),
    # Folium's HeatMap template expects its own copy of Leaflet.heat 0.2.0, patched for
    # weighted points (Leaflet.heat PR #78); the npm release lacks that patch.
    Asset("folium", "templates/leaflet_heat.min.js", "leaflet.heat/leaflet-heat.js"),
)

NPM_PACKAGES = ("leaflet", "leaflet.markercluster", "leaflet.locatecontrol")


class AssetsUnavailable(Exception):
    """The assets cannot be fetched on this machine (no npm, no registry, no folium)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail when the assets cannot be fetched (default under CI=true)",
    )
    parser.add_argument("--force", action="store_true", help="fetch even if up to date")
    args = parser.parse_args(argv)
    strict = args.strict or os.environ.get("CI", "").lower() == "true"

    fingerprint = current_fingerprint()
    if not args.force and is_up_to_date(fingerprint):
        print(f"front-end assets up to date in {VENDOR_DIR.relative_to(REPO_ROOT)}/")
        return 0
    try:
        install_npm_packages()
        manifest = copy_assets(fingerprint)
    except AssetsUnavailable as exc:
        print(f"fetch_assets: {exc}", file=sys.stderr)
        if strict:
            print(
                "fetch_assets: refusing to fall back to CDNs (CI=true or --strict)", file=sys.stderr
            )
            return 1
        print(
            "fetch_assets: the app will still run, but the map will load Leaflet from public "
            "CDNs and stay blank without internet access. Install Node.js and npm, then run "
            "`make assets` to serve them from the app itself.",
            file=sys.stderr,
        )
        return 0
    versions = ", ".join(f"{name} {version}" for name, version in manifest["versions"].items())
    print(f"front-end assets ready in {VENDOR_DIR.relative_to(REPO_ROOT)}/ ({versions})")
    return 0


def current_fingerprint() -> str:
    """Changes whenever the pinned versions or the list of files change."""
    digest = hashlib.sha256()
    digest.update(LOCK_FILE.read_bytes())
    digest.update(folium_version().encode())
    digest.update(repr(ASSETS).encode())
    return digest.hexdigest()


def folium_version() -> str:
    try:
        return importlib.metadata.version("folium")
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def is_up_to_date(fingerprint: str) -> bool:
    manifest_path = VENDOR_DIR / MANIFEST_NAME
    if not manifest_path.exists():
        return False
    manifest = json.loads(manifest_path.read_text())
    return manifest.get("fingerprint") == fingerprint and all(
        (VENDOR_DIR / name).is_file() for name in manifest.get("files", [])
    )


def install_npm_packages() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsUnavailable("npm was not found on PATH")
    # --ignore-scripts: these packages need no build step, and no install script should run.
    command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev"]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise AssetsUnavailable(f"`npm ci` failed (exit {result.returncode}):\n{tail}")


def copy_assets(fingerprint: str) -> dict:
    """Copy into a fresh folder, then swap it in, so a failure never leaves half the files."""
    VENDOR_DIR.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".vendor-", dir=VENDOR_DIR.parent))
    try:
        files: list[str] = []
        for asset in ASSETS:
            files.extend(copy_one(asset, staging))
        manifest = {
            "fingerprint": fingerprint,
            "versions": {**npm_versions(), "folium": folium_version()},
            "files": sorted(files),
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
        if VENDOR_DIR.exists():
            shutil.rmtree(VENDOR_DIR)
        staging.rename(VENDOR_DIR)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return manifest


def copy_one(asset: Asset, staging: Path) -> list[str]:
    source = source_root(asset.origin) / asset.source
    target = staging / asset.target
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
        return [
            path.relative_to(staging).as_posix() for path in target.rglob("*") if path.is_file()
        ]
    if not source.is_file():
        raise AssetsUnavailable(f"{asset.origin} package file missing: {source}")
    shutil.copyfile(source, target)
    return [asset.target]


def source_root(origin: str) -> Path:
    if origin == "npm":
        return NODE_MODULES
    spec = importlib.util.find_spec(origin)
    if spec is None or spec.origin is None:
        raise AssetsUnavailable(
            f"the Python package {origin} is not installed here: run this script with the "
            "project's virtualenv (`make assets`)"
        )
    return Path(spec.origin).parent


def npm_versions() -> dict[str, str]:
    return {
        name: json.loads((NODE_MODULES / name / "package.json").read_text())["version"]
        for name in NPM_PACKAGES
    }


if __name__ == "__main__":
    sys.exit(main())
