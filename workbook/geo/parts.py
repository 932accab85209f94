"""The cache's small files: one per municipality, and the land outline.

A page shows one municipality, so it reads ``parts/<code>.geojson`` (its outline
and its settlement units) and, to refuse a point in the sea, ``land.geojson`` (all
municipalities as one outline, widened by ``COAST_MARGIN`` because the outlines are
simplified along the coast). Parsing the whole country's outlines instead held about
45 MB in every page's kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

FORMAT = 2  # meta.json "format": 2 has the parts; a cache without them is upgraded on load
PARTS = "parts"
LAND = "land.geojson"
COAST_MARGIN = 0.03  # degrees (~2–3 km)
LAND_TOLERANCE = 0.002  # degrees (~200 m): the land outline's simplification
LAND_GRID = 1e-4  # degrees (~10 m): its coordinates' precision


def _features(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / name).read_text(encoding="utf-8"))["features"]


def _write_text(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (a temporary file moved into place)."""
    handle, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _land(municipalities: list[dict]) -> dict:
    import shapely
    from shapely.geometry import mapping, shape

    land = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in municipalities])
    land = land.buffer(COAST_MARGIN).simplify(LAND_TOLERANCE)
    land = shapely.set_precision(land, LAND_GRID)
    return {"type": "Feature", "properties": {}, "geometry": mapping(land)}


def write(folder: Path) -> None:
    """Write the parts and the land outline from the folder's two GeoJSON files."""
    folder = Path(folder)
    municipalities = _features(folder, "municipalities.geojson")
    settlements: dict[str, list[dict]] = defaultdict(list)
    for feature in _features(folder, "settlements.geojson"):
        settlements[feature["properties"]["muni_code"]].append(feature)
    staging = Path(tempfile.mkdtemp(prefix=".parts-", dir=folder))
    try:
        for feature in municipalities:
            code = feature["properties"]["code"]
            part = {"municipality": feature,
                    "settlements": {"type": "FeatureCollection",
                                    "features": settlements.get(code, [])}}
            (staging / f"{code}.geojson").write_text(json.dumps(part, ensure_ascii=False),
                                                     encoding="utf-8")
        staging.chmod(0o755)
        _write_text(folder / LAND, json.dumps(_land(municipalities)))
        old = folder / (PARTS + ".old")
        if (folder / PARTS).exists():
            shutil.rmtree(old, ignore_errors=True)
            (folder / PARTS).rename(old)
        staging.rename(folder / PARTS)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def upgrade(folder: Path, meta: dict) -> dict:
    """Add the parts to a cache built before them; returns its new meta."""
    write(folder)
    meta = {**meta, "format": FORMAT}
    _write_text(Path(folder) / "meta.json", json.dumps(meta, ensure_ascii=False, indent=1))
    return meta
