"""The geodata shipped with the package: what a page reads when no cache is built.

A fresh install, with no Land Board files beside it and no internet, still has
municipality and settlement outlines and place search: ``ARCHIVE`` holds the files a
page reads from a cache (``meta.json``, ``gazetteer.json``, ``land.geojson``,
``parts/<code>.geojson``), made from the Land Board's administrative and settlement
division valid 01.09.2018, about 1.4 MB. ``workbook geodata build`` or ``fetch`` write a
cache with current data, which then takes its place.

Maintainers remake the archive with ``python -m workbook.geo.default SOURCE_FOLDER``
(a folder shaped like ``../shared/data/ehak``); the same source gives the same bytes.
"""

from __future__ import annotations

import json
import sys
import tempfile
import zipfile
from pathlib import Path

from . import parts

ARCHIVE = Path(__file__).resolve().parent.parent / "share" / "geodata" / "ehak-2018-09-01.zip"
CREDIT = "Maa-amet, haldus- ja asustusjaotus"  # as the Land Board asks, with the date
PAGE_FILES = ("meta.json", "gazetteer.json", parts.LAND)
STAMP = (2018, 9, 1, 0, 0, 0)  # every member's date: the archive depends on its data only


def pack(cache: Path, target: Path = ARCHIVE) -> Path:
    """Write the files a page reads from the built ``cache`` into the ``target`` zip."""
    cache = Path(cache)
    meta = json.loads((cache / "meta.json").read_text(encoding="utf-8"))
    meta.update(origin=f"{CREDIT}, {meta.get('validity', '')}", shipped=True,
                built=meta.get("validity", ""))
    names = [*PAGE_FILES[1:], *sorted(f"{parts.PARTS}/{p.name}"
                                     for p in (cache / parts.PARTS).glob("*.geojson"))]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".zip", delete=False) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            archive.writestr(zipfile.ZipInfo("meta.json", STAMP),
                             json.dumps(meta, ensure_ascii=False, indent=1),
                             zipfile.ZIP_DEFLATED, 9)
            for name in names:
                archive.writestr(zipfile.ZipInfo(name, STAMP), (cache / name).read_bytes(),
                                 zipfile.ZIP_DEFLATED, 9)
    Path(tmp.name).replace(target)
    return target


def main(argv: list[str]) -> None:
    from . import cache

    if len(argv) != 1:
        sys.exit("usage: python -m workbook.geo.default SOURCE_FOLDER")
    with tempfile.TemporaryDirectory() as tmp:
        cache.build(Path(argv[0]), Path(tmp) / "cache")
        target = pack(Path(tmp) / "cache")
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
