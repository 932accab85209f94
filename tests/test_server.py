import json
import logging

import pytest

from workbook import limits, log_redaction, server
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


def test_access_keys_are_redacted_from_every_logger(caplog):
    """Once installed (``workbook serve`` does), records of any logger, a child's
    included, lose their keys before any handler sees them."""
    previous = logging.getLogRecordFactory()
    log_redaction.install()
    try:
        key = "A" * 32
        with caplog.at_level(logging.INFO):
            for name in ("tornado.access", "tornado.general", "tornado.general.child", "Voila"):
                logging.getLogger(name).info("404 GET %s (127.0.0.1)",
                                             f"/voila/render/x.ipynb?k={key}&lang=et")
        assert key not in caplog.text and caplog.text.count("k=***&lang=et") == 4
    finally:
        logging.setLogRecordFactory(previous)


def test_websocket_messages_are_capped_above_the_upload_limit():
    from workbook.io.importers import MAX_BYTES

    argv = server.voila_argv({})
    setting = next(a for a in argv if a.startswith("--Voila.tornado_settings="))
    limit = json.loads(setting.split("=", 1)[1])["websocket_max_message_size"]
    assert limit == limits.WEBSOCKET_MAX_BYTES
    assert MAX_BYTES + 1_000_000 < limit < 10_000_000  # a 5 MB upload passes, 10 MB does not


def test_template_has_no_remote_assets():
    template = server.TEMPLATES / "voila" / "templates" / "koosloome" / "index.html.j2"
    assert "http" not in template.read_text()


def test_kernels_of_closed_pages_are_culled():
    argv = server.voila_argv({})
    assert "--MappingKernelManager.cull_connected=False" in argv  # open pages keep theirs
    assert f"--MappingKernelManager.cull_idle_timeout={server.CULL_IDLE_SECONDS}" in argv
