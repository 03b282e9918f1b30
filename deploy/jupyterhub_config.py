# JupyterHub configuration for a try-out of the course on this machine (make hub).
#
# Loopback only: the hub, its proxy and every student's server listen on 127.0.0.1. Any user name
# logs in (DummyAuthenticator); every user's server runs as this machine's user, with its own home
# folder under the hub's state folder (SimpleLocalProcessSpawner). That is right for a try-out and
# for the tests, never for a real class: deploy/README.md says what to change.
#
# Every setting that differs between machines comes from an environment variable that
# deploy/hub.py sets (none is required when you run `jupyterhub -f deploy/jupyterhub_config.py`
# from the course's folder with the course's environment active):
#   CSLEARN_HUB_DIR      state: database, cookie secret, users' homes (default build/hub)
#   CSLEARN_HUB_PORT     the port students open (default 8000)
#   CSLEARN_HUB_PROXY    the configurable-http-proxy command (default: found on PATH)
#   CSLEARN_HUB_TOKEN    if set, an API token for the "class-driver" service (tests, scripts)
#   CSLEARN_HUB_PASSWORD if set, the one password every try-out user types
#   CSLEARN_HUB_MAX_USERS the most servers running at once (default 50)
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

state = Path(os.environ.get("CSLEARN_HUB_DIR", "build/hub")).resolve()
(state / "home").mkdir(parents=True, exist_ok=True)
bin_dir = Path(sys.executable).parent  # the course's environment: its Python runs every kernel

# --- the hub and its proxy, on loopback only ---
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("CSLEARN_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("CSLEARN_HUB_API_PORT", str(c.JupyterHub.port + 1)))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{c.JupyterHub.port + 2}"
if os.environ.get("CSLEARN_HUB_PROXY"):
    c.ConfigurableHTTPProxy.command = [os.environ["CSLEARN_HUB_PROXY"]]
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server (and kernels)
c.JupyterHub.cleanup_proxy = True

# --- who may log in: anyone, by name (try-out only) ---
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
if os.environ.get("CSLEARN_HUB_PASSWORD"):
    c.DummyAuthenticator.password = os.environ["CSLEARN_HUB_PASSWORD"]
c.Authenticator.admin_users = {"instructor"}

# --- each student's server: the course's environment, its own home folder ---
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"]
c.Spawner.environment = {
    "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    # one BLAS thread per kernel: a class shares the cores
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}
c.Spawner.args = [
    # bounded in time: a kernel idle for 30 minutes is stopped, a server idle for 2 hours stops itself
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
    "--ServerApp.shutdown_no_activity_timeout=7200",
]
if os.getuid() == 0:
    c.Spawner.args.append("--allow-root")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# --- bounded in users ---
c.JupyterHub.active_server_limit = int(os.environ.get("CSLEARN_HUB_MAX_USERS", "50"))
c.JupyterHub.concurrent_spawn_limit = 20

# --- a service token for scripts and the tests (never set in a real class without a reason) ---
if os.environ.get("CSLEARN_HUB_TOKEN"):
    c.JupyterHub.services = [{"name": "class-driver", "api_token": os.environ["CSLEARN_HUB_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "class-driver",
        "scopes": ["admin:users", "admin:servers", "access:servers", "admin:server_state"],
        "services": ["class-driver"],
    }]
