"""Place-name search over the official settlement units.

``Karla`` finds ``Kärla``: names are compared without case and diacritics.
Ranking: good matches (the whole name, its start, or the start of a word) come
before matches inside a word; within each, the team's own municipality first,
then the closer match, towns before villages, then alphabetically.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass

# EHAK settlement type codes: 3 alev, 4 linn, 5 vallasisene linn, 6 linnaosa, 7 alevik, 8 küla
TYPE_RANK = {"4": 0, "5": 0, "3": 1, "6": 2, "7": 2, "8": 3}


def fold(text: str) -> str:
    """Lower case without diacritics, hyphens as spaces: ``Kärla-Kulli`` → ``karla kulli``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("-", " "))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    type: str
    muni_code: str
    muni_name: str
    county: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.name} — {self.muni_name}"


class Gazetteer:
    def __init__(self, rows: list[list]):
        # 4,700 places in every page that searches: the fields many share (type,
        # municipality, county) are stored once
        self.places = [Place(code, name, sys.intern(kind), sys.intern(muni_code),
                             sys.intern(muni_name), sys.intern(county), lat, lon)
                       for code, name, kind, muni_code, muni_name, county, lat, lon in rows]
        self._folded = [fold(p.name) for p in self.places]
        self._by_code = {p.code: p for p in self.places}

    def __len__(self) -> int:
        return len(self.places)

    def get(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def search(self, query: str, municipality_code: str | None = None,
               limit: int = 10) -> list[Place]:
        q = fold(query)
        if len(q) < 2:
            return []
        word = " " + q
        found = []
        for place, name in zip(self.places, self._folded):
            if name == q:
                score = 0
            elif name.startswith(q):
                score = 1
            elif word in " " + name:
                score = 2
            elif q in name:
                score = 3
            else:
                continue
            own = place.muni_code != municipality_code
            found.append((score == 3, own, score, TYPE_RANK.get(place.type, 4), name,
                          place.muni_name, place))
        found.sort(key=lambda f: f[:6])
        return [f[-1] for f in found[:limit]]
