"""The workbook as pandas DataFrames, for mentors who work in JupyterLab.

    from workbook import analysis
    session = analysis.connect(key)             # the mentor's personal key
    frames = analysis.frames(session, team_id)  # one DataFrame per kind
    analysis.save_map(session, team_id, "kaart.html")

Everything goes through the service, so a mentor's key reads every team of the
cohort and writes nothing but comments, statuses and mentoring hours.
Personal contact data is left out unless ``personal=True``.

Under JupyterHub, ``connect()`` takes the hub login instead of a key, and a staff
JupyterLab's database is read-only and limited to the person's cohort (see
``workbook/store/readonly.py``): the API reads, and writes are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import communities, settings
from .geo import geodata
from .model import KINDS, without_personal
from .service import Service, Session
from .service.collaboration import META_KINDS

CONTENT_KINDS = [k for k, m in KINDS.items() if m.SECTION is not None]


def connect(key: str | None = None, url: str | None = None) -> Session:
    """A session for a personal key on the configured database (WORKBOOK_DB) or ``url``.

    Without ``key``, the key comes from the environment variable KOOSLOOME_MENTOR_KEY;
    without either, under JupyterHub (WORKBOOK_AUTH=hub), the hub login.
    """
    key = key or os.environ.get("KOOSLOOME_MENTOR_KEY")
    service = Service.open(url)
    if not key and settings.get("WORKBOOK_AUTH") == "hub":
        return service.login_hub(os.environ.get("JUPYTERHUB_USER"))
    return service.login(key)


def team_ids(session: Session) -> dict[str, str]:
    """Team name -> id, for every team the key may read."""
    return {team.data.name: team.id for team in session.teams()}


def _flat(data: dict) -> dict:
    out = {}
    for name, value in data.items():
        if isinstance(value, dict):
            out.update({f"{name}.{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            out[name] = "; ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v)
                                  for v in value)
        else:
            out[name] = value
    return out


def frame(session: Session, team_id: str, kind: str, personal: bool = False) -> pd.DataFrame:
    """One kind of a team's items: a row per item, nested fields as ``a.b`` columns."""
    rows = []
    for e in session.items(kind, team_id):
        data = e.data.model_dump(mode="json")
        rows.append({"id": e.id, "version": e.version, "updated_at": e.updated_at,
                     **_flat(data if personal else without_personal(kind, data))})
    return pd.DataFrame(rows)


def frames(session: Session, team_id: str, personal: bool = False) -> dict[str, pd.DataFrame]:
    """Every content kind of a team's workbook, plus comments and section statuses."""
    kinds = CONTENT_KINDS + sorted(META_KINDS)
    return {kind: frame(session, team_id, kind, personal) for kind in kinds}


def review(session: Session) -> pd.DataFrame:
    """The mentor's matrix: team x section with status, last change and open comments."""
    names = {t.id: t.data.name for t in session.teams()}
    return pd.DataFrame([{"team": names[c.team_id], "section": c.section.value,
                          "status": c.status.value, "last_change": c.last_change,
                          "open_comments": c.open_comments,
                          "changed_since_review": c.changed_since_review}
                         for c in session.review_matrix()])


def save_map(session: Session, team_id: str, path: str | Path, lang: str = "et") -> Path:
    """The team's communities as an offline HTML map (outlines when geodata is built)."""
    path = Path(path)
    path.write_text(communities.static_map_html(session, team_id, lang, geodata.load()),
                    encoding="utf-8")
    return path
