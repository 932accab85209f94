"""Read the Land Board's administrative and settlement division (EHAK) from a source.

A source is a folder holding the municipality (``*omavalitsus*``) and settlement
unit (``*asustusyksus*``) layers as GeoJSON, TopoJSON, shapefiles or the Land
Board's shapefile zips, in WGS84 or L-EST97 (EPSG:3301). geopandas reads them
and reprojects to WGS84.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from ..exceptions import WorkbookError

SUFFIXES = (".json", ".geojson", ".topojson", ".shp", ".zip", ".gpkg")
LAYERS = {"municipalities": "omavalitsus", "settlements": "asustusyksus"}
WGS84, LEST97 = "EPSG:4326", "EPSG:3301"
_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")


class GeodataError(WorkbookError):
    """The geodata source is missing, unreadable or not the expected layers."""

    code = "geodata.error"


@dataclass
class Source:
    municipalities: gpd.GeoDataFrame  # code, name, county, geometry
    settlements: gpd.GeoDataFrame  # code, name, type, muni_code, muni_name, county, geometry
    validity: str  # "01.09.2018" if the source says, else ""
    origin: str


def _find(folder: Path, stem: str) -> Path:
    found = sorted((p for p in folder.rglob(f"*{stem}*")
                    if p.suffix.lower() in SUFFIXES and p.is_file()),
                   key=lambda p: SUFFIXES.index(p.suffix.lower()))
    if not found:
        raise GeodataError(f"no {stem} layer (.geojson, .json, .shp or .zip) in {folder}")
    return found[0]


def _read(path: Path) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(f"zip://{path}" if path.suffix.lower() == ".zip" else path)
    except Exception as exc:  # noqa: BLE001 - GDAL raises many kinds; name the file
        raise GeodataError(f"cannot read {path.name}: {exc}") from exc
    frame.columns = [c.upper() if c != "geometry" else c for c in frame.columns]
    if frame.crs is None:  # TopoJSON carries no CRS: metres mean L-EST97
        frame = frame.set_crs(LEST97 if frame.total_bounds[2] > 1000 else WGS84)
    return frame.to_crs(WGS84)


def _columns(frame: gpd.GeoDataFrame, path: Path, wanted: dict[str, str]) -> gpd.GeoDataFrame:
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise GeodataError(f"{path.name} lacks the column(s) {', '.join(missing)}")
    out = frame[list(wanted) + ["geometry"]].rename(columns=wanted)
    out = out[out.geometry.notna() & ~out.geometry.is_empty]
    return out.astype({c: str for c in wanted.values()})


def _validity(folder: Path) -> str:
    for note in sorted(folder.glob("*.md")) + sorted(folder.glob("*.txt")):
        match = _DATE.search(note.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(0)
    return ""


def read_source(folder: Path) -> Source:
    """Read both layers from ``folder``; GeodataError names what is wrong."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise GeodataError(f"geodata source folder not found: {folder}")
    muni_path = _find(folder, LAYERS["municipalities"])
    settle_path = _find(folder, LAYERS["settlements"])
    municipalities = _columns(_read(muni_path), muni_path,
                              {"OKOOD": "code", "ONIMI": "name", "MNIMI": "county"})
    settlements = _columns(_read(settle_path), settle_path,
                           {"AKOOD": "code", "ANIMI": "name", "TYYP": "type",
                            "OKOOD": "muni_code", "ONIMI": "muni_name", "MNIMI": "county"})
    return Source(municipalities, settlements, _validity(folder), str(folder.resolve()))
