"""Build the local geodata cache that the app reads fast, from a source or the Land Board.

The cache is a folder of plain files: ``municipalities.geojson``,
``settlements.geojson`` (WGS84, coordinates rounded to about a metre),
``gazetteer.json`` (one row per settlement unit with a point inside it),
``parts/<code>.geojson`` and ``land.geojson`` (what a page reads: see ``parts``) and
``meta.json`` (origin, validity date, attribution, format). It is written to a temporary
folder and moved into place, so a failed build leaves the old cache intact.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import geopandas as gpd
import shapely

from . import parts
from .source import GeodataError, Source, read_source

OFFICIAL_FILES = ("omavalitsus_shp.zip", "asustusyksus_shp.zip")
GRID = 1e-5  # degrees: about a metre


def _write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    rounded = shapely.make_valid(
        shapely.set_precision(frame.geometry.values, GRID, mode="pointwise"))
    frame = frame.set_geometry(rounded)
    path.write_text(frame.to_json(drop_id=True, ensure_ascii=False), encoding="utf-8")


def _gazetteer(settlements: gpd.GeoDataFrame) -> list[list]:
    points = settlements.geometry.representative_point()
    rows = [[r.code, r.name, r.type, r.muni_code, r.muni_name, r.county,
             round(p.y, 5), round(p.x, 5)]
            for r, p in zip(settlements.itertuples(), points)]
    return sorted(rows, key=lambda r: (r[1], r[4]))


def write_cache(source: Source, target: Path) -> Path:
    """Write the cache for ``source`` into ``target`` (replacing it whole)."""
    target = Path(target).expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".geodata-", dir=target.parent))
    staging.chmod(0o755)
    try:
        _write_geojson(source.municipalities, staging / "municipalities.geojson")
        _write_geojson(source.settlements, staging / "settlements.geojson")
        (staging / "gazetteer.json").write_text(
            json.dumps(_gazetteer(source.settlements), ensure_ascii=False), encoding="utf-8")
        parts.write(staging)
        meta = {"format": parts.FORMAT, "origin": source.origin, "validity": source.validity,
                "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "municipalities": len(source.municipalities),
                "settlements": len(source.settlements)}
        (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
        old = target.with_name(target.name + ".old")
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def build(source_folder: Path, target: Path) -> dict:
    """Read a source folder and write the cache; returns the cache's meta."""
    write_cache(read_source(source_folder), target)
    return json.loads((Path(target) / "meta.json").read_text(encoding="utf-8"))


def fetch(base_url: str, target: Path, timeout: float = 60) -> dict:
    """Download the Land Board's current shapefile zips and build the cache from them."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in OFFICIAL_FILES:
            url = base_url.rstrip("/") + "/" + name
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    (Path(tmp) / name).write_bytes(response.read())
            except (urllib.error.URLError, OSError) as exc:
                raise GeodataError(f"cannot download {url}: {exc}") from exc
        meta = build(Path(tmp), target)
    meta["origin"] = base_url
    (Path(target) / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
    return meta
