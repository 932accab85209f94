"""JupyterHub for a nationwide programme: every person's server runs the workbook.

Start it from the repository's virtual environment with the workbook's settings in
the environment (WORKBOOK_DB must be the shared PostgreSQL database):

    WORKBOOK_DB=postgresql+psycopg://workbook:...@db.example.ee/workbook \
    WORKBOOK_GEODATA=/srv/koosloome/geodata \
      .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Who is who comes from the hub: a person's ``username`` (set on the coordinator page
or in the cohort file) is their hub login. Team members get the workbook's pages
only; mentors and the coordinator also JupyterLab (see ``workbook/hub.py``).
Choose the authenticator for your programme below (the default is JupyterHub's
PAM: the machine's own accounts).
"""

import os
import sys

from workbook import hub

c = get_config()  # noqa: F821 - JupyterHub provides it
state = os.environ.get("KOOSLOOME_HUB_STATE", "/srv/koosloome/hub")

c.JupyterHub.bind_url = os.environ.get("KOOSLOOME_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"  # the hub's own state
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{state}/proxy.pid"
venv_proxy = os.path.join(os.path.dirname(sys.executable), "configurable-http-proxy")
if os.path.exists(venv_proxy):  # the proxy installed with the workbook (PyPI), else PATH's
    # The Python port gives up on a response after 20 s (Tornado's default): a page that
    # renders slowly on a busy server would be a 503. Give pages two minutes.
    c.ConfigurableHTTPProxy.command = [venv_proxy, "--proxy-timeout=120000"]

# Authentication: pick one that fits the programme, for example
#   c.JupyterHub.authenticator_class = "generic-oauth"   # (oauthenticator) e.g. TARA, Google
#   c.JupyterHub.authenticator_class = "shared-password" # a workshop with one password
# and list who may log in (the workbook refuses anyone without a person anyway):
#   c.Authenticator.allow_all = True

# Every server runs the workbook's pages; the hook gives each role its own server.
# Staff JupyterLab kernels read through a read-only role limited to their cohort:
# make it once per cohort with a database user that may create roles,
#   WORKBOOK_DB=<the app's URL> .venv/bin/workbook db staff-role COHORT_ID \
#     --admin-url postgresql+psycopg://postgres@db.example.ee/workbook
# (the hook makes it itself when the app's user may create roles).
c.Spawner.cmd = [os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser")]
c.Spawner.pre_spawn_hook = hub.pre_spawn_hook
c.Spawner.default_url = hub.HOME_URL
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.Spawner.mem_limit = "2G"  # a person with several pages open; see README, "Kubernetes"

# Idle servers stop after an hour; inside each server, a closed page's kernel ends
# after a minute (workbook/kernels.py).
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600",
                "--cull-every=300"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
