"""A community's columns and the names people give them, in Estonian and English.

Headers and kinds are compared folded: without case, diacritics, hyphens,
underscores or punctuation, so ``Elanike_arv``, ``ELANIKE ARV:`` and
``elanike-arv`` are one header. A trailing unit in brackets is ignored
(``Laius (WGS84)`` is ``laius``) unless the whole header is known
(``Ressursid (füüsilised)``). The form's labels in both languages are headers
too (``Ligikaudne suurus (inimesi)``, ``Contact person's e-mail``): the
workbook's CSV and XLSX exports use them.

A generic resources column (``ressursid``, ``resources``, ``varad``) goes to
*individuals*: ABCD mapping starts from people and their skills, and a
municipality's list of "a village's resources" mostly names active people and
what they can do. Each entry may name its category first
(``füüsilised: rahvamaja; majanduslikud: pood``), per-category columns
(``ressursid füüsilised``, ``physical assets`` …) are used as they are, and the
team can re-tag any resource in the form afterwards.
"""

from __future__ import annotations

import re

from ..geo.gazetteer import fold
from ..i18n import has, t
from ..model.sections import AssetCategory, CommunityKind

ASSET_COLUMNS = [f"assets_{c.value}" for c in AssetCategory]
GENERIC_ASSETS = "assets_individuals"
COLUMNS = ["name", "kind", "lat", "lon", "coordinates", "x", "y", "settlement_codes",
           "organisations", "size", "contact_name", "contact_email", "contact_phone", "needs",
           *ASSET_COLUMNS, "notes"]

_HEADERS = {
    "name": "nimi|nimetus|pealkiri|name|title|kogukond|kogukonna nimi|community|"
            "community name",
    "kind": "liik|tüüp|kogukonna liik|kind|type|kategooria|category",
    "lat": "lat|laius|laiuskraad|latitude|wgs84 lat",
    "lon": "lon|lng|long|pikkus|pikkuskraad|longitude|wgs84 lon",
    "coordinates": "koordinaadid|koordinaat|asukoht|coordinates|coords|location|point",
    "x": "x|l est97 x|lest x|x lest97",
    "y": "y|l est97 y|lest y|y lest97",
    "settlement_codes": "asustusüksus|asustusüksused|asustusüksuse kood|ehak|ehak kood|"
                        "akood|settlement|settlements|settlement code",
    "organisations": "organisatsioonid|organisatsioon|tegutsevad organisatsioonid|"
                     "organisations|organizations|organisation|organization",
    "size": "suurus|elanikke|elanike arv|rahvaarv|inimesi|liikmeid|liikmete arv|size|"
            "population|members",
    "contact_name": "kontakt|kontaktisik|kontaktisiku nimi|contact|contact person|"
                    "contact name",
    "contact_email": "e post|epost|email|e mail|meil|kontakti e post|contact email",
    "contact_phone": "telefon|tel|telefoninumber|mobiil|phone|telephone|contact phone",
    "needs": "vajadused|vajadus|needs|need",
    GENERIC_ASSETS: "ressursid|ressurss|varad|resources|resource|assets",
    "notes": "märkused|märkus|märkmed|kirjeldus|notes|note|description|comments",
}
# ABCD categories as people name them: Estonian plural and singular, then English
CATEGORY_WORDS = {
    AssetCategory.individuals: "inimesed|inimene|isikud|üksikisikud|individuals|people",
    AssetCategory.associations: "ühendused|ühendus|seltsid|associations",
    AssetCategory.institutions: "asutused|asutus|institutsioonid|institutions",
    AssetCategory.physical: "füüsilised|füüsiline|physical|places",
    AssetCategory.economic: "majanduslikud|majanduslik|majandus|economic",
    AssetCategory.cultural: "kultuurilised|kultuuriline|kultuur|cultural|culture",
}
CATEGORY_ALIASES = {fold(word): category for category, words in CATEGORY_WORDS.items()
                    for word in words.split("|")}
_KINDS = {
    CommunityKind.settlement: "küla|alevik|alev|linn|asula|paikkond|settlement|village|"
                              "town|small town",
    CommunityKind.district: "linnaosa|piirkond|osavald|district|area",
    CommunityKind.interest: "huvikogukond|huvirühm|huvigrupp|interest|interest community|"
                            "interest group",
    CommunityKind.organisation: "organisatsioon|mtü|mittetulundusühing|seltsing|selts|"
                                "ühing|ühistu|organisation|organization|ngo|association",
}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[_:*.()\[\]/]", " ", fold(str(text))).split())


def _header_aliases() -> dict[str, str]:
    aliases = {alias: column for column, names in _HEADERS.items()
               for alias in names.split("|")}
    for word, category in CATEGORY_ALIASES.items():
        for pattern in ("ressursid {}", "{} ressursid", "resources {}", "{} resources",
                        "assets {}", "{} assets"):
            aliases[pattern.format(word)] = f"assets_{category.value}"
    aliases.update({column: column for column in COLUMNS})
    found = {_key(alias): column for alias, column in aliases.items()}
    for column in COLUMNS:  # the form's own labels, so the CSV and XLSX exports read back in
        if has(key := f"field.{column}"):
            for lang in ("et", "en"):
                found.setdefault(_key(t(key, lang)), column)
    return found


def _kind_aliases() -> dict[str, CommunityKind]:
    aliases = {alias: kind for kind, names in _KINDS.items() for alias in names.split("|")}
    aliases.update({kind.value: kind for kind in CommunityKind})
    for kind in CommunityKind:  # the form's own labels, so an export reads back in
        if has(key := f"community.kind.{kind.value}"):
            aliases.update({t(key, lang): kind for lang in ("et", "en")})
    return {_key(alias): kind for alias, kind in aliases.items()}


HEADER_ALIASES = _header_aliases()
KIND_ALIASES = _kind_aliases()


def column_for(header) -> str | None:
    """The canonical column of a file's header, or None for a column to ignore."""
    if header is None:
        return None
    key = _key(header)
    if key in HEADER_ALIASES:
        return HEADER_ALIASES[key]
    return HEADER_ALIASES.get(_key(re.sub(r"\([^)]*\)\s*$", "", fold(str(header)))))


def kind_for(text: str) -> CommunityKind | None:
    """The kind named by ``text`` (empty: settlement), or None when it is unknown."""
    return KIND_ALIASES.get(_key(text)) if text.strip() else CommunityKind.settlement
