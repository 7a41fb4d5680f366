"""No city-specific value hides in the code: everything about a city lives in its profile
(data_layer/cities/profiles/<code>/) and every time zone in the zone table
(data_layer/cities/zones.py). A new city must never inherit a Semarang constant."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Where city-specific values belong: the profiles, the zone table, the extracted data.
ALLOWED = (
    "data_layer/cities/profiles/",
    "data_layer/cities/zones.py",
    "data_layer/cities/reference/",
)
# Code and configuration; docs (README, .env.example) and tests may name real cities.
CODE_SUFFIXES = {".py", ".toml", ".cfg", ".ini", ".js", ".css", ".html", ".sql"}
CODE_NAMES = {"Makefile"}
FORBIDDEN = {
    "Semarang's Kemendagri code (or a kecamatan/kelurahan code inside it)": r"\b3374\d*\b",
    "a Semarang coordinate": r"-(6\.9|7\.0)\d*\s*,\s*110\.\d+",
    "a time zone name": r"Asia/(Jakarta|Makassar|Jayapura)",
    "a fixed UTC offset": (
        r"\+\s*[789] hours|'[789] hours'|hours\s*=\s*[789]\b|UTC\s*\+\s*[789]\b|\+0[789]:?00"
    ),
    "a zone abbreviation": r"\b(WIB|WITA|WIT)\b",
    "a city's name or channel": r"Semarang|Lapor Hendi|Lapor Semar|Laporgub|Tirta Moedal",
}


def code_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        REPO / name
        for name in listed
        if not name.startswith(("tests/", *ALLOWED))
        and (Path(name).suffix in CODE_SUFFIXES or Path(name).name in CODE_NAMES)
        and (REPO / name).exists()
    ]


def test_the_scan_sees_the_code_and_would_catch_a_literal():
    files = {path.relative_to(REPO).as_posix() for path in code_files()}
    assert {"data_layer/queries/time.py", "data_layer/tally.py", "ui/map.py"} <= files
    assert re.search(FORBIDDEN["a fixed UTC offset"], "strftime('%Y-%m', x, '+7 hours')")
    assert re.search(FORBIDDEN["a Semarang coordinate"], "CITY_CENTRE = (-7.005, 110.42)")


def test_no_city_specific_value_outside_the_profiles_and_the_zone_table():
    found = []
    for path in code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                if re.search(pattern, line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {what}: {line.strip()}")
    assert not found, "\n".join(found)
