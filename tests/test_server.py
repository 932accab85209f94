import logging

import pytest

from workbook import server
from workbook.exceptions import ConfigError


def test_voila_runs_with_tracebacks_hidden_and_preheated_kernels(tmp_path):
    argv = server.voila_argv({"WORKBOOK_POOL_SIZE": "2", "WORKBOOK_PORT": "9000"})
    assert "--VoilaConfiguration.show_tracebacks=False" in argv
    assert "--VoilaConfiguration.preheat_kernel=True" in argv
    assert "--VoilaConfiguration.default_pool_size=2" in argv
    assert "--port=9000" in argv and "--template=koosloome" in argv
    assert "--VoilaConfiguration.preheat_kernel=False" in server.voila_argv(
        {"WORKBOOK_POOL_SIZE": "0"})


def test_database_inside_the_served_folder_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="inside the served folder"):
        server.check_database_outside(tmp_path, f"sqlite:///{tmp_path / 'sub' / 'db.sqlite'}")
    server.check_database_outside(tmp_path / "notebooks", f"sqlite:///{tmp_path / 'db.sqlite'}")


def test_access_keys_are_redacted_from_logs(caplog):
    logger = logging.getLogger("tornado.access.test")
    logger.addFilter(server.RedactKeys())
    key = "A" * 32
    with caplog.at_level(logging.INFO):
        logger.info("200 GET %s (127.0.0.1)", f"/voila/render/00_avaleht.ipynb?k={key}&lang=et")
    assert key not in caplog.text and "k=***&lang=et" in caplog.text


def test_template_has_no_remote_assets():
    template = server.TEMPLATES / "voila" / "templates" / "koosloome" / "index.html.j2"
    assert "http" not in template.read_text()


def test_kernels_of_closed_pages_are_culled():
    argv = server.voila_argv({})
    assert "--MappingKernelManager.cull_connected=False" in argv  # open pages keep theirs
    assert f"--MappingKernelManager.cull_idle_timeout={server.CULL_IDLE_SECONDS}" in argv
