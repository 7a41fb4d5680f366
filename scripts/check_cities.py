"""Check that every kota and kabupaten can start: a profile, and an approximate cell for
each of its desa/kelurahan (what `python -m data_layer migrate` builds for it).

Too slow for the test suite (about 100 s for all 514 on a 2-core machine), so it is a
chore to run after re-extracting the reference data:

    python scripts/check_cities.py
"""

from __future__ import annotations

import sys
import time

from data_layer.cities import city_profile, regencies, wilayah_of
from data_layer.geography import approximate_cells
from data_layer.reference_data import village_points


def problems_of(code: str) -> list[str]:
    profile = city_profile(code)
    wilayah = wilayah_of(code)
    if not wilayah.kecamatan or not wilayah.villages:
        return ["no kecamatan or no desa/kelurahan"]
    points = village_points(wilayah, profile)
    cells = approximate_cells({village: (lon, lat) for village, (lat, lon) in points.items()})
    problems = [f"{village}: no cell" for village in points if village not in cells]
    problems += [f"{village}: empty cell" for village, cell in cells.items() if cell.is_empty]
    return problems


def main() -> int:
    started = time.perf_counter()
    failed = {}
    for code in sorted(regencies()):
        try:
            problems = problems_of(code)
        except Exception as error:  # report every city, not just the first failure
            problems = [repr(error)]
        if problems:
            failed[code] = problems
    seconds = time.perf_counter() - started
    print(f"{len(regencies()) - len(failed)} of {len(regencies())} cities ready ({seconds:.0f} s)")
    for code, problems in failed.items():
        print(f"{code} {city_profile(code).name}: {'; '.join(problems[:5])}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
