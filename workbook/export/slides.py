"""Seminar slides: one self-contained HTML deck the team can present as it is.

Eight slides: the team and its topic, the community map, development phases,
engagement, the collaboration model, the action plan, the pilot's results, and
lessons. Arrow keys, Page Up/Down, space or a click move between slides; "f"
goes full screen; printing gives one slide per page. Nothing is fetched: the
style, the script, the charts and the map are all inline.
"""

from __future__ import annotations

from ..html import esc, tag
from ..i18n import format_date, t
from ..model.sections import ModelPartName, PilotPartName
from ..section_registry import SECTIONS, resolve
from . import figures
from .content import TeamContent
from .report import document, hours_html, markdown_block, plan_summary

SLIDE_CSS = """
body.wb-deck { background: #102a43; overflow: hidden; }
.wb-slide { display: none; position: absolute; inset: 0; margin: auto; width: 100vw;
  height: 100vh; max-width: calc(100vh * 16 / 9); max-height: calc(100vw * 9 / 16);
  background: #fff; padding: 3.2vh 4vw; overflow: auto; }
.wb-slide.wb-current { display: block; }
.wb-slide h1 { font-size: 5.2vh; } .wb-slide h2 { font-size: 4.2vh; margin-top: 0; }
.wb-slide { font-size: 2.4vh; }
.wb-slide .wb-map-frame { height: 56vh; }
.wb-slide .wb-cols { display: flex; gap: 3vw; } .wb-slide .wb-cols > * { flex: 1; min-width: 0; }
.wb-slide svg { max-width: 100%; height: auto; max-height: 58vh; }
.wb-slide .wb-markdown { max-height: 30vh; overflow: auto; }
.wb-counter { position: fixed; right: 12px; bottom: 8px; color: #bcccdc; font-size: 12px; }
.wb-big { font-size: 7vh; font-weight: 700; color: #0b6e4f; }
@media print {
  body.wb-deck { background: #fff; overflow: visible; }
  .wb-slide { display: block; position: static; width: auto; height: auto; max-width: none;
    max-height: none; break-after: page; overflow: visible; }
  .wb-counter { display: none; }
}
@page { size: A4 landscape; margin: 10mm; }
"""

SLIDE_JS = """
(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.wb-slide'));
  var counter = document.querySelector('.wb-counter'), i = 0;
  function show(n) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle('wb-current', k === i); });
    counter.textContent = (i + 1) + ' / ' + slides.length;
    document.documentElement.setAttribute('data-wb-slide', String(i + 1));
    if (location.hash !== '#' + (i + 1)) { history.replaceState(null, '', '#' + (i + 1)); }
  }
  document.addEventListener('keydown', function (e) {
    if (['ArrowRight', 'PageDown', ' ', 'Enter'].indexOf(e.key) >= 0) {
      show(i + 1); e.preventDefault();
    } else if (['ArrowLeft', 'PageUp', 'Backspace'].indexOf(e.key) >= 0) {
      show(i - 1); e.preventDefault();
    }
    else if (e.key === 'Home') { show(0); } else if (e.key === 'End') { show(slides.length - 1); }
    else if (e.key === 'f' && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen(); }
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest('a, iframe, button')) { return; }
    show(e.clientX < window.innerWidth / 3 ? i - 1 : i + 1);
  });
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


def slide(title: str, body: str, cls: str = "") -> str:
    return tag("section", tag("h2", esc(title)) + body, f"wb-slide {cls}".strip())


def _parts(names, prefix: str, store: dict, lang: str) -> str:
    return "".join(tag("h3", esc(t(f"{prefix}.{n.value}", lang)))
                   + markdown_block(store.get(n.value, ""), lang) for n in names
                   if store.get(n.value, "").strip())


def title_slide(c: TeamContent, lang: str) -> str:
    team, cohort = c.team.data, c.cohort.data
    when = format_date(cohort.seminar_date, lang) if cohort.seminar_date else ""
    members = ", ".join(p.data.name for p in c.members)
    demo = tag("div", esc(t("app.demo_banner", lang)), "wb-demo") if cohort.demo else ""
    return tag("section", tag("h1", esc(team.name)) + demo
               + tag("p", esc(team.municipality_name), "wb-big")
               + tag("p", tag("strong", esc(team.topic)))
               + tag("p", esc(members)) + tag("p", esc(f"{cohort.name} · {when}".strip(" ·")),
                                              "wb-muted"),
               "wb-slide wb-title")


def _or_empty(html: str, lang: str) -> str:
    return html or tag("p", esc(t("export.not_written", lang)), "wb-empty")


def map_slide(c: TeamContent, lang: str) -> str:
    title = t("section.communities", lang)
    located = sum(1 for e in c.communities if e.data.location)
    count = t("communities.count", lang, count=len(c.communities), located=located)
    return slide(title, tag("p", esc(count), "wb-muted")
                 + figures.map_frame(figures.map_document(c, lang, title), title))


def phases_slide(c: TeamContent, lang: str) -> str:
    radar = next((svg for e in c.communities if (svg := figures.radar(c, e, lang))), "")
    return slide(t("section.phases", lang), tag("div", tag("div", figures.phase_bars(c, lang))
                                                + tag("div", radar), "wb-cols"))


def engagement_slide(c: TeamContent, lang: str) -> str:
    informing = [row.name for row in c.matrix if row.only_informing]
    agreed = sum(1 for a in c.agreements if a.data.status.value == "agreed")
    notes = tag("p", esc(t("export.agreements_count", lang, count=len(c.agreements),
                           agreed=agreed)))
    if informing:
        notes = tag("p", esc(t("export.only_informing", lang, names=", ".join(informing)))) \
            + notes
    return slide(t("section.engagement", lang),
                 tag("div", tag("div", figures.level_bars(c, lang)) + tag("div", notes),
                     "wb-cols"))


def model_slide(c: TeamContent, lang: str) -> str:
    parts = [ModelPartName.aims, ModelPartName.principles, ModelPartName.decisions,
             ModelPartName.representation]
    return slide(t("section.model", lang), tag("div", _or_empty(
        _parts(parts, "model.part", c.model_parts, lang), lang), "wb-cols"))


def plan_slide(c: TeamContent, lang: str) -> str:
    return slide(t("section.plan", lang), markdown_block(c.vision, lang)
                 + tag("p", esc(plan_summary(c, lang)), "wb-muted") + figures.timeline(c, lang))


def pilot_slide(c: TeamContent, lang: str) -> str:
    parts = _parts([PilotPartName.tried, PilotPartName.worked], "pilot.part", c.pilot_parts,
                   lang)
    return slide(t("export.pilot_results", lang), hours_html(c, lang) + parts)


def lessons_slide(c: TeamContent, lang: str) -> str:
    parts = _parts([PilotPartName.changes, PilotPartName.highlights], "pilot.part",
                   c.pilot_parts, lang)
    return slide(t("export.lessons", lang), _or_empty(parts, lang))


def deck_html(c: TeamContent, lang: str) -> str:
    """The whole deck as one HTML document."""
    slides = title_slide(c, lang) + "".join(
        resolve(make)(c, lang) for spec in SECTIONS for make in spec.slides)
    body = (tag("main", slides, "wb-deck-slides") + '<div class="wb-counter"></div>'
            + f"<script>{SLIDE_JS}</script>")
    page = document(f"{c.team.data.name} · {t('export.slides', lang)}", body, lang,
                    f"<style>{SLIDE_CSS}</style>")
    return page.replace("<body>", '<body class="wb-deck">', 1)
