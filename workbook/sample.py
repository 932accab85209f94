"""A filled-in sample workbook: invented but plausible content in every section.

The demo cohort's third team uses it, so the pages and the seminar exports show
what a finished workbook looks like; the export benchmark and tests use it at any
size. Everything goes through the service as the team's own members (ratings as
each rater), so the sample obeys the same rules as real input. Deterministic for
a given ``seed``.
"""

from __future__ import annotations

import datetime as dt
import random

import shapely.geometry

from .frameworks import load
from .geo.geodata import Geodata
from .model import Access, Section, Status
from .model.sections import ActivityStatus, AssetCategory, ModelPartName, PilotPartName, Round
from .service import Session
from .service.permissions import Actor

PLACES = ["Ala", "Jõe", "Kase", "Kuuse", "Männi", "Pae", "Raba", "Saare", "Tamme", "Vahe",
          "Mõisa", "Kivi", "Järve", "Metsa", "Nõmme", "Oja", "Pihla", "Sau", "Uue", "Vana"]
NEEDS = ["Ühistransport", "Noorte vaba aja võimalused", "Eakate abi talvel", "Kiire internet",
         "Külamaja remont", "Kergliiklustee", "Lasteaia kohad", "Kogukonnapood",
         "Teede talvine hooldus", "Matkarada"]
ASSETS = {AssetCategory.individuals: ["Aktiivsed pensionärid", "Noored vabatahtlikud"],
          AssetCategory.associations: ["Külaselts", "Naisselts", "Spordiklubi"],
          AssetCategory.institutions: ["Kool", "Raamatukogu", "Rahvamaja"],
          AssetCategory.physical: ["Külaplats", "Laululava", "Paadisild"],
          AssetCategory.economic: ["Talupood", "Puidutöökoda"],
          AssetCategory.cultural: ["Küla ajalugu", "Jaanitule traditsioon"]}
MODEL_TEXT = {
    "aims": "Vald ja külad otsustavad **koos**, kuidas kasutada külade arengu raha.",
    "principles": "- Avatus: kõik koosolekud on avalikud\n- Usaldus: lubadused peetakse\n"
                  "- Võrdväärsus: iga küla hääl loeb",
    "forms_by_phase": "Uinuvatele külades teavitame ja külastame; tegusate külade seltsidega "
                      "sõlmime koostöökokkuleppe.",
    "representation": "Iga küla valib üldkoosolekul esindaja kaheks aastaks.",
    "decisions": "Külade ümarlaud arutab ettepanekud läbi, vallavalitsus otsustab ja "
                 "põhjendab otsust avalikult.",
    "communication": "Valla leht kord kuus, külade ümarlaud kord kvartalis, ühine "
                     "sõnumirühm.",
    "resources": "Kogukonnatoetuste voor 20 000 eurot aastas; valla kogukonnaspetsialist.",
    "intercommunity": "Naaberkülad korraldavad ühiseid talguid ja jagavad inventari.",
    "advocacy": "Külade liit esindab külade huve valla arengukava koostamisel.",
}
PILOT_TEXT = {
    "tried": "Proovisime kaasavat eelarvet kolmes külas ja külade ümarlauda.",
    "worked": "Ümarlaud tõi kokku 9 küla esindajad; kaasavale eelarvele tuli 14 ideed.",
    "changes": "Ümarlaud toimub edaspidi õhtuti ja vaheldumisi eri külades.",
    "highlights": "Noorte idee – küla välijõusaal – võitis kaasava eelarve hääletuse.",
}


def _as(session: Session, person) -> Session:
    """A session acting as one of the team's members (the sample is written by them)."""
    actor = Actor(person_id=person.id, name=person.data.name, access=Access.member,
                  cohort_id=session.actor.cohort_id, team_id=person.team_id)
    return Session(session.service, actor)


def _places(geo: Geodata | None, code: str, count: int, rng: random.Random) -> list[tuple]:
    """(name, lat, lon, settlement code) for ``count`` communities in the municipality."""
    found = []
    if geo is not None:
        for feature in (geo.settlements_of(code) or {}).get("features", []):
            point = shapely.geometry.shape(feature["geometry"]).representative_point()
            props = feature["properties"]
            found.append((props.get("name", ""), point.y, point.x, props.get("code", "")))
        rng.shuffle(found)
    while len(found) < count:  # no geodata, or more communities than settlements
        i = len(found)
        found.append((f"{PLACES[i % len(PLACES)]}{'' if i < 20 else i // 20 + 1} küla",
                      58.3 + rng.uniform(-0.3, 0.3), 25.0 + rng.uniform(-0.5, 0.5), ""))
    return found[:count]


def fill_team(session: Session, team_id: str, *, communities: int = 8, seed: int = 1,
              geo: Geodata | None = None) -> None:
    """Fill every section of a team's workbook (``session`` may write it: a coordinator)."""
    rng = random.Random(seed)
    team = session.team(team_id).data
    members = session.people(team_id)
    if not members:
        raise ValueError(f"team {team.name} has no members to write its sample workbook")
    writer = _as(session, members[0])
    cohort = session.cohort().data
    start = min((w.date for w in cohort.workshops if w.date), default=dt.date(2026, 9, 1))
    frameworks = load()
    rubric = frameworks.rubric(cohort.rubric)

    made = []
    for name, lat, lon, code in _places(geo, team.municipality_code, communities, rng):
        assets = [{"category": cat.value, "text": rng.choice(texts)}
                  for cat, texts in ASSETS.items() if rng.random() < 0.5]
        made.append({"name": name, "kind": "settlement", "location": {"lat": lat, "lon": lon},
                     "settlement_codes": [code] if code else [],
                     "size": rng.randrange(40, 900), "needs": rng.sample(NEEDS, 2),
                     "assets": assets, "organisations": [f"MTÜ {name.split()[0]} Selts"]})
    made.append({"name": f"{team.municipality_name.split()[0]} noorte huvikogukond",
                 "kind": "interest", "needs": ["Oma ruum kokkusaamiseks"]})
    entries = writer.create_many("community", made, team_id=team_id)

    forms = frameworks.forms.forms
    writer.create_many("engagement_form", [
        {"community_id": e.id, "form": form.name("et"), "level": form.level.value,
         "frequency": rng.choice(["kord kuus", "kord kvartalis", "kord aastas"]),
         "effectiveness": rng.randrange(1, 6)}
        for e in entries for form in rng.sample(forms, rng.randrange(1, 4))], team_id=team_id)
    for title, status in (("Külade ümarlaua kokkulepe", "agreed"),
                          ("Külamajade haldamise kokkulepe", "draft")):
        writer.create("agreement", {
            "title": title, "parties": [team.municipality_name, "Külade liit"],
            "principles": "Kohtume regulaarselt ja otsustame koos.",
            "representatives": "Külavanemad", "selection": "Küla üldkoosolek valib",
            "status": status, "review_date": (start + dt.timedelta(days=365)).isoformat()},
            team_id=team_id)

    dims = [d.code for d in rubric.dimensions]
    for e in entries[: max(1, len(entries) * 2 // 3)]:
        base = rng.randrange(1, rubric.top)
        ratings = {}
        for member in members:
            ratings[member.id] = {d: min(rubric.top, max(1, base + rng.choice((-1, 0, 0, 1))))
                                  for d in dims}
            _as(session, member).create("assessment", {
                "community_id": e.id, "rater_id": member.id, "rubric": rubric.code,
                "round": Round.baseline.value, "date": start.isoformat(),
                "ratings": ratings[member.id], "submitted": True}, team_id=team_id)
        for round_, lift in ((Round.baseline, 0), (Round.followup, 1)):
            if round_ is Round.followup and rng.random() < 0.5:
                continue
            agreed = {d: min(rubric.top, round(sum(r[d] for r in ratings.values())
                                               / len(ratings)) + lift) for d in dims}
            phase = rubric.phase(min(agreed.values()))
            writer.create("phase_consensus", {
                "community_id": e.id, "rubric": rubric.code, "round": round_.value,
                "date": (start + dt.timedelta(days=42 if lift else 21)).isoformat(),
                "phases": agreed, "reason": "Arutasime hinnangud läbi ja leppisime kokku.",
                "interventions": [i("et") for i in phase.interventions[:2]]}, team_id=team_id)

    for part in ModelPartName:
        writer.create("model_part", {"part": part.value, "text": MODEL_TEXT[part.value]},
                      team_id=team_id)
    writer.create_many("model_party", [
        {"name": team.municipality_name, "side": "omavalitsus", "role": "eestvedaja"},
        {"name": "Külade liit", "side": "kogukond", "role": "külade esindaja"},
        {"name": "Kohalik Leader-tegevusgrupp", "side": "partner", "role": "rahastus"}],
        team_id=team_id)
    writer.create("delegation", {"service": "Külamajade haldamine", "partner": "Külaseltsid",
                                 "form": "halduslepingu alusel",
                                 "indicators": "Külastajate arv, rahulolu",
                                 "timeline": "2027"}, team_id=team_id)

    writer.create("vision", {"statement": "Aastal 2030 on igal külal hääl ja vald kuulab "
                                          "seda. Külad lahendavad oma mured **koos**."},
                  team_id=team_id)
    goals = writer.create_many("goal", [
        {"title": "Külade ümarlaud toimib", "indicator": "kohtumisi aastas", "target": "4"},
        {"title": "Kaasav eelarve", "indicator": "ideid voorus", "target": "20"},
        {"title": "Noored kaasa", "indicator": "noori ümarlauas", "target": "3"}],
        team_id=team_id)
    statuses = [ActivityStatus.done, ActivityStatus.under_way, ActivityStatus.planned,
                ActivityStatus.planned, ActivityStatus.dropped]
    activities = []
    for i, title in enumerate(["Külade ümarlaua esimene kohtumine", "Kaasava eelarve voor",
                               "Noorte ideekonkurss", "Külamajade kokkulepe",
                               "Ühistalgud", "Külavanemate koolitus", "Valla lehe külarubriik",
                               "Tagasiside küsitlus"]):
        begin = start + dt.timedelta(days=60 + 21 * i)
        activities.append({
            "title": title, "goal_id": goals[i % len(goals)].id,
            "community_ids": [e.id for e in rng.sample(entries, min(2, len(entries)))],
            "owner": members[i % len(members)].data.name, "start": begin.isoformat(),
            "end": (begin + dt.timedelta(days=rng.randrange(7, 90))).isoformat(),
            "budget_eur": str(rng.randrange(0, 40) * 250),
            "status": statuses[i % len(statuses)].value, "pilot": i < 4})
    writer.create_many("activity", activities, team_id=team_id)

    mentor = next((p for p in session.people(staff=True) if p.data.access is Access.mentor),
                  None)
    writer.create_many("mentoring_session", [
        {"date": (start + dt.timedelta(days=100 + 14 * i)).isoformat(),
         "mentor_id": mentor.id if mentor else None, "hours": str(hours),
         "topics": topic} for i, (hours, topic) in enumerate(
            [(3, "Piloodi käivitamine"), (2.5, "Ümarlaua ettevalmistus"),
             (2, "Kaasava eelarve reeglid"), (3, "Tagasiside ja õppetunnid")])], team_id=team_id)
    for pilot in PilotPartName:
        writer.create("pilot_report", {"part": pilot.value, "text": PILOT_TEXT[pilot.value]},
                      team_id=team_id)
    for section, status in ((Section.communities, Status.submitted),
                            (Section.engagement, Status.submitted),
                            (Section.phases, Status.submitted)):
        writer.set_status(team_id, section, status)
