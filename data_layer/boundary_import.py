"""Import real kelurahan polygons from a GeoJSON file (OpenStreetMap or BIG/Geoportal).

The entry point is `import_boundaries`. The work is
done in three passes, and nothing is written until all three have passed:

1. read: the file must be a GeoJSON FeatureCollection in WGS84 lon/lat with
   polygons near the city; each feature's geometry is repaired where possible;
2. match: each feature to one official kelurahan, by Kemendagri code, else by
   normalised name within its kecamatan (then a fuzzy name, same kecamatan),
   else by the official centroid lying inside the polygon;
3. check: no kelurahan claimed twice, and none left without a polygon
   (unless `allow_partial`).

Only then are the polygons stored, flagged as real (not approximate).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import shapely
from shapely.geometry import Point, box, mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_layer.boundary_file import (
    BoundaryImportError,
    Feature,
    check_coordinates,
    check_usable,
    clean_name,
    parse_feature,
    prepare_geometry,
    read_features,
)
from data_layer.geography import (
    area_km2,
    mark_boundaries_changed,
    metres_per_degree,
)
from data_layer.models import Kecamatan, Kelurahan
from data_layer.rows import from_row

# Old (pre-1972) and regional spellings that survive in place names, mapped to EYD.
SPELLING_VARIANTS = (("dh", "d"), ("oe", "u"), ("tj", "c"), ("dj", "j"))
FUZZY_CUTOFF = 0.8  # difflib ratio; "pendrikankidul" vs "pindrikankidul" is 0.93
FUZZY_MARGIN = 0.05  # the best candidate must beat the runner-up by this much
KECAMATAN_FUZZY_CUTOFF = 0.85
# A name match is trusted only if the official centroid lies this close to the
# polygon: it keeps a same-named desa in a neighbouring regency from matching.
NAME_MATCH_MAX_KM = 3.0
CITY_MARGIN_DEG = 0.1  # how far beyond the official centroids a polygon may lie
SOURCE_MAX_LENGTH = 200  # Kelurahan.boundary_source
LIST_LIMIT = 12  # how many names a refusal message lists


class MatchMethod(StrEnum):
    CODE = "code"
    NAME = "name"
    FUZZY = "fuzzy"
    CENTROID = "centroid"


METHOD_LABELS = {
    MatchMethod.CODE: "by Kemendagri code",
    MatchMethod.NAME: "by name within kecamatan",
    MatchMethod.FUZZY: "by fuzzy name within kecamatan",
    MatchMethod.CENTROID: "by official centroid inside polygon",
}


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchedKelurahan:
    code: str
    name: str
    kecamatan: str
    feature_index: int  # 1-based position in the file
    feature_name: str | None
    method: MatchMethod
    area_km2: float
    score: float | None = None  # fuzzy similarity


@dataclass(frozen=True)
class SpellingDifference:
    kecamatan: str
    official: str
    in_file: str
    method: MatchMethod


@dataclass(frozen=True)
class UnmatchedKelurahan:
    code: str
    name: str
    kecamatan: str


@dataclass(frozen=True)
class UnusedFeature:
    feature_index: int
    feature_name: str | None
    reason: str


@dataclass(frozen=True)
class RepairedFeature:
    feature_index: int
    feature_name: str | None
    repair: str


@dataclass(frozen=True)
class BoundaryImportReport:
    path: str
    source: str
    feature_count: int
    kelurahan_count: int
    matched: tuple[MatchedKelurahan, ...]
    unmatched: tuple[UnmatchedKelurahan, ...]
    unused: tuple[UnusedFeature, ...]
    repaired: tuple[RepairedFeature, ...]
    warnings: tuple[str, ...] = ()

    @property
    def counts(self) -> dict[MatchMethod, int]:
        tally = Counter(m.method for m in self.matched)
        return {method: tally.get(method, 0) for method in MatchMethod}

    @property
    def spelling_differences(self) -> tuple[SpellingDifference, ...]:
        return tuple(
            SpellingDifference(m.kecamatan, m.name, m.feature_name, m.method)
            for m in self.matched
            if m.feature_name is not None and m.feature_name != m.name
        )

    @property
    def total_area_km2(self) -> float:
        return sum(m.area_km2 for m in self.matched)

    def as_text(self) -> str:
        lines = [
            f"Boundary import from {self.path}: {self.feature_count} features",
            f"Matched {len(self.matched)} of {self.kelurahan_count} kelurahan "
            f"({self.total_area_km2:.2f} km² in total):",
        ]
        for method, count in self.counts.items():
            lines.append(f"  {METHOD_LABELS[method]:<38} {count:>4}")
        lines.append(f"Spelling differences resolved: {len(self.spelling_differences)}")
        for diff in self.spelling_differences:
            lines.append(
                f"  {diff.official} → {diff.in_file}  (Kec. {diff.kecamatan}, {diff.method})"
            )
        lines.append(f"Geometries repaired: {len(self.repaired)}")
        for fixed in self.repaired:
            lines.append(f"  #{fixed.feature_index} {fixed.feature_name or ''}: {fixed.repair}")
        lines.append(
            f"Kelurahan left unmatched (keep their previous boundary): {len(self.unmatched)}"
        )
        for missing in self.unmatched:
            lines.append(f"  {missing.code} {missing.name} (Kec. {missing.kecamatan})")
        lines.append(f"Features not used: {len(self.unused)}")
        for unused in self.unused:
            lines.append(f"  #{unused.feature_index} {unused.feature_name or ''}: {unused.reason}")
        lines.extend(f"Warning: {warning}" for warning in self.warnings)
        lines.append(f"Stored as real boundaries, source: {self.source}")
        return "\n".join(lines)


# --- pass 2: match ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Official:
    code: str
    name: str
    kecamatan_code: str
    kecamatan: str
    lon: float
    lat: float

    @property
    def label(self) -> str:
        return f"{self.name} (Kec. {self.kecamatan})"


@dataclass(frozen=True)
class _Claim:
    feature: Feature
    official: _Official
    method: MatchMethod
    score: float | None = None


def name_key(name: str) -> str:
    """A spelling-insensitive key: case, spaces, punctuation, old spellings, doubled letters."""
    text = unicodedata.normalize("NFKD", clean_name(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]", "", text.lower())
    for old, new in SPELLING_VARIANTS:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass
class _Matcher:
    officials: list[_Official]
    claims: list[_Claim] = field(default_factory=list)
    unused: dict[int, str] = field(default_factory=dict)  # feature index -> reason
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_code = {o.code: o for o in self.officials}
        self.city_prefixes = {o.code[:4] for o in self.officials}
        self.kecamatan_by_key = {name_key(o.kecamatan): o.kecamatan_code for o in self.officials}
        self.by_kecamatan: dict[str, list[_Official]] = defaultdict(list)
        for official in self.officials:
            self.by_kecamatan[official.kecamatan_code].append(official)

    def claimed_codes(self) -> set[str]:
        return {claim.official.code for claim in self.claims}

    def claimed_features(self) -> set[int]:
        return {claim.feature.index for claim in self.claims}

    def run(self, features: list[Feature]) -> None:
        usable = [f for f in features if f.geometry is not None]
        for feature in features:
            if feature.geometry is None:
                self.unused[feature.index] = feature.problem or "no usable geometry"
        for step in (self._by_code, self._by_name, self._by_fuzzy_name, self._by_centroid):
            claimed = self.claimed_features()
            step([f for f in usable if f.index not in claimed and f.index not in self.unused])
        claimed = self.claimed_features()
        for feature in usable:
            if feature.index not in claimed:
                self.unused.setdefault(feature.index, "no code, name or centroid match")

    def _by_code(self, features: list[Feature]) -> None:
        for feature in features:
            if feature.code is None:
                continue
            official = self.by_code.get(feature.code)
            if official is not None:
                self.claims.append(_Claim(feature, official, MatchMethod.CODE))
            elif feature.code[:4] not in self.city_prefixes:
                self.unused[feature.index] = f"code {feature.code} is outside the city"

    def _kecamatan_of(self, feature: Feature) -> str | None:
        """The feature's kecamatan code; None when it names none; '' when not in the city."""
        if feature.kecamatan is None:
            return None
        key = name_key(feature.kecamatan)
        if key in self.kecamatan_by_key:
            return self.kecamatan_by_key[key]
        close = difflib.get_close_matches(
            key, list(self.kecamatan_by_key), n=1, cutoff=KECAMATAN_FUZZY_CUTOFF
        )
        return self.kecamatan_by_key[close[0]] if close else ""

    def _by_name(self, features: list[Feature]) -> None:
        for feature in features:
            if feature.name is None:
                continue
            kecamatan_code = self._kecamatan_of(feature)
            if kecamatan_code == "":
                self.unused[feature.index] = f"kecamatan {feature.kecamatan!r} is not in the city"
                continue
            pool = self.by_kecamatan[kecamatan_code] if kecamatan_code else self.officials
            key = name_key(feature.name)
            candidates = [o for o in pool if name_key(o.name) == key]
            # Without a kecamatan, a name used twice in the city is settled by distance.
            candidates.sort(key=lambda o: _distance_km(feature.geometry, o))
            for official in candidates[:1]:
                # A name claiming a kelurahan that a code already took is kept anyway:
                # the check pass then refuses the file, naming both features.
                if self._near_enough(feature, official):
                    self.claims.append(_Claim(feature, official, MatchMethod.NAME))

    def _by_fuzzy_name(self, features: list[Feature]) -> None:
        taken = self.claimed_codes()
        for feature in features:
            kecamatan_code = self._kecamatan_of(feature)
            if feature.name is None or not kecamatan_code:
                continue  # fuzzy matching only ever compares within one kecamatan
            pool = [o for o in self.by_kecamatan[kecamatan_code] if o.code not in taken]
            key = name_key(feature.name)
            scored = sorted(
                ((difflib.SequenceMatcher(None, key, name_key(o.name)).ratio(), o) for o in pool),
                key=lambda pair: pair[0],
                reverse=True,
            )
            if not scored or scored[0][0] < FUZZY_CUTOFF:
                continue
            if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
                self.warnings.append(
                    f"feature #{feature.index} {feature.name!r} is as close to "
                    f"{scored[0][1].name} as to {scored[1][1].name}; not matched by name"
                )
                continue
            score, official = scored[0]
            if self._near_enough(feature, official):
                self.claims.append(_Claim(feature, official, MatchMethod.FUZZY, round(score, 3)))

    def _near_enough(self, feature: Feature, official: _Official) -> bool:
        distance = _distance_km(feature.geometry, official)
        if distance <= NAME_MATCH_MAX_KM:
            return True
        self.warnings.append(
            f"feature #{feature.index} {feature.name!r} is named like {official.label}, "
            f"but lies {distance:.1f} km from its official centroid; not matched by name"
        )
        return False

    def _by_centroid(self, features: list[Feature]) -> None:
        taken = self.claimed_codes()
        free = [o for o in self.officials if o.code not in taken]
        for feature in features:
            geometry = feature.geometry
            assert geometry is not None  # only usable features are matched by centroid
            inside = [o for o in free if geometry.covers(Point(o.lon, o.lat))]
            if len(inside) == 1:
                self.claims.append(_Claim(feature, inside[0], MatchMethod.CENTROID))
            elif len(inside) > 1:
                names = ", ".join(o.label for o in inside)
                self.unused[feature.index] = f"contains the centroids of several kelurahan: {names}"


def _distance_km(geometry: BaseGeometry, official: _Official) -> float:
    kx, ky = metres_per_degree(official.lat)
    local = shapely.transform(geometry, lambda xy: (xy - [official.lon, official.lat]) * [kx, ky])
    return shapely.distance(local, Point(0, 0)) / 1000


def _load_officials(session: Session) -> list[_Official]:
    rows = session.execute(
        select(
            Kelurahan.code,
            Kelurahan.name,
            Kelurahan.kecamatan_code,
            Kecamatan.name.label("kecamatan"),
            Kelurahan.centroid_lon.label("lon"),
            Kelurahan.centroid_lat.label("lat"),
        )
        .join(Kecamatan, Kecamatan.code == Kelurahan.kecamatan_code)
        .order_by(Kelurahan.code)
    )
    return [from_row(_Official, row) for row in rows]


def _city_area(officials: list[_Official]) -> BaseGeometry:
    lons = [o.lon for o in officials]
    lats = [o.lat for o in officials]
    return box(min(lons), min(lats), max(lons), max(lats)).buffer(
        CITY_MARGIN_DEG, join_style="mitre"
    )


# --- pass 3: check ------------------------------------------------------------------------


def _check_claims(path: Path, matcher: _Matcher, *, allow_partial: bool) -> None:
    by_official: dict[str, list[_Claim]] = defaultdict(list)
    for claim in matcher.claims:
        by_official[claim.official.code].append(claim)
    duplicates = [claims for claims in by_official.values() if len(claims) > 1]
    if duplicates:
        described = "; ".join(
            f"{claims[0].official.label} is claimed by "
            + " and ".join(
                f"#{c.feature.index} {c.feature.name or ''} ({c.method})".replace("  ", " ")
                for c in claims
            )
            for claims in duplicates[:LIST_LIMIT]
        )
        raise BoundaryImportError(
            f"{path}: {len(duplicates)} kelurahan matched by more than one feature: {described}"
        )
    if not matcher.claims:
        raise BoundaryImportError(
            f"{path}: no feature matched any kelurahan of the city (by code, name or centroid)"
        )
    missing = [o for o in matcher.officials if o.code not in by_official]
    if missing and not allow_partial:
        listed = ", ".join(o.label for o in missing[:LIST_LIMIT])
        more = f" and {len(missing) - LIST_LIMIT} more" if len(missing) > LIST_LIMIT else ""
        unused = (
            f" Features not used: {len(matcher.unused)}"
            + "".join(
                f"; #{index}: {reason}" for index, reason in sorted(matcher.unused.items())[:5]
            )
            + "."
            if matcher.unused
            else ""
        )
        raise BoundaryImportError(
            f"{path}: {len(missing)} of {len(matcher.officials)} kelurahan have no polygon in "
            f"the file: {listed}{more}.{unused} Use --allow-partial (allow_partial=True) to "
            f"import the {len(by_official)} that matched."
        )


# --- the import ---------------------------------------------------------------------------


def import_boundaries(
    session: Session,
    *,
    path: str | Path,
    allow_partial: bool = False,
    source: str | None = None,
) -> BoundaryImportReport:
    """Load real kelurahan polygons from a GeoJSON FeatureCollection.

    Raises BoundaryImportError, having written nothing, when the file is refused.
    """
    path = Path(path)
    raw_features = read_features(path)
    features = [parse_feature(i, raw) for i, raw in enumerate(raw_features, start=1)]
    check_coordinates(path, features)
    for feature in features:
        prepare_geometry(feature)
    officials = _load_officials(session)
    if not officials:
        raise BoundaryImportError("the database has no kelurahan: run `migrate` first")
    check_usable(path, features, _city_area(officials))
    matcher = _Matcher(officials)
    matcher.run(features)
    _check_claims(path, matcher, allow_partial=allow_partial)

    warnings = list(matcher.warnings)
    stored_source = _source_label(path, features, source, warnings)
    matched = _store(session, matcher.claims, stored_source)
    mark_boundaries_changed(session)
    session.flush()
    claimed = {claim.official.code for claim in matcher.claims}
    return BoundaryImportReport(
        path=str(path),
        source=stored_source,
        feature_count=len(features),
        kelurahan_count=len(officials),
        matched=matched,
        unmatched=tuple(
            UnmatchedKelurahan(o.code, o.name, o.kecamatan)
            for o in officials
            if o.code not in claimed
        ),
        unused=tuple(
            UnusedFeature(index, features[index - 1].name, reason)
            for index, reason in sorted(matcher.unused.items())
        ),
        repaired=tuple(
            RepairedFeature(f.index, f.name, f.repair)
            for f in features
            if f.repair and f.index in matcher.claimed_features()
        ),
        warnings=tuple(warnings),
    )


def _source_label(
    path: Path, features: list[Feature], source: str | None, warnings: list[str]
) -> str:
    if source is None:
        source = path.name
        if any(f.osm for f in features):
            source += " (© OpenStreetMap contributors, ODbL 1.0)"
    source = " ".join(source.split())
    if len(source) > SOURCE_MAX_LENGTH:
        warnings.append(f"the source label was cut to {SOURCE_MAX_LENGTH} characters")
        source = source[: SOURCE_MAX_LENGTH - 1] + "…"
    return source


def _store(session: Session, claims: list[_Claim], source: str) -> tuple[MatchedKelurahan, ...]:
    rows = {k.code: k for k in session.scalars(select(Kelurahan))}
    matched = []
    for claim in sorted(claims, key=lambda c: c.official.code):
        geometry = claim.feature.geometry
        area = round(area_km2(geometry), 4)
        kelurahan = rows[claim.official.code]
        kelurahan.boundary_geojson = json.dumps(mapping(geometry))
        kelurahan.boundary_approximate = False
        kelurahan.boundary_source = source
        kelurahan.area_km2 = area
        matched.append(
            MatchedKelurahan(
                code=claim.official.code,
                name=claim.official.name,
                kecamatan=claim.official.kecamatan,
                feature_index=claim.feature.index,
                feature_name=claim.feature.name,
                method=claim.method,
                area_km2=area,
                score=claim.score,
            )
        )
    return tuple(matched)


__all__ = [
    "BoundaryImportError",
    "BoundaryImportReport",
    "MatchMethod",
    "MatchedKelurahan",
    "SpellingDifference",
    "UnmatchedKelurahan",
    "UnusedFeature",
    "import_boundaries",
    "name_key",
]
