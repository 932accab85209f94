import subprocess
import sys
from pathlib import Path

import pytest

from workbook import settings
from workbook.exceptions import ConfigError

ROOT = Path(__file__).resolve().parent.parent
GENERATED = [ROOT / "docs" / name for name in ("settings.md", "commands.md", "file-formats.md")]


def test_the_settings_and_commands_references_are_up_to_date():
    """docs/settings.md and docs/commands.md are what cog makes from the code now: after
    a change to a setting or a command, run ``cog -r docs/*.md``."""
    out = subprocess.run([sys.executable, "-m", "cogapp", "--check", *map(str, GENERATED)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    text = GENERATED[0].read_text(encoding="utf-8")
    assert [s.name for s in settings.SETTINGS if f"`{s.name}`" not in text] == []


def test_unknown_setting_is_rejected():
    with pytest.raises(ConfigError, match="WORKBOOK_DATABSE"):
        settings.check_environment({"WORKBOOK_DATABSE": "x"})


@pytest.mark.parametrize("env", [{"WORKBOOK_LANG": "fi"}, {"WORKBOOK_PORT": "eighty"},
                                 {"WORKBOOK_KERNELS_PER_KEY": "0"},
                                 {"WORKBOOK_MAX_KERNELS": "many"}])
def test_bad_values_are_rejected(env):
    with pytest.raises(ConfigError):
        settings.check_environment(env)


def test_bare_path_means_sqlite(tmp_path):
    url = settings.database_url({"WORKBOOK_DB": str(tmp_path / "x.sqlite")})
    assert url == f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert settings.database_url({"WORKBOOK_DB": "postgresql://h/db"}) == "postgresql://h/db"


def test_default_database_is_outside_the_notebooks():
    db = Path(settings.database_url({}).removeprefix("sqlite:///"))
    assert not db.is_relative_to(Path(settings.get("WORKBOOK_NOTEBOOKS", {})))


def test_kernel_limits_have_defaults():
    assert settings.get("WORKBOOK_KERNELS_PER_KEY", {}) == "6"
    assert settings.get("WORKBOOK_MAX_KERNELS", {}) == "120"
    settings.check_environment({"WORKBOOK_KERNELS_PER_KEY": "2", "WORKBOOK_MAX_KERNELS": "9"})
