"""Identity from JupyterHub: the hub's login matched to a person, checked in the service;
each role's single-user server (the browser side is tests/browser/test_hub.py)."""

from __future__ import annotations

import pytest

from workbook import hub, settings
from workbook.exceptions import ConfigError, UnknownHubUser
from workbook.model import Access
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
