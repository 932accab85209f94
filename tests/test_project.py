"""Project-level rules: dependencies in step, layering, thin notebooks without outputs."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].strip().lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    wanted = {_name(r) for r in project["dependencies"] + extras} - {project["name"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(d) for d in dep.get("pip", []) if not d.startswith("-e")}
        else:
            listed.add(_name(dep))
    assert wanted - listed == set(), "in pyproject.toml but not in environment.yml"
    assert listed - wanted - {"python", "pip"} == set(), "in environment.yml only"


def test_only_the_ui_imports_widgets():
    code = ("import sys, workbook, workbook.cli, workbook.demo, workbook.export, workbook.server, "
            "workbook.communities, workbook.geo.cache, workbook.geo.static_map; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('ipywidgets', 'ipyleaflet')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_pages_load_without_the_export_and_import_libraries():
    """folium, pandas, pyproj and openpyxl load only when a person exports or imports:
    an app kernel that has shown every section stays lean."""
    pages = ", ".join(f"workbook.ui.{m}" for m in (
        "app", "home", "communities", "engagement", "phases", "model_page", "plan_page",
        "pilot_page", "export_page", "mentor_page", "cohort_admin"))
    code = (f"import sys, {pages}; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('folium', 'pandas', 'pyproj', 'openpyxl', 'geopandas', 'shapely', 'numpy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_notebooks_are_thin_and_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), path
        assert sum(len("".join(c["source"]).splitlines()) for c in code) <= 10, path


def test_the_fast_tier_needs_no_gis_stack_at_import():
    """tests/conftest.py (and so every test's start) imports no geopandas, pyproj or
    shapely: the shared fixtures read the geodata shipped with the package."""
    code = ("import sys; sys.path.insert(0, '.'); import tests.conftest; "
            "print(sorted(m for m in ('geopandas', 'pyproj', 'shapely', 'fiona', 'pyogrio') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
