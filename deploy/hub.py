"""The course on a JupyterHub on this machine: bring it up for a try-out, or run a simulated class.

::

    python deploy/hub.py up [--port 8000] [--state DIR]  # what `make hub` runs; Ctrl-C stops it all
    python deploy/hub.py class [--students 10]           # a class on loopback, then the sizing table

``up`` starts JupyterHub (``deploy/jupyterhub_config.py``) on 127.0.0.1 with its proxy (the port
and the next two), makes a bare copy of the course's git history (``course.git`` in the state
folder: ``--state``, else ``$CSLEARN_HUB_DIR``, else ``build/hub``) for nbgitpuller to pull from, and
prints the address and one nbgitpuller link per chapter, per exercise sheet and for the app.

``class`` plays a class against a fresh hub, as the test does: each student logs in through the
login form, gets a server, pulls the course with the nbgitpuller link, opens chapter 01, runs it in
a kernel through the same websocket JupyterLab uses, moves a slider by sending the widget update a
browser sends and reads the readout the kernel sends back; then each opens the chapter's exercise
sheet beside it (a second kernel, as a student working on both has); a half of the class edits an exercise;
the instructor pushes a change and every student pulls it. It measures each student's memory (RSS
of their server and kernel, then with the sheet's kernel too) and time to first output, and prints the sizing table that
docs/teaching.md quotes. The hub and every process it started are stopped by process id at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
CHAPTER = "notebooks/01_ownership_to_experience.ipynb"
SHEET = "exercises/01_exercises.ipynb"
APP = "notebooks/app.ipynb"
TARGET = "cslearn"  # the folder a student's copy of the course goes to, in their home


class HubError(RuntimeError):
    """Something the hub needs is missing, or the hub did not do what a class needs."""


def find_proxy() -> str:
    """The configurable-http-proxy command: ``$CSLEARN_HUB_PROXY``, the copy ``make hub-setup``
    installs under ``.venv/chp``, or one on ``PATH``; a HubError saying how to install it if none.

    >>> Path(find_proxy()).name  # doctest: +SKIP
    'configurable-http-proxy'
    """
    candidates = [os.environ.get("CSLEARN_HUB_PROXY", ""),
                  str(Path(sys.prefix) / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"),
                  shutil.which("configurable-http-proxy") or ""]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise HubError("configurable-http-proxy is missing: run `make hub-setup` (it runs `npm install --prefix "
                   ".venv/chp configurable-http-proxy`; needs Node.js and npm: apt-get install nodejs npm)")


def free_port(start: int) -> int:
    """The first port from ``start`` up where this port and the next two are free on 127.0.0.1
    (the hub takes port, port + 1 for its API and port + 2 for the proxy's API).

    >>> 1024 <= free_port(8000) <= 65533
    True
    """
    for port in range(start, 65533):
        try:
            for offset in range(3):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
    raise HubError(f"no free port from {start} up")


def course_repository(folder: Path, source: Path = ROOT) -> Path:
    """A bare clone of the course's committed history at ``folder`` (made once, then fetched):
    what nbgitpuller pulls from in a try-out, as it would pull from GitHub in a class.

    >>> course_repository(Path(tempfile.mkdtemp()) / "course.git").name
    'course.git'
    """
    if not (folder / "HEAD").is_file():
        subprocess.run(["git", "init", "--quiet", "--bare", str(folder)], check=True)
    # the source's checked-out commit becomes main, whatever its branch is called
    subprocess.run(["git", "-C", str(folder), "fetch", "--quiet", str(source.resolve()), "+HEAD:refs/heads/main"],
                   check=True)
    subprocess.run(["git", "-C", str(folder), "symbolic-ref", "HEAD", "refs/heads/main"], check=True)
    return folder


def pull_link(hub_url: str, repo: str, path: str = CHAPTER, app: str = "lab") -> str:
    """The nbgitpuller link that gives a student the course and opens ``path`` in JupyterLab
    (``app="voila"`` opens it in Voila instead).

    >>> pull_link("http://127.0.0.1:8000", "file:///srv/course.git")  # doctest: +ELLIPSIS
    'http://127.0.0.1:8000/hub/user-redirect/git-pull?repo=file%3A%2F%2F%2Fsrv%2Fcourse.git&branch=main&...'
    """
    urlpath = f"lab/tree/{TARGET}/{path}" if app == "lab" else f"voila/render/{TARGET}/{path}"
    query = urllib.parse.urlencode({"repo": repo, "branch": "main", "targetPath": TARGET, "urlpath": urlpath})
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"


@dataclass
class Hub:
    """A running JupyterHub started by :func:`start_hub`; ``stop()`` ends it and all it started.

    >>> Hub.__name__
    'Hub'
    """

    process: subprocess.Popen
    url: str
    token: str
    state: Path
    log: Path

    def api(self, method: str, path: str, **kwargs):
        """Call the hub's REST API with the service token: ``hub.api("GET", "/users/ana")``.

        >>> Hub.api.__name__
        'api'
        """
        import requests

        response = requests.request(method, f"{self.url}/hub/api{path}", timeout=30,
                                    headers={"Authorization": f"token {self.token}"}, **kwargs)
        if response.status_code >= 400:
            raise HubError(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        return response.json() if response.content else None

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the hub's log (the students' servers write there too), with
        the lines that say what went wrong (warnings, errors, restarts) from the whole log first.

        >>> Hub(None, "", "", Path("."), Path("no-such.log")).log_tail()
        '(no log)'
        """
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        noise = ("slow to become responsive", "Skipping XSRF", "extra_template_paths", "not trusted",
                 "websocket_ping_timeout", "testing authenticator", "without SSL")
        telling = [line for line in text if line.startswith(("[W", "[E", "[C")) or "Traceback" in line
                   or "restart" in line or "died" in line or "Killed" in line]
        telling = [line for line in telling if not any(n in line for n in noise)][-lines:]
        return "\n".join(["(warnings and errors)", *telling, "(the end of the log)", *text[-lines:]])

    def processes(self):
        """The hub's process and every process under it (proxy, students' servers, kernels).

        >>> Hub.processes.__name__
        'processes'
        """
        import psutil

        try:
            hub = psutil.Process(self.process.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self, timeout: float = 30) -> None:
        """Stop the hub by its process id; it stops the students' servers (``cleanup_servers``);
        whatever it started and is still running after ``timeout`` is ended by process id too.

        >>> Hub.stop.__name__
        'stop'
        """
        import psutil

        started = self.processes()[1:]
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        gone, alive = psutil.wait_procs(started, timeout=10)
        for leftover in alive:
            for child in leftover.children(recursive=True) + [leftover]:
                try:
                    child.kill()
                except psutil.NoSuchProcess:
                    pass
        psutil.wait_procs(alive, timeout=5)


def start_hub(state: Path, port: int = 8000, token: str | None = None, max_users: int = 50,
              ready_within: float = 60) -> Hub:
    """Start JupyterHub with ``deploy/jupyterhub_config.py`` on 127.0.0.1:``port`` (state in
    ``state``) and wait until its API answers.

    >>> hub = start_hub(Path("build/hub"), 8000)  # doctest: +SKIP
    >>> hub.stop()  # doctest: +SKIP
    """
    import requests

    state = Path(state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    token = token or secrets.token_hex(24)
    env = {**os.environ, "CSLEARN_HUB_DIR": str(state), "CSLEARN_HUB_PORT": str(port),
           "CSLEARN_HUB_PROXY": find_proxy(), "CSLEARN_HUB_TOKEN": token, "CSLEARN_HUB_MAX_USERS": str(max_users),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = state / "jupyterhub.log"
    with open(log, "ab") as out:
        process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=state, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(process, f"http://127.0.0.1:{port}", token, state, log)
    deadline = time.monotonic() + ready_within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"JupyterHub exited at start-up (code {process.returncode}); see {log}:\n{hub.log_tail()}")
        try:
            if requests.get(f"{hub.url}/hub/api/", timeout=2).status_code == 200:
                return hub
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    hub.stop()
    raise HubError(f"JupyterHub did not answer within {ready_within:g} s; see {log}")


# ----------------------------------------------------------------------------------------------
# a simulated student


@dataclass
class Student:
    """One simulated student: a browser-like session (cookies) on the hub, and what was measured.

    >>> Student.__name__
    'Student'
    """

    name: str
    hub: Hub
    session: object = None
    seconds_to_ready: float = 0.0
    seconds_to_first_output: float = 0.0
    seconds_to_run_chapter: float = 0.0
    slider_seconds: float = 0.0
    readout_before: str = ""
    readout_after: str = ""
    errors: list = field(default_factory=list)
    reconnects: int = 0  # kernel websockets that dropped and were made again, as JupyterLab does
    kernel_restarts: int = 0  # kernels that died or restarted under a notebook (it ran again on a new kernel)
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    cpu_seconds: float = 0.0
    kernel_id: str = ""
    session_id: str = ""
    rss_two_kernels_mb: float = 0.0
    seconds_to_run_sheet: float = 0.0

    @property
    def base(self) -> str:
        """The student's server address, through the proxy.

        >>> Student("ana", Hub(None, "http://127.0.0.1:8000", "", Path("."), Path("."))).base
        'http://127.0.0.1:8000/user/ana'
        """
        return f"{self.hub.url}/user/{self.name}"

    def _xsrf(self, path: str) -> dict:
        return {"X-XSRFToken": self.session.cookies.get("_xsrf", path=path) or ""}

    def log_in(self) -> None:
        """Log in through the hub's login form, as a browser does.

        >>> Student("ana", hub).log_in()  # doctest: +SKIP
        """
        import requests

        self.session = requests.Session()
        page = self.session.get(f"{self.hub.url}/hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/") or ""
        response = self.session.post(f"{self.hub.url}/hub/login?next=", timeout=60, allow_redirects=False,
                                     data={"username": self.name, "password": "x", "_xsrf": xsrf})
        cookies = [c.name for c in self.session.cookies]
        if response.status_code != 302 or not any(name.startswith("jupyterhub-session") for name in cookies):
            raise HubError(f"{self.name} could not log in: HTTP {response.status_code}")

    def start_server(self, within: float = 180) -> None:
        """Ask the hub for the student's server (what the spawn page does) and wait until ready.

        >>> ana.start_server(); ana.seconds_to_ready  # doctest: +SKIP
        4.1
        """
        start = time.monotonic()
        self.hub.api("POST", f"/users/{self.name}/server")
        while time.monotonic() - start < within:
            server = (self.hub.api("GET", f"/users/{self.name}")["servers"] or {}).get("", {})
            if server.get("ready"):
                self.seconds_to_ready = time.monotonic() - start
                return
            time.sleep(0.5)
        raise HubError(f"{self.name}'s server was not ready within {within:g} s")

    def pull(self, link: str) -> list[str]:
        """Follow the nbgitpuller link as a browser does (hub redirect, OAuth, the puller's page),
        then read the pull's event stream to its end, as that page's script does; returns the
        git output lines. A HubError if the pull fails.

        >>> ana.pull(pull_link(hub.url, "file:///srv/course.git"))[-1]  # doctest: +SKIP
        'Already up to date.'
        """
        page = self.session.get(link, timeout=120)  # ends on the server's git-pull page, logged in
        if page.status_code != 200 or "/git-pull" not in page.url:
            raise HubError(f"{self.name}: the nbgitpuller link ended at {page.url} (HTTP {page.status_code})")
        query = urllib.parse.urlparse(link).query
        params = dict(urllib.parse.parse_qsl(query))
        api = f"{self.base}/git-pull/api?" + urllib.parse.urlencode(
            {"repo": params["repo"], "branch": params["branch"], "targetpath": params["targetPath"]})
        lines, phase = [], ""
        with self.session.get(api, stream=True, timeout=180) as stream:
            for raw in stream.iter_lines(decode_unicode=True):
                if not raw or not raw.startswith("data:"):
                    continue
                event = json.loads(raw[5:])
                phase = event.get("phase", phase)
                if event.get("output"):
                    lines.append(event["output"].rstrip())
                if phase in ("finished", "error"):
                    break
        if phase != "finished":
            raise HubError(f"{self.name}: nbgitpuller ended with phase {phase!r}: {' | '.join(lines[-5:])}")
        return lines

    def open_app(self, link: str, within: float = 180) -> tuple[float, int]:
        """Follow the app's nbgitpuller link, then load the page Voila renders; returns the seconds
        the page took and how many widgets it shows. A HubError if it fails or shows an error.

        >>> ana.open_app(pull_link(hub.url, repo, APP, app="voila"))  # doctest: +SKIP
        (6.9, 19)
        """
        self.pull(link)
        urlpath = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(link).query))["urlpath"]
        start = time.monotonic()
        page = self.session.get(f"{self.base}/{urlpath}", timeout=within)
        seconds = time.monotonic() - start
        widgets = page.text.count("application/vnd.jupyter.widget-view+json")
        if page.status_code != 200 or "Traceback" in page.text or "jp-OutputArea-output jp-mod-error" in page.text:
            raise HubError(f"{self.name}: Voila answered HTTP {page.status_code} for {urlpath}, or showed an error")
        return seconds, widgets

    def contents(self, path: str) -> dict:
        """A file of the student's copy, as JupyterLab opens it (the contents API).

        >>> ana.contents(SHEET)["type"]  # doctest: +SKIP
        'notebook'
        """
        response = self.session.get(f"{self.base}/api/contents/{TARGET}/{path}", timeout=60)
        response.raise_for_status()
        return response.json()

    def save(self, path: str, notebook: dict) -> None:
        """Save a notebook into the student's copy, as JupyterLab's save does.

        >>> ana.save(SHEET, ana.contents(SHEET)["content"])  # doctest: +SKIP
        """
        response = self.session.put(f"{self.base}/api/contents/{TARGET}/{path}", timeout=60,
                                    headers=self._xsrf(f"/user/{self.name}/"),
                                    json={"type": "notebook", "format": "json", "content": notebook})
        response.raise_for_status()

    def run_chapter(self, path: str = CHAPTER, cell_timeout: float = 120, slider: bool = True) -> None:
        """Open ``path``, start its kernel, run every code cell through the kernel's websocket,
        then (``slider``) move one slider of the first explorer and read the readout back. Each
        call starts a kernel of its own, as JupyterLab does for each open notebook.

        >>> ana.run_chapter(); ana.readout_after[:40]  # doctest: +SKIP
        'A customer who stays has paid the one-of'
        """
        opened = time.monotonic()
        notebook = self.contents(path)["content"]
        cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
        cells = [code for code in cells if code.strip()]
        tries = 3
        for attempt in range(tries):
            # a kernel that died (one that lost a port race at start-up never comes back) or restarted
            # has lost its state: as a student would, open the notebook on a new kernel and run it again
            kernel = None
            try:
                kernel = self._open_kernel(path, cell_timeout)
                first_output, errors = None, []
                for code in cells:
                    outputs = kernel.execute(code, cell_timeout)
                    if outputs and first_output is None:
                        first_output = outputs[0][0]
                    errors += [f"{m['content']['ename']}: {m['content']['evalue']}" for _, m in outputs
                               if m["msg_type"] == "error"]
                if slider:
                    self.seconds_to_first_output = (first_output or time.monotonic()) - opened
                    self.seconds_to_run_chapter = time.monotonic() - opened
                    self._move_slider(kernel, cell_timeout)
                else:  # the exercise sheet: only its run time
                    self.seconds_to_run_sheet = time.monotonic() - opened
                self.errors += errors
                return
            except (_KernelRestarted, _KernelLost) as exc:
                self.kernel_restarts += 1
                if attempt == tries - 1:
                    raise HubError(f"{self.name}: {path} lost its kernel {tries} times; the last time: {exc}") from None
                self._close_session()
            finally:
                if kernel is not None:
                    self.reconnects += kernel.reconnects
                    kernel.close()

    def _open_kernel(self, path: str, cell_timeout: float) -> _KernelChannel:
        """A new session (and kernel) for ``path``, as JupyterLab opens a notebook, and its websocket."""
        import websocket

        response = self.session.post(f"{self.base}/api/sessions", timeout=120,
                                     headers=self._xsrf(f"/user/{self.name}/"),
                                     json={"path": f"{TARGET}/{path}", "type": "notebook", "name": "",
                                           "kernel": {"name": "python3"}})
        response.raise_for_status()
        opened = response.json()
        self.session_id, self.kernel_id = opened["id"], opened["kernel"]["id"]
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)
        xsrf = self.session.cookies.get("_xsrf", path=f"/user/{self.name}/") or ""
        url = (f"{self.base.replace('http://', 'ws://')}/api/kernels/{self.kernel_id}/channels?"
               + urllib.parse.urlencode({"_xsrf": xsrf}))
        try:
            return _KernelChannel(url, [f"Cookie: {cookies}"], cell_timeout, self.hub.log_tail)
        except (websocket.WebSocketException, ConnectionError, OSError) as exc:
            raise _KernelLost(f"the kernel's websocket could not be opened ({exc})") from None

    def _close_session(self) -> None:
        """Close the session of a kernel that was lost (what closing its tab does); a dead one may be gone."""
        import requests

        try:
            self.session.delete(f"{self.base}/api/sessions/{self.session_id}", timeout=60,
                                headers=self._xsrf(f"/user/{self.name}/"))
        except requests.RequestException:
            pass  # the server will close it with the rest when the class ends

    def _move_slider(self, kernel: _KernelChannel, timeout: float) -> None:
        sliders = [(cid, s) for cid, s in kernel.widgets.items()
                   if s.get("_model_name") in ("IntSliderModel", "FloatSliderModel") and not s.get("disabled")]
        texts = [cid for cid, s in kernel.widgets.items() if s.get("_model_name") in ("HTMLModel", "LabelModel")]
        if not sliders:
            raise HubError(f"{self.name}: the chapter showed no slider")
        comm_id, slider = sliders[0]
        before = {cid: kernel.widgets[cid].get("value") for cid in texts}
        low, high, step = slider["min"], slider["max"], slider.get("step") or 1
        target = low + round((high - low) / 2 / step) * step
        if target == slider["value"]:
            target = low
        if slider["_model_name"] == "IntSliderModel":
            target = int(target)
        start = time.monotonic()
        kernel.comm_update(comm_id, {"value": target}, timeout)
        self.slider_seconds = time.monotonic() - start
        changed = [cid for cid in texts if kernel.widgets[cid].get("value") != before[cid]]
        if kernel.widgets[comm_id].get("value") != target or not changed:
            raise HubError(f"{self.name}: moving the slider to {target} changed no readout")
        self.readout_before, self.readout_after = str(before[changed[0]]), str(kernel.widgets[changed[0]]["value"])

    def measure(self, two_kernels: bool = False) -> None:
        """Memory (RSS and PSS, MB) and CPU seconds of the student's server and its kernels
        (``rss_mb`` and the rest; call again once a second notebook is open for the two together).

        >>> ana.measure(); round(ana.rss_mb, -1)  # doctest: +SKIP
        360.0
        """
        import psutil

        server = [p for p in self.hub.processes()[1:] if _owner(p) == self.name and _is_server(p)]
        if not server:
            raise HubError(f"{self.name}: no server process found")
        tree = [server[0], *server[0].children(recursive=True)]
        rss = pss = cpu = 0.0
        for process in tree:
            try:
                memory = process.memory_full_info()
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            rss, pss = rss + memory.rss, pss + getattr(memory, "pss", memory.rss)
            cpu += times.user + times.system
        if two_kernels:
            self.rss_two_kernels_mb = rss / 2**20
        else:
            self.rss_mb, self.pss_mb, self.cpu_seconds = rss / 2**20, pss / 2**20, cpu


def _owner(process) -> str:
    try:
        return process.environ().get("JUPYTERHUB_USER", "")
    except Exception:  # noqa: BLE001 - a process that ended or is not ours
        return ""


def _is_server(process) -> bool:
    try:
        return any("jupyterhub-singleuser" in part for part in process.cmdline())
    except Exception:  # noqa: BLE001
        return False


def _decode(frame) -> dict:
    """A websocket frame of Jupyter's kernel protocol: JSON text, or binary (a message with buffers:
    a count, the offsets, the JSON, then the buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i: 8 + 4 * i], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(frame)
    return json.loads(frame[offsets[0]:end].decode("utf-8"))


class _KernelRestarted(Exception):
    """The kernel restarted (it died and the server started it again): its state is gone."""


class _KernelLost(HubError):
    """The kernel's websocket dropped and could not be made again (the kernel died for good)."""


class _KernelChannel:
    """The kernel's websocket, as JupyterLab uses it: execute requests, outputs and widget state.

    One session id names the connection (``session_id`` in ``url``, added here) and its messages, as
    JupyterLab's does. Like JupyterLab, it reconnects when the connection drops, with the same session
    id, so the server replays what the kernel sent meanwhile; a request the kernel never saw is sent
    again. ``log_tail`` gives the hub's log for the error when the connection cannot be made again.
    """

    def __init__(self, url: str, header: list, timeout: float, log_tail: Callable[[], str]):
        self.session = secrets.token_hex(8)
        query = urllib.parse.urlencode({"session_id": self.session})
        self.url = f"{url}{'&' if '?' in url else '?'}{query}"
        self.header, self.timeout, self.log_tail = header, timeout, log_tail
        self.widgets, self.reconnects = {}, 0
        self.ws = self._connect()

    def _connect(self):
        import websocket

        return websocket.create_connection(self.url, header=self.header, timeout=self.timeout)

    def close(self) -> None:
        self.ws.close()

    def _recv(self) -> dict | None:
        """The next message, or None when the connection dropped and was made again."""
        import websocket

        try:
            frame = self.ws.recv()
            if frame:  # an empty frame is the server's close
                return _decode(frame)
            problem = "the server closed the kernel's websocket"
        except (websocket.WebSocketConnectionClosedException, ConnectionError) as exc:
            problem = f"the kernel's websocket was lost ({exc})"
        self.ws.close()
        for wait in (1, 2, 4, 8):
            if self.reconnects >= 6:
                break
            time.sleep(wait)
            self.reconnects += 1
            try:
                self.ws = self._connect()
                return None
            except (websocket.WebSocketException, ConnectionError, OSError):
                continue
        raise _KernelLost(f"{problem}, and it could not be made again; the hub's log ends:\n{self.log_tail()}")

    def _send(self, channel: str, msg_type: str, content: dict, msg_id: str | None = None) -> str:
        msg_id = msg_id or secrets.token_hex(12)
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "student", "session": self.session,
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                 "channel": channel, "buffers": []}))
        return msg_id

    def _until_idle(self, channel: str, msg_type: str, content: dict, timeout: float) -> list:
        """Send a request, then every iopub output of it with its arrival time, until the kernel is
        idle again. After a reconnection, a request the kernel had not started is sent again."""
        msg_id = self._send(channel, msg_type, content)
        outputs, started, deadline = [], False, time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self._recv()
            if msg is None:  # reconnected
                if not started:
                    self._send(channel, msg_type, content, msg_id)
                continue
            kind, content_ = msg["msg_type"], msg["content"]
            if kind == "comm_open" and content_.get("target_name") == "jupyter.widget":
                self.widgets[content_["comm_id"]] = dict(content_["data"].get("state", {}))
            elif kind == "comm_msg" and content_["data"].get("method") in ("update", "echo_update"):
                self.widgets.setdefault(content_["comm_id"], {}).update(content_["data"].get("state", {}))
            if kind == "status" and content_.get("execution_state") in ("restarting", "dead"):
                raise _KernelRestarted(content_["execution_state"])
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            started = True
            if kind in ("stream", "display_data", "execute_result", "error"):
                outputs.append((time.monotonic(), msg))
            if kind == "status" and content_.get("execution_state") == "idle":
                return outputs
        raise HubError(f"the kernel was still busy after {timeout:g} s")

    def execute(self, code: str, timeout: float) -> list:
        """Run ``code``; the outputs with their arrival times."""
        return self._until_idle("shell", "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
            "stop_on_error": True}, timeout)

    def comm_update(self, comm_id: str, state: dict, timeout: float) -> list:
        """Set a widget's state as a browser does when a slider is dragged."""
        self.widgets[comm_id].update(state)
        return self._until_idle("shell", "comm_msg", {
            "comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}}, timeout)


# ----------------------------------------------------------------------------------------------
# the class


def instructor_push(repo: Path, work: Path, marker: str) -> None:
    """The instructor changes chapter 01's first cell and the exercise sheet's first cell, commits
    and pushes to ``repo`` (what a later click on the link brings to every student).

    >>> instructor_push.__name__
    'instructor_push'
    """
    if not work.exists():
        subprocess.run(["git", "clone", "--quiet", "--branch", "main", str(repo), str(work)], check=True)
    for path in (CHAPTER, SHEET):
        notebook = json.loads((work / path).read_text(encoding="utf-8"))
        source = notebook["cells"][0]["source"]
        notebook["cells"][0]["source"] = ([*source[:-1], source[-1] + "\n"] if source else []) + [
            "\n", f"*{marker}*"]
        (work / path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    git = ["git", "-C", str(work), "-c", "user.name=Instructor", "-c", "user.email=instructor@example.org"]
    subprocess.run([*git, "commit", "--quiet", "-am", marker], check=True)
    subprocess.run([*git, "push", "--quiet", "origin", "main"], check=True)


def _answer(notebook: dict, name: str) -> dict:
    """The sheet with exercise 01.1's cell answered by ``name`` (a line only this student wrote)."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and 'check("01.1"' in "".join(cell["source"]):
            cell["source"] = f"month = 3  # answered by {name}\n" + "".join(cell["source"])
            return notebook
    raise HubError("the exercise sheet has no check cell for 01.1")


def _sheet_text(student: Student) -> str:
    return json.dumps(student.contents(SHEET)["content"], ensure_ascii=False)


@dataclass
class ClassReport:
    """What a simulated class measured (see :func:`run_class`).

    >>> ClassReport.__name__
    'ClassReport'
    """

    students: list
    hub_rss_mb: float
    proxy_rss_mb: float
    seconds: float
    kept_edits: int
    got_update: int
    update_in_edited_sheets: int
    machine: str
    app_seconds: float = 0.0
    app_widgets: int = 0


def run_class(n_students: int = 10, port: int | None = None, state: Path | None = None, echo=print,
              cell_timeout: float = 120) -> ClassReport:
    """Start a hub, play a class of ``n_students`` on it (see the module's docstring), stop the hub
    and everything it started, and return the measurements. A HubError names the first thing that
    failed.

    >>> report = run_class(10)  # doctest: +SKIP
    >>> report.kept_edits  # doctest: +SKIP
    5
    """
    import psutil

    begin = time.monotonic()
    owned = state is None
    state = Path(state or tempfile.mkdtemp(prefix="cslearn-hub-"))
    port = port or free_port(8100)
    repo = course_repository(state / "course.git")
    link_repo = repo.resolve().as_uri()
    link = pull_link(f"http://127.0.0.1:{port}", link_repo)
    hub = start_hub(state, port, max_users=n_students + 2)
    students = [Student(f"student{i:02d}", hub) for i in range(1, n_students + 1)]
    lock = threading.Lock()

    def say(text):
        with lock:
            echo(text)

    try:
        def first_lesson(student: Student) -> None:
            student.log_in()
            student.start_server()
            student.pull(link)
            student.run_chapter(cell_timeout=cell_timeout)
            say(f"{student.name}: ready in {student.seconds_to_ready:.1f} s, first output "
                f"{student.seconds_to_first_output:.1f} s, chapter run {student.seconds_to_run_chapter:.1f} s, "
                f"slider {student.slider_seconds * 1000:.0f} ms")

        with ThreadPoolExecutor(n_students) as pool:
            list(pool.map(first_lesson, students))
        for student in students:
            student.measure()
        # the exercise sheet beside the chapter: a second kernel per student, as in class
        with ThreadPoolExecutor(n_students) as pool:
            list(pool.map(lambda s: s.run_chapter(SHEET, cell_timeout=cell_timeout, slider=False), students))
        for student in students:
            student.measure(two_kernels=True)
        two = statistics.mean(s.rss_two_kernels_mb for s in students)
        say(f"with the exercise sheet open too (two kernels): {two:.0f} MB a student (RSS), the sheet run in "
            f"{max(s.seconds_to_run_sheet for s in students):.1f} s at most")
        processes = hub.processes()
        proxy = [p for p in processes[1:] if "configurable-http-proxy" in " ".join(p.cmdline())
                 or "node" in p.name()]
        hub_rss = processes[0].memory_info().rss / 2**20
        proxy_rss = sum(p.memory_info().rss for p in proxy) / 2**20
        # the explorer app, as the app's link opens it: Voila renders notebooks/app.ipynb
        app_seconds, app_widgets = students[0].open_app(pull_link(hub.url, link_repo, APP, app="voila"))
        say(f"{students[0].name}: the explorer app rendered by Voila in {app_seconds:.1f} s with "
            f"{app_widgets} widget views")
        # half of the class edits an exercise, then the instructor pushes a change
        editors = students[::2]
        for student in editors:
            student.save(SHEET, _answer(student.contents(SHEET)["content"], student.name))
        marker = f"Update from the instructor {secrets.token_hex(4)}"
        instructor_push(repo, state / "instructor", marker)
        with ThreadPoolExecutor(n_students) as pool:
            list(pool.map(lambda s: s.pull(link), students))
        kept = sum(f"answered by {s.name}" in _sheet_text(s) for s in editors)
        got = sum(marker in json.dumps(s.contents(CHAPTER)["content"], ensure_ascii=False) for s in students)
        in_edited = sum(marker in _sheet_text(s) for s in editors)
        say(f"after the instructor's push: {got} of {len(students)} have the new chapter, {kept} of "
            f"{len(editors)} kept their edited exercise ({in_edited} of them also got the sheet's update)")
    finally:
        seen = hub.processes()
        hub.stop()
    leftovers = [p for p in seen if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    if leftovers:
        raise HubError(f"processes of the hub still running after stop: {[p.pid for p in leftovers]}")
    if owned:
        shutil.rmtree(state, ignore_errors=True)
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
               f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
               f"{time.strftime('%Y-%m-%d')}")
    return ClassReport(students, hub_rss, proxy_rss, time.monotonic() - begin, kept, got, in_edited, machine,
                       app_seconds, app_widgets)


def sizing_table(report: ClassReport) -> str:
    """The sizing table (Markdown) of a class's measurements, as docs/teaching.md shows it.

    >>> print(sizing_table(ClassReport([], 0, 0, 0, 0, 0, 0, "here")))  # doctest: +ELLIPSIS
    No students were measured.
    """
    s = report.students
    if not s:
        return "No students were measured."
    rss = [x.rss_mb for x in s]
    two = [x.rss_two_kernels_mb for x in s]
    pss = [x.pss_mb for x in s]
    cpu = [x.cpu_seconds for x in s]
    first = [x.seconds_to_first_output for x in s]
    run = [x.seconds_to_run_chapter for x in s]
    slider = [x.slider_seconds * 1000 for x in s]
    ready = [x.seconds_to_ready for x in s]
    cores = os.cpu_count() or 1
    per_gib = 1024 / statistics.mean(rss)
    per_core_minute = 60 / statistics.mean(cpu)
    rows = [
        ("students at once", f"{len(s)} on {cores} cores ({len(s) / cores:g} per core)"),
        ("server ready after login (median / max)", f"{statistics.median(ready):.1f} s / {max(ready):.1f} s"),
        ("time to first output (median / max)", f"{statistics.median(first):.1f} s / {max(first):.1f} s"),
        ("chapter 01 run to the end (median / max)", f"{statistics.median(run):.1f} s / {max(run):.1f} s"),
        ("one slider move, kernel round trip (median / max)", f"{statistics.median(slider):.0f} ms / "
                                                               f"{max(slider):.0f} ms"),
        ("memory per student, server + kernel, RSS (mean / max)", f"{statistics.mean(rss):.0f} MB / {max(rss):.0f} MB"),
        ("memory per student with the exercise sheet open too, server + two kernels, RSS (mean / max)",
         f"{statistics.mean(two):.0f} MB / {max(two):.0f} MB"),
        ("the same, PSS (shared libraries counted once)", f"{statistics.mean(pss):.0f} MB"),
        ("CPU per student to open and run the chapter", f"{statistics.mean(cpu):.1f} CPU-s"),
        ("hub + proxy", f"{report.hub_rss_mb:.0f} MB + {report.proxy_rss_mb:.0f} MB"),
        ("kernel connections that dropped and were made again (JupyterLab does the same) / notebooks "
         "run again on a new kernel (one that died, e.g. losing a port race at start-up)",
         f"{sum(x.reconnects for x in s)} / {sum(x.kernel_restarts for x in s)}"),
        ("the explorer app (Voila) for one student, page rendered", f"{report.app_seconds:.1f} s, "
                                                                     f"{report.app_widgets} widget views"),
        ("students per GiB of memory (RSS), one notebook open", f"{per_gib:.1f}"),
        ("students per GiB of memory (RSS), the chapter and its sheet open", f"{1024 / statistics.mean(two):.1f}"),
        ("students per core, all opening a chapter within the same minute", f"{per_core_minute:.1f}"),
    ]
    lines = ["| measured | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
    return "\n".join(lines) + f"\n\nMeasured by `make test-hub` on {report.machine}; the whole class took " \
                              f"{report.seconds:.0f} s."


def course_links(url: str, repo: Path) -> list[tuple[str, str]]:
    """``(what, nbgitpuller link)`` for each chapter, each exercise sheet and the explorer app, as
    committed in ``repo`` (what the class will pull).

    >>> [what for what, _ in course_links("http://h", course_repository(Path(tempfile.mkdtemp()) / "c.git"))][:2]
    ['chapter 00_start_here', 'chapter 01_ownership_to_experience']
    """
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD", "notebooks/", "exercises/"],
                            check=True, capture_output=True, text=True).stdout.split()
    chapters = sorted(p for p in listed if p.startswith("notebooks/") and p.endswith(".ipynb") and p != APP)
    sheets = sorted(p for p in listed if p.startswith("exercises/") and p.endswith(".ipynb"))
    links = [(f"chapter {Path(p).stem}", pull_link(url, repo.as_uri(), p)) for p in chapters]
    links += [(f"exercise sheet {Path(p).stem}", pull_link(url, repo.as_uri(), p)) for p in sheets]
    return links + [("the explorer app", pull_link(url, repo.as_uri(), APP, app="voila"))]


def up(port: int = 8000, state: Path | None = None) -> int:
    """Bring the try-out hub up on 127.0.0.1:``port`` (and the next two ports) with its state in
    ``state`` (default ``$CSLEARN_HUB_DIR`` or ``build/hub``) and print the links; Ctrl-C stops it.

    >>> up.__name__  # `python deploy/hub.py up` runs it
    'up'
    """
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C, or a kill of this process by its id, stops the hub and everything it started
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    state = Path(state or os.environ.get("CSLEARN_HUB_DIR") or ROOT / "build" / "hub").resolve()
    repo = course_repository(state / "course.git")
    hub = start_hub(state, port)
    url = f"http://127.0.0.1:{port}"
    print(f"JupyterHub is up on {url} (this machine only; its API and the proxy's take ports {port + 1} and "
          f"{port + 2}). Log in with any name (e.g. student01; any password), or 'instructor' for the admin page.")
    print("Give the class these links (the first click copies the course, later clicks bring your updates):")
    for what, link in course_links(url, repo):
        print(f"  {what}: {link}")
    print(f"Your changes reach the links once committed and published: git -C {state / 'course.git'} fetch "
          f"{ROOT} +HEAD:main (or re-run make hub). Stop with Ctrl-C. State and log: {state}")
    try:
        while hub.process.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
        print("JupyterHub stopped, with every student's server.")
    return 0


def main(argv=None) -> int:
    """``python deploy/hub.py up|class``.

    >>> main(["--help"])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(prog="deploy/hub.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start the try-out hub (make hub)")
    start.add_argument("--port", type=int, default=8000,
                       help="the port students open; the hub also takes the next two (default 8000)")
    start.add_argument("--state", type=Path, default=None,
                       help="the hub's state folder: database, course.git, home folders "
                            "(default $CSLEARN_HUB_DIR, else build/hub)")
    simulate = commands.add_parser("class", help="run a simulated class and print the sizing table")
    simulate.add_argument("--students", type=int, default=10)
    simulate.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            return up(args.port, args.state)
        report = run_class(args.students, args.port)
        print(sizing_table(report))
        return 0
    except HubError as exc:
        print(f"deploy/hub.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
