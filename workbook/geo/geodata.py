"""The geodata as the app reads it: place names, outlines, location checks.

``load()`` returns the cache that ``workbook geodata build`` or ``fetch`` wrote, or else
the geodata shipped with the package (``default.py``). It returns None only when
neither is there (a broken install); every caller then carries on without
suggestions or outlines and says so.
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .. import settings
from ..i18n import t
from . import default, outline, parts
from .gazetteer import Gazetteer

log = logging.getLogger(__name__)
CODE = re.compile(r"[0-9A-Za-z]{1,8}")  # an EHAK code names a file: nothing else may


@dataclass
class Geodata:
    folder: Path | zipfile.Path  # a built cache, or the shipped archive
    meta: dict
    _parts: dict = field(default_factory=dict, repr=False)

    def _part(self, code: str) -> dict | None:
        """The municipality's outline and settlement units (read once), or None."""
        if code not in self._parts:
            path = self.folder / parts.PARTS / f"{code}.geojson"
            found = CODE.fullmatch(code or "") and path.is_file()
            self._parts[code] = json.loads(path.read_text(encoding="utf-8")) if found else None
        return self._parts[code]

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(json.loads((self.folder / "gazetteer.json").read_text(encoding="utf-8")))

    @cached_property
    def _land(self) -> dict:
        return json.loads((self.folder / parts.LAND).read_text(encoding="utf-8"))["geometry"]

    def municipality(self, code: str) -> dict | None:
        """The municipality's outline as a GeoJSON feature."""
        part = self._part(code)
        return part["municipality"] if part else None

    def settlements_of(self, code: str) -> dict:
        """The municipality's settlement units as a FeatureCollection."""
        part = self._part(code)
        return part["settlements"] if part else {"type": "FeatureCollection", "features": []}

    def inside_estonia(self, lat: float, lon: float) -> bool:
        """On land, or within ``parts.COAST_MARGIN`` of it."""
        return outline.contains(self._land, lon, lat)

    def inside_municipality(self, code: str, lat: float, lon: float) -> bool | None:
        """True or False; None when the municipality is not in the data."""
        feature = self.municipality(code)
        return None if feature is None else outline.contains(feature["geometry"], lon, lat)

    @property
    def shipped(self) -> bool:
        """The geodata that came with the package, not a cache built here."""
        return bool(self.meta.get("shipped"))

    def attribution(self, lang: str) -> str:
        validity = self.meta.get("validity")
        return t("geo.attribution", lang) + (f", {validity}" if validity else "")


@lru_cache(maxsize=4)
def _load(folder: str, stamp: float) -> Geodata | None:
    meta = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format", 1) < parts.FORMAT:  # built before the parts: add them once
        try:
            meta = parts.upgrade(Path(folder), meta)
        except (OSError, ValueError, KeyError) as exc:
            if not (Path(folder) / parts.LAND).is_file():  # nor by another page meanwhile
                log.error("geodata in %s cannot be upgraded (%s): rebuild it with "
                          "'workbook geodata build'", folder, exc)
                return None
    return Geodata(Path(folder), meta)


@lru_cache(maxsize=2)
def _shipped(archive: Path) -> Geodata | None:
    try:
        root = zipfile.Path(archive)
        return Geodata(root, json.loads((root / "meta.json").read_text(encoding="utf-8")))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        log.error("the geodata shipped with the package cannot be read (%s): reinstall "
                  "it, or run 'workbook geodata build' or 'fetch'", exc)
        return None


def shipped() -> Geodata | None:
    """The geodata shipped with the package, or None if the install lacks it."""
    return _shipped(default.ARCHIVE) if default.ARCHIVE.is_file() else None


def load(folder: str | Path | None = None) -> Geodata | None:
    """The cache in ``folder``, or None. Without ``folder``: the cache in the
    WORKBOOK_GEODATA folder if one is built there, else the shipped geodata."""
    path = Path(folder or settings.get("WORKBOOK_GEODATA")).expanduser().resolve()
    meta = path / "meta.json"
    if not meta.is_file():
        return None if folder else shipped()
    return _load(str(path), meta.stat().st_mtime)
