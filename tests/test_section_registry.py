"""One registry of sections: everything reads it, and a new section takes five files."""

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from workbook import hub
from workbook.model import KINDS, Section
from workbook.section_registry import SECTIONS, SPECS, resolve
from workbook.ui.app import BY_SLUG, ROUTES

ROOT = Path(__file__).resolve().parent.parent
NEW = Path(__file__).with_name("fixtures") / "new_section"
REGISTRY = "workbook/section_registry.py"


def test_every_section_is_declared_once_in_order():
    assert [spec.section for spec in SECTIONS] == list(Section)
    assert [s.numeral for s in SECTIONS] == ["I", "II", "III", "IV", "V", ""]
    for spec in SECTIONS:
        for path in (spec.page, spec.progress, spec.tables, spec.report, *spec.slides):
            assert callable(resolve(path)), (spec.name, path)
        assert (ROOT / "notebooks" / spec.notebook).is_file()
        assert BY_SLUG[spec.slug].section is spec.section
        assert spec.notebook in hub.PAGES
    assert [r.section for r in ROUTES if r.section] == list(Section)
    # every section-bound kind belongs to a declared section
    assert {k.SECTION for k in KINDS.values() if k.SECTION} <= set(SPECS)


def _copy(target: Path) -> None:
    """The parts of the checkout that the app reads, with their relative links."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "workbook", target / "workbook", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "notebooks", target / "notebooks", ignore=ignore)
    for part in ("frameworks", "demo"):
        shutil.copytree(ROOT / "data" / part, target / "data" / part)


def _add_the_trial_section(root: Path) -> None:
    """What a developer does to add a section, following docs/architecture.md."""
    registry = root / REGISTRY
    text = registry.read_text(encoding="utf-8")
    text = text.replace('    pilot = "pilot"\n', '    pilot = "pilot"\n    trial = "trial"\n', 1)
    text = text.replace("\n)\nSPECS", "\n" + (NEW / "registry_entry.txt").read_text() + ")\nSPECS",
                        1)
    registry.write_text(text + (NEW / "registry_rules.py").read_text(), encoding="utf-8")
    shutil.copy(NEW / "trial_page.py", root / "workbook/ui/trial_page.py")
    shutil.copy(NEW / "notebook.json", root / "notebooks/10_proov.ipynb")
    for lang in ("et", "en"):
        shutil.copy(NEW / f"trial.{lang}.yaml", root / f"workbook/locales/trial.{lang}.yaml")


def _changed(before: Path, after: Path) -> list[str]:
    changed = []
    for folder, _dirs, files in os.walk(after):
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(after)
            if "__pycache__" in relative.parts:
                continue
            old = before / relative
            if not old.exists() or not filecmp.cmp(old, path, shallow=False):
                changed.append(str(relative))
    return sorted(changed)


def test_a_new_section_takes_five_files_and_shows_everywhere(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    _copy(before)
    _copy(after)
    _add_the_trial_section(after)
    assert _changed(before, after) == [
        "notebooks/10_proov.ipynb", "workbook/locales/trial.en.yaml",
        "workbook/locales/trial.et.yaml", REGISTRY, "workbook/ui/trial_page.py"]
    env = {**os.environ, "PYTHONPATH": str(after), "WORKBOOK_DATA": str(tmp_path / "data")}
    db = f"sqlite:///{tmp_path / 'trial.sqlite'}"
    done = subprocess.run([sys.executable, str(NEW / "check.py"), db], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": ok") == 5, done.stdout
