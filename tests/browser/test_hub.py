"""A real JupyterHub (dummy authenticator, local process spawner) in front of the workbook:
identity comes from the hub, each member sees only their team, and members get the
workbook's pages and nothing else of Jupyter; a mentor's JupyterLab reads the cohort
through a read-only connection."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from workbook import demo
from workbook.service import Service
from workbook.store import readonly
from workbook.store.scratch import new_database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "koosloome-test-token-0123456789abcdef"
USERS = {"anne": "Saaremaa meeskond", "tiina": "Rõuge meeskond"}
NOTEBOOKS = ROOT / "notebooks"

TEST_CONFIG = """
import os
c = get_config()
load_subconfig({deploy!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {{"anne", "tiina", "mart", "stranger"}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r} + "/{{username}}"
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.JupyterHub.services.append({{"name": "test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "test", "services": ["test"],
                                "scopes": ["admin:users", "admin:servers"]}})
"""


def api(base: str, path: str, method: str = "GET") -> dict:
    request = urllib.request.Request(f"{base}/hub/api{path}", method=method,
                                     headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else {}


def staff_role(url: str, cohort_id: str) -> str | None:
    """The cohort's read-only role, made as an operator would (``workbook db staff-role``)
    with a connection that may create roles: on PostgreSQL the test server's superuser
    (scripts/postgres) or KOOSLOOME_TEST_PG_ADMIN. The admin URL, or None."""
    if make_url(url).get_backend_name() != "postgresql":
        return None
    admin = os.environ.get("KOOSLOOME_TEST_PG_ADMIN") or make_url(url).set(
        username="postgres", password=None, query={}).render_as_string(hide_password=False)
    try:
        readonly.create_role(url, cohort_id, admin)
    except sa.exc.DBAPIError:  # the app's user cannot, and there is no admin here
        return None
    return admin


@pytest.fixture(scope="module")
def hub(tmp_path_factory, geodata_dir, free_port):
    folder = tmp_path_factory.mktemp("hub")
    url = new_database(folder, "workbook", os.environ.get("KOOSLOOME_TEST_PG") or None)
    service = Service.open(url, create=True)
    cohort_id = demo.create_demo(service, filled=False)
    admin = staff_role(url, cohort_id)
    port = free_port()
    config = folder / "jupyterhub_config.py"
    config.write_text(TEST_CONFIG.format(
        deploy=str(ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"), port=port,
        hub_port=free_port(), proxy_port=free_port(), home=str(folder / "home"),
        token=TOKEN), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUERY_STRING", "JUPYTER"))}
    env.update(WORKBOOK_DB=url, WORKBOOK_GEODATA=str(geodata_dir), KOOSLOOME_HUB_STATE=str(folder),
               WORKBOOK_DOWNLOADS=str(folder / "downloads"))
    log = folder / "hub.log"
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                            cwd=folder, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            api(base, "/")
            break
        except (OSError, urllib.error.URLError):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterHub did not start:\n" + log.read_text())
            time.sleep(0.5)
    for user in ("anne", "tiina", "mart"):  # start the servers (as the hub's admin would)
        api(base, f"/users/{user}/server", "POST")
    deadline = time.monotonic() + 120
    while not all(api(base, f"/users/{u}")["servers"].get("", {}).get("ready")
                  for u in ("anne", "tiina", "mart")):
        if time.monotonic() > deadline:
            raise RuntimeError("servers did not start:\n" + log.read_text())
        time.sleep(0.5)
    yield base, service
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    service.store.close()
    if admin:
        readonly.drop_role(cohort_id, admin)


def log_in(page, base: str, user: str, path: str = "voila/render/00_avaleht.ipynb"):
    pw = page.pw
    pw.goto(f"{base}/hub/login?next=/user/{user}/{path}")
    pw.fill("#username_input", user)
    pw.fill("#password_input", "any")
    pw.click("#login_submit")
    pw.wait_for_selector(".wb-ready", timeout=90_000)
    return pw


@pytest.mark.parametrize("user", sorted(USERS))
def test_each_member_sees_only_their_team_through_the_hub(hub, page, user):
    base, service = hub
    pw = log_in(page, base, user)
    body = pw.inner_text("body")
    other = next(team for u, team in USERS.items() if u != user)
    assert USERS[user] in body and other not in body
    assert "meeskonna liige" in pw.inner_text(".wb-who")
    admin = service.system(service.cohorts()[0].id)
    other_id = next(t.id for t in admin.teams() if t.data.name == other)
    pw = page.open(f"{base}/user/{user}/voila/render/01_kogukonnad.ipynb?team={other_id}"
                   "&k=forged")  # another team's id and a key change nothing
    assert USERS[user] in pw.inner_text(".wb-body") and other not in pw.inner_text(".wb-body")
    assert all("tile.openstreetmap.org" in url for url in page.remote)  # only map tiles


def test_members_get_the_pages_and_nothing_else_of_jupyter(hub, page):
    base, _service = hub
    pw = log_in(page, base, "anne")
    status = pw.evaluate("""async () => {
      const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || "";
      const put = await fetch("/user/anne/api/contents/oma.ipynb", {method: "PUT",
        headers: {"X-XSRFToken": xsrf, "Content-Type": "application/json"},
        body: JSON.stringify({type: "notebook", format: "json", content: {cells: [],
          metadata: {}, nbformat: 4, nbformat_minor: 5}})});
      const lab = await fetch("/user/anne/lab");
      const term = await fetch("/user/anne/api/terminals", {method: "POST",
        headers: {"X-XSRFToken": xsrf}});
      const checkpoint = await fetch("/user/anne/api/contents/00_avaleht.ipynb/checkpoints",
        {method: "POST", headers: {"X-XSRFToken": xsrf}});
      return [put.status, lab.status, term.status, checkpoint.status];
    }""")
    assert status[0] == 403  # no notebook of her own for Voila to run
    assert status[1] == 404 and status[2] in (403, 404)  # no JupyterLab, no terminal
    assert status[3] == 403  # nor a checkpoint written into the notebooks folder
    assert not (NOTEBOOKS / ".ipynb_checkpoints").exists()


def test_pages_and_errors_send_no_referrer(hub, page):
    base, _service = hub
    pw = log_in(page, base, "anne")
    for path in ("voila/render/00_avaleht.ipynb", "api/contents/00_avaleht.ipynb",
                 "voila/render/pole_olemas.ipynb", "workbook/download/pole/olemas.pdf"):
        response = pw.request.get(f"{base}/user/anne/{path}")
        assert response.headers.get("referrer-policy") == "no-referrer", path
        assert "Traceback" not in response.text(), path


#: Run in a mentor's JupyterLab kernel: which database, what it reads, whether it writes.
LAB_PROBE = """
import json, os
from workbook import analysis
from workbook.model import Section
session = analysis.connect()
out = {"db": os.environ["WORKBOOK_DB"], "cohort": session.actor.cohort_id,
       "teams": sorted(analysis.team_ids(session))}
try:
    session.comment(session.teams()[0].id, Section.communities, "Lab")
    out["write"] = "written"
except Exception as exc:
    out["write"] = type(exc).__name__
print(json.dumps(out))
"""

RUN_IN_LAB = """async ([user, code]) => {
  const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || "";
  const headers = {"X-XSRFToken": xsrf, "Content-Type": "application/json"};
  const made = await (await fetch(`/user/${user}/api/sessions`, {method: "POST", headers,
    body: JSON.stringify({path: "probe.ipynb", name: "probe.ipynb", type: "notebook",
                          kernel: {name: "python3"}})})).json();
  const ws = new WebSocket(`ws://${location.host}/user/${user}/api/kernels/` +
                           `${made.kernel.id}/channels?session_id=probe`);
  await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
  let out = "";
  const done = new Promise(ok => { ws.onmessage = event => {
    const msg = JSON.parse(event.data);
    if (msg.parent_header.msg_id !== "probe-1") return;
    if (msg.msg_type === "stream") out += msg.content.text;
    if (msg.msg_type === "error") out += msg.content.ename + ": " + msg.content.evalue;
    if (msg.msg_type === "status" && msg.content.execution_state === "idle") ok();
  }; });
  ws.send(JSON.stringify({channel: "shell", buffers: [], metadata: {}, parent_header: {},
    header: {msg_id: "probe-1", msg_type: "execute_request", username: user,
             session: "probe", date: new Date().toISOString(), version: "5.3"},
    content: {code, silent: false, store_history: false, user_expressions: {},
              allow_stdin: false, stop_on_error: true}}));
  await done;
  ws.close();
  await fetch(`/user/${user}/api/sessions/${made.id}`, {method: "DELETE", headers});
  return out;
}"""


def test_a_mentor_s_jupyterlab_reads_the_cohort_read_only(hub, page):
    base, service = hub
    url = str(service.store.engine.url.render_as_string(hide_password=False))
    cohort_id = service.cohorts()[0].id
    if make_url(url).get_backend_name() == "postgresql" and not readonly.role_exists(
            service.store.engine, cohort_id):
        pytest.skip("no connection here that may create the cohort's read-only role")
    pw = log_in(page, base, "mart")
    team_id = next(t.id for t in service.system(cohort_id).teams()
                   if t.data.name == "Saaremaa meeskond")
    page.open(f"{base}/user/mart/voila/render/05_tegevuskava.ipynb?team={team_id}")
    deadline = time.monotonic() + 30
    while not service.store.present(team_id, dt.datetime.min.replace(tzinfo=dt.UTC)):
        assert time.monotonic() < deadline, "the mentor's page kernel did not write"
        time.sleep(0.5)  # the mentor's page kernels still write (presence here)
    out = json.loads(pw.evaluate(RUN_IN_LAB, ["mart", LAB_PROBE]).strip().splitlines()[-1])
    assert out["db"] == readonly.url(url, cohort_id)  # never the app's read-write URL
    assert out["cohort"] == cohort_id and "Saaremaa meeskond" in out["teams"]
    # refused by the database: read-only (SQLite, PostgreSQL's read-only transactions)
    assert out["write"] in ("OperationalError", "ProgrammingError", "InternalError")
    assert not [c for c in service.system(cohort_id).comments(
        service.system(cohort_id).teams()[0].id) if c.data.body == "Lab"]


def test_a_mentor_gets_jupyterlab_and_an_unknown_login_nothing(hub, page, page2):
    base, _service = hub
    pw = log_in(page, base, "mart")
    assert "mentor" in pw.inner_text(".wb-who")
    assert pw.request.get(f"{base}/user/mart/lab").status == 200
    api(base, "/users/stranger/server", "POST")
    deadline = time.monotonic() + 90
    while not api(base, "/users/stranger")["servers"].get("", {}).get("ready"):
        assert time.monotonic() < deadline
        time.sleep(0.5)
    other = page2.pw
    other.goto(f"{base}/hub/login?next=/user/stranger/voila/render/00_avaleht.ipynb")
    other.fill("#username_input", "stranger")
    other.fill("#password_input", "any")
    other.click("#login_submit")
    other.wait_for_selector(".wb-error-box", timeout=90_000)
    text = other.inner_text("body")
    assert "Kasutajat stranger pole üheski lennus" in text
    assert "Saaremaa" not in text and "Rõuge" not in text
