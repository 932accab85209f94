"""The team's communities as GeoJSON (RFC 7946) that QGIS and uMap open as they are.

Coordinates are WGS84 longitude, latitude. Property names are stable codes;
values (kinds, phases, levels) are in the export's language. A foreign member
``koosloome`` says which team, when, and whether personal data is included;
communities without a location are listed there by name.
"""

from __future__ import annotations

import json

from ..geo.layers import kind_colour
from ..i18n import t
from ..model.sections import AssetCategory
from .content import TeamContent
from .tables import level_name


def features(content: TeamContent, lang: str) -> list[dict]:
    highest = {row.community_id: row.highest for row in content.matrix}
    out = []
    for e in content.communities:
        d = e.data
        if d.location is None:
            continue
        phase = content.phases.get(e.id)
        level = highest.get(e.id)
        props = {
            "id": e.id, "name": d.name, "kind": d.kind.value,
            "kind_name": t(f"community.kind.{d.kind.value}", lang),
            "phase": phase,
            "phase_name": content.rubric.phase(phase).name(lang) if phase else None,
            "engagement_level": level.value if level else None,
            "engagement_level_name": level_name(level, lang) if level else None,
            "size": d.size, "organisations": "\n".join(d.organisations),
            "needs": "\n".join(d.needs),
            **{f"assets_{c.value}": "\n".join(a.text for a in d.assets if a.category is c)
               for c in AssetCategory},
            "description": d.notes,
            "_umap_options": {"color": kind_colour(d.kind)},
        }
        if content.personal:
            props.update(contact_name=d.contact.name, contact_email=d.contact.email,
                         contact_phone=d.contact.phone)
        out.append({"type": "Feature", "id": e.id,
                    "geometry": {"type": "Point",
                                 "coordinates": [round(d.location.lon, 7),
                                                 round(d.location.lat, 7)]},
                    "properties": props})
    return out


def geojson_bytes(content: TeamContent, lang: str) -> bytes:
    team = content.team.data
    located = features(content, lang)
    collection = {
        "type": "FeatureCollection",
        "name": f"{team.name} – {t('section.communities', lang)}",
        "koosloome": {"team": team.name, "municipality": team.municipality_name,
                      "municipality_code": team.municipality_code,
                      "exported_on": content.exported_on.isoformat(),
                      "personal_data": content.personal,
                      "without_location": [e.data.name for e in content.communities
                                           if e.data.location is None]},
        "features": located,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
