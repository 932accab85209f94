"""Identity from JupyterHub: the hub's login matched to a person, checked in the service;
each role's single-user server (the browser side is tests/browser/test_hub.py)."""

from __future__ import annotations

import json

import pytest
from tornado import web

from workbook import hub, limits, settings
from workbook.exceptions import ConfigError, UnknownHubUser
from workbook.model import Access
from workbook.store import readonly
from workbook.ui.context import PageContext, open_session


def test_a_hub_login_is_the_person_with_that_username(cohort):
    anne = cohort.service.login_hub("anne")
    assert anne.actor.name == "Anne Vallasekretär" and anne.actor.access is Access.member
    assert anne.actor.team_id == cohort.teams["Saaremaa meeskond"]
    assert cohort.service.login_hub("mart").actor.access is Access.mentor
    for nobody in ("stranger", "", None, "Anne"):
        with pytest.raises(UnknownHubUser):
            cohort.service.login_hub(nobody)


def test_a_user_name_is_one_person_s_in_a_cohort(cohort):
    from workbook.exceptions import ValidationFailed

    admin = cohort.admin
    tiina = next(p for p in admin.people(cohort.teams["Rõuge meeskond"])
                 if p.data.name == "Tiina Tamm")
    with pytest.raises(ValidationFailed) as info:
        admin.save(tiina.id, {**tiina.data.model_dump(mode="json"), "username": "anne"},
                   expected_version=tiina.version)
    assert info.value.errors[0][:2] == ("username", "username_taken")
    with pytest.raises(ValidationFailed):
        admin.create("person", {"name": "Teine Anne", "access": "mentor", "username": "anne"})
    kept = admin.save(tiina.id, {**tiina.data.model_dump(mode="json"), "role": "vallavanem"},
                      expected_version=tiina.version)  # her own name stays hers
    assert kept.data.username == "tiina"


def test_pages_take_the_hub_user_and_ignore_a_key(cohort, monkeypatch, db_url):
    monkeypatch.setenv("WORKBOOK_DB", db_url)
    monkeypatch.setenv("WORKBOOK_AUTH", "hub")
    monkeypatch.setenv("JUPYTERHUB_USER", "tiina")
    ctx = PageContext(key=cohort.links["Anne Vallasekretär"].key, lang="et")
    open_session(ctx)
    assert ctx.session.actor.name == "Tiina Tamm" and ctx.key is None
    assert "k=" not in ctx.link("01_kogukonnad.ipynb")


def test_auth_setting_is_checked():
    with pytest.raises(ConfigError, match="WORKBOOK_AUTH must be link or hub"):
        settings.check_environment({"WORKBOOK_AUTH": "password"})


def test_members_servers_run_pages_only_and_staff_get_jupyterlab():
    member = hub.server_args(Access.member)
    assert "--ServerApp.contents_manager_class=workbook.hub.ReadOnlyContents" in member
    assert "jupyterlab=False" in member and "--ServerApp.terminals_enabled=False" in member
    allowed = [a.split("=", 1)[1] for a in member
               if a.startswith("--MappingKernelManager.allowed_message_types=")]
    assert "execute_request" not in allowed and "comm_msg" in allowed
    assert hub.server_args(None) == member  # someone the workbook does not know
    staff = hub.server_args(Access.mentor)
    assert "jupyterlab=False" not in staff and not any("allowed_message" in a for a in staff)
    for args in (member, staff):  # websocket messages are bounded under the hub too
        tornado = [json.loads(a.split("=", 1)[1]) for a in args
                   if a.startswith("--ServerApp.tornado_settings=")]
        assert tornado == [{"websocket_max_message_size": limits.WEBSOCKET_MAX_BYTES}]


def test_the_spawn_hook_sets_the_role_and_the_settings(cohort, monkeypatch, db_url):
    monkeypatch.setenv("WORKBOOK_DB", db_url)

    class User:
        name = "kadri"

    class Spawner:
        user, args, environment = User(), ["--allow-root"], {"EXTRA": "1"}

    spawner = Spawner()
    hub.pre_spawn_hook(spawner)
    assert spawner.args[0] == "--allow-root" and "jupyterlab=False" not in spawner.args
    assert spawner.environment["WORKBOOK_AUTH"] == "hub" and spawner.environment["EXTRA"] == "1"
    assert spawner.environment["WORKBOOK_DB"] == db_url
    assert spawner.default_url == hub.HOME_URL
    # staff notebooks: the cohort's read-only URL (workbook/store/readonly.py)
    assert spawner.environment[hub.LAB_DB] == readonly.url(db_url, cohort.cohort_id)
    User.name = "anne"
    member = Spawner()
    hub.pre_spawn_hook(member)
    assert hub.LAB_DB not in member.environment and "jupyterlab=False" in member.args


PAGE_ENV = {"VOILA_BASE_URL": "/user/mart/", "WORKBOOK_DB": "rw",
            "SCRIPT_NAME": "/user/mart/voila/render/07_mentor.ipynb"}


def test_only_the_workbook_s_pages_get_the_read_write_database():
    assert hub.kernel_env(PAGE_ENV, "", "ro")["WORKBOOK_DB"] == "rw"
    not_pages = [
        ({"JPY_SESSION_NAME": "x.ipynb", "WORKBOOK_DB": "rw"}, ""),  # JupyterLab
        (None, ""),  # the kernels API
        ({**PAGE_ENV, "SCRIPT_NAME": "/user/mart/voila/render/mentor_analysis.ipynb"}, ""),
        ({**PAGE_ENV, "SCRIPT_NAME": "/user/mart/voila/render/oma/07_mentor.ipynb"}, "oma"),
        ({**PAGE_ENV, "SCRIPT_NAME": "/u/voila/render/voila/render/07_mentor.ipynb"},
         "voila/render"),
        ({k: v for k, v in PAGE_ENV.items() if k != "VOILA_BASE_URL"}, ""),
    ]
    for env, folder in not_pages:
        assert hub.kernel_env(env, folder, "ro")["WORKBOOK_DB"] == "ro"  # staff: read-only
        with pytest.raises(web.HTTPError) as info:  # a member's server: no such kernel
            hub.kernel_env(env, folder, None)
        assert info.value.status_code == 403


def test_members_files_and_checkpoints_are_read_only_and_staff_keep_off_the_pages(tmp_path):
    (tmp_path / "00_avaleht.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, '
                                               '"nbformat_minor": 5}', encoding="utf-8")
    members = hub.ReadOnlyContents(root_dir=str(tmp_path))
    for write in (lambda: members.create_checkpoint("00_avaleht.ipynb"),
                  lambda: members.restore_checkpoint("x", "00_avaleht.ipynb"),
                  lambda: members.delete_checkpoint("x", "00_avaleht.ipynb")):
        with pytest.raises(web.HTTPError) as info:
            write()
        assert info.value.status_code == 403
    assert not (tmp_path / ".ipynb_checkpoints").exists()
    (tmp_path / "oma").mkdir()
    staff = hub.StaffContents(root_dir=str(tmp_path))
    model = staff.get("00_avaleht.ipynb")
    for write in (lambda: staff.save(model, "00_avaleht.ipynb"),
                  lambda: staff.save(model, "oma/00_avaleht.ipynb"),
                  lambda: staff.rename_file("00_avaleht.ipynb", "vana.ipynb"),
                  lambda: staff.delete_file("00_avaleht.ipynb")):
        with pytest.raises(web.HTTPError):
            write()
    staff.save(model, "minu_analuus.ipynb")  # their own notebooks are theirs
    assert (tmp_path / "minu_analuus.ipynb").exists()
