"""The geodata cache as the app reads it: place names, outlines, location checks.

``load()`` returns None when no cache has been built; every caller then carries
on without suggestions or outlines and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape

from .. import settings
from ..i18n import t
from .gazetteer import Gazetteer

COAST_MARGIN = 0.03  # degrees (~2–3 km): the outlines are simplified along the coast


@dataclass
class Geodata:
    folder: Path
    meta: dict
    _features: dict = field(default_factory=dict, repr=False)

    def _collection(self, name: str) -> list[dict]:
        if name not in self._features:
            text = (self.folder / f"{name}.geojson").read_text(encoding="utf-8")
            self._features[name] = json.loads(text)["features"]
        return self._features[name]

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(json.loads((self.folder / "gazetteer.json").read_text(encoding="utf-8")))

    @cached_property
    def _shapes(self) -> dict[str, shapely.Geometry]:
        shapes = {f["properties"]["code"]: shapely.make_valid(shape(f["geometry"]))
                  for f in self._collection("municipalities")}
        for geom in shapes.values():
            shapely.prepare(geom)
        return shapes

    @cached_property
    def _tree(self) -> shapely.STRtree:
        return shapely.STRtree(list(self._shapes.values()))

    def municipalities(self) -> list[dict]:
        return [{"code": f["properties"]["code"], "name": f["properties"]["name"]}
                for f in self._collection("municipalities")]

    def municipality(self, code: str) -> dict | None:
        """The municipality's outline as a GeoJSON feature."""
        return next((f for f in self._collection("municipalities")
                     if f["properties"]["code"] == code), None)

    def settlements_of(self, code: str) -> dict:
        """The municipality's settlement units as a FeatureCollection."""
        return {"type": "FeatureCollection",
                "features": [f for f in self._collection("settlements")
                             if f["properties"]["muni_code"] == code]}

    def inside_estonia(self, lat: float, lon: float) -> bool:
        point = shapely.Point(lon, lat)
        return len(self._tree.query(point, predicate="dwithin", distance=COAST_MARGIN)) > 0

    def inside_municipality(self, code: str, lat: float, lon: float) -> bool | None:
        """True or False; None when the municipality is not in the data."""
        geom = self._shapes.get(code)
        return None if geom is None else geom.contains(shapely.Point(lon, lat))

    def municipality_at(self, lat: float, lon: float) -> str | None:
        point = shapely.Point(lon, lat)
        return next((code for code, g in self._shapes.items() if g.contains(point)), None)

    def attribution(self, lang: str) -> str:
        validity = self.meta.get("validity")
        return t("geo.attribution", lang) + (f", {validity}" if validity else "")


@lru_cache(maxsize=4)
def _load(folder: str, stamp: float) -> Geodata:
    meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
    return Geodata(Path(folder), meta)


def load(folder: str | Path | None = None) -> Geodata | None:
    """The cache in ``folder`` (default: the WORKBOOK_GEODATA setting), or None."""
    path = Path(folder or settings.get("WORKBOOK_GEODATA")).expanduser().resolve()
    meta = path / "meta.json"
    if not meta.is_file():
        return None
    return _load(str(path), meta.stat().st_mtime)
