"""The course on a real JupyterHub, used as a class uses it (``make test-hub``; ``make test`` runs it).

Ten simulated students log in through the login form, each gets a server from the hub, pulls the
course through the nbgitpuller link (from a bare git repository on this machine, by a file:// URL),
opens chapter 01, runs it in a kernel over the websocket JupyterLab uses, and moves a slider by
sending the widget update a browser sends; one opens the explorer app in Voila. Half of them edit an
exercise; the instructor pushes a change; every student pulls it and the edited exercises survive.
Everything listens on 127.0.0.1, the class is bounded in users (the hub's server limit) and time
(the limits below), and the hub is stopped by its process id with every server and kernel it started.

Nothing here is skipped: if JupyterHub, nbgitpuller, Node.js or configurable-http-proxy is missing,
the test fails and says how to install it (``make hub-setup``). The measurements are printed as the
sizing table that docs/teaching.md quotes, and written to build/hub-sizing.md.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time

import pytest
from conftest import ROOT

N_STUDENTS = 10
CLASS_SECONDS = 300  # the whole class, hub start to hub stop, on a 2-core machine


def _deploy():
    spec = importlib.util.spec_from_file_location("cslearn_deploy_hub", ROOT / "deploy" / "hub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _config(env: dict, monkeypatch, tmp_path):
    from traitlets.config import Config

    for key in ("CSLEARN_HUB_TOKEN", "CSLEARN_HUB_PASSWORD", "CSLEARN_HUB_PROXY", "CSLEARN_HUB_PORT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CSLEARN_HUB_DIR", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    config = Config()
    code = (ROOT / "deploy" / "jupyterhub_config.py").read_text(encoding="utf-8")
    exec(compile(code, "jupyterhub_config.py", "exec"), {"get_config": lambda: config})
    return config


def test_the_hub_config_listens_on_loopback_only(monkeypatch, tmp_path):
    c = _config({}, monkeypatch, tmp_path)
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.port == 8000 and c.JupyterHub.authenticator_class == "dummy"
    assert c.JupyterHub.spawner_class == "simple" and c.JupyterHub.cleanup_servers is True
    assert c.JupyterHub.active_server_limit == 50
    assert "services" not in c.JupyterHub  # no token, no service
    assert any("cull_idle_timeout" in arg for arg in c.Spawner.args)
    assert c.SimpleLocalProcessSpawner.home_dir_template.startswith(str(tmp_path))


def test_a_service_token_and_a_password_only_when_asked(monkeypatch, tmp_path):
    c = _config({"CSLEARN_HUB_TOKEN": "t0k", "CSLEARN_HUB_PASSWORD": "pw", "CSLEARN_HUB_PORT": "8100"},
                monkeypatch, tmp_path)
    assert c.JupyterHub.services == [{"name": "class-driver", "api_token": "t0k"}]
    assert "admin:servers" in c.JupyterHub.load_roles[0]["scopes"]
    assert c.DummyAuthenticator.password == "pw"
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (8100, 8101)


def test_the_pull_link_has_nbgitpuller_s_shape():
    hub = _deploy()
    link = hub.pull_link("http://127.0.0.1:8000", "https://github.com/OWNER/cslearn")
    assert link == ("http://127.0.0.1:8000/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FOWNER%2Fcslearn"
                    "&branch=main&targetPath=cslearn&urlpath=lab%2Ftree%2Fcslearn%2Fnotebooks%2F"
                    "01_ownership_to_experience.ipynb")
    assert "urlpath=voila%2Frender%2Fcslearn%2Fnotebooks%2Fapp.ipynb" in hub.pull_link(
        "http://h", "r", "notebooks/app.ipynb", app="voila")


def test_make_hub_prints_a_link_for_every_chapter_and_every_sheet(tmp_path):
    hub = _deploy()
    links = dict(hub.course_links("http://127.0.0.1:8000", hub.course_repository(tmp_path / "course.git")))
    chapters = sorted(p.stem for p in (ROOT / "notebooks").glob("0*.ipynb"))
    sheets = sorted(p.stem for p in (ROOT / "exercises").glob("*.ipynb"))
    assert [w for w in links if w.startswith("chapter ")] == [f"chapter {c}" for c in chapters]
    assert [w for w in links if w.startswith("exercise sheet ")] == [f"exercise sheet {s}" for s in sheets]
    assert links["exercise sheet 01_exercises"].endswith("targetPath=cslearn&urlpath=lab%2Ftree%2Fcslearn%2F"
                                                         "exercises%2F01_exercises.ipynb")
    assert "voila%2Frender%2Fcslearn%2Fnotebooks%2Fapp.ipynb" in links["the explorer app"]


def test_the_guides_real_class_link_has_the_target_path_the_grader_s_glob_expects():
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    links = [line for line in guide.splitlines() if "/hub/user-redirect/git-pull?" in line]
    assert links and all("targetPath=cslearn&" in line for line in links), links


@pytest.fixture(scope="module")
def a_class():
    hub = _deploy()
    hub.find_proxy()  # fails (never skips) with how to install it when it is missing
    lines = []
    start = time.monotonic()
    report = hub.run_class(N_STUDENTS, echo=lines.append)
    return hub, report, lines, time.monotonic() - start


@pytest.mark.hub
def test_ten_students_log_in_pull_run_a_chapter_and_move_a_slider(a_class):
    _, report, lines, seconds = a_class
    assert len(report.students) == N_STUDENTS
    assert seconds < CLASS_SECONDS, f"the class took {seconds:.0f} s"
    for student in report.students:
        assert student.errors == [], (student.name, student.errors)
        assert 0 < student.seconds_to_ready < 120
        assert 0 < student.seconds_to_first_output <= student.seconds_to_run_chapter < 120
        assert student.readout_before and student.readout_after != student.readout_before, student.name
        assert 0 < student.slider_seconds < 10
    assert sum(line.startswith("student") and "first output" in line for line in lines) == N_STUDENTS


@pytest.mark.hub
def test_every_student_gets_the_instructors_update_and_keeps_an_edited_exercise(a_class):
    _, report, _, _ = a_class
    editors = len(report.students[::2])
    assert report.got_update == N_STUDENTS
    assert report.kept_edits == editors
    assert report.update_in_edited_sheets == editors  # the sheet's new first cell merged beside the answer


@pytest.mark.hub
def test_the_explorer_app_renders_in_voila_on_the_hub(a_class):
    _, report, _, _ = a_class
    assert report.app_widgets >= 5 and 0 < report.app_seconds < 120


@pytest.mark.hub
def test_memory_and_time_are_measured_and_the_sizing_table_is_printed(a_class, capsys):
    hub, report, _, _ = a_class
    for student in report.students:
        # a server (about 130 MB) and a kernel that imported the course: real, plausible numbers
        assert 150 < student.rss_mb < 2000, (student.name, student.rss_mb)
        # the exercise sheet's kernel beside the chapter's: a second kernel that imported the course
        assert student.rss_mb + 80 < student.rss_two_kernels_mb < student.rss_mb + 1000, student.name
        assert 0 < student.seconds_to_run_sheet < 120
        assert 0 < student.pss_mb <= student.rss_mb
        assert student.cpu_seconds > 0.5
    assert 20 < report.hub_rss_mb < 1000 and 10 < report.proxy_rss_mb < 1000
    table = hub.sizing_table(report)
    assert "students per GiB" in table and "students per core" in table and "time to first output" in table
    assert "server + two kernels" in table
    out = ROOT / "build" / "hub-sizing.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n", encoding="utf-8")
    (ROOT / "build" / "hub-sizing.json").write_text(json.dumps({
        "machine": report.machine, "students": [vars(s) | {"hub": None, "session": None} for s in report.students],
        "hub_rss_mb": report.hub_rss_mb, "proxy_rss_mb": report.proxy_rss_mb, "seconds": report.seconds,
    }, indent=1, default=str), encoding="utf-8")
    with capsys.disabled():
        print(f"\n{table}\n")


@pytest.mark.hub
def test_the_guide_s_sizing_table_agrees_with_this_measurement(a_class):
    """docs/teaching.md quotes a measurement: it must stay within 50 % of what this run measures."""
    import re
    import statistics

    _, report, _, _ = a_class
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    quoted = re.search(r"memory per student, their server \+ kernel, RSS \(mean / max\) \| (\d+) MB", guide)
    per_gib = re.search(r"\*\*students per GiB of memory\*\*.*\| \*\*([\d.]+)\*\*", guide)
    assert quoted and per_gib, "docs/teaching.md lost its measured sizing table"
    measured = statistics.mean(s.rss_mb for s in report.students)
    assert 0.67 < int(quoted.group(1)) / measured < 1.5, (quoted.group(1), measured)
    two = re.search(r"server \+ two kernels, RSS \(mean / max\) \| (\d+) MB", guide)
    assert two, "docs/teaching.md lost the measurement with the exercise sheet open"
    measured_two = statistics.mean(s.rss_two_kernels_mb for s in report.students)
    assert 0.67 < int(two.group(1)) / measured_two < 1.5, (two.group(1), measured_two)
    assert float(per_gib.group(1)) == pytest.approx(1024 / int(quoted.group(1)), abs=0.05)


class _DroppingSocket:
    """A kernel websocket that answers execute requests; the first one drops before any reply."""

    def __init__(self, log: list, drop: bool):
        self.log, self.drop, self.queue = log, drop, []

    def send(self, text):
        msg = json.loads(text)
        self.log.append(msg["header"]["msg_id"])
        if self.drop:
            return  # the request is lost with the connection
        parent = {"msg_id": msg["header"]["msg_id"]}
        self.queue += [{"msg_type": "status", "content": {"execution_state": "busy"}, "parent_header": parent},
                       {"msg_type": "stream", "content": {"text": "4\n"}, "parent_header": parent},
                       {"msg_type": "status", "content": {"execution_state": "idle"}, "parent_header": parent}]

    def recv(self):
        import websocket

        if self.drop:
            raise websocket.WebSocketConnectionClosedException("Connection to remote host was lost.")
        return json.dumps(self.queue.pop(0))

    def close(self):
        pass


def test_a_dropped_kernel_connection_is_made_again_and_an_unstarted_request_sent_again(monkeypatch):
    """What JupyterLab does when a kernel's websocket drops; the class test relies on it."""
    hub = _deploy()
    sent, sockets = [], []

    def connect(self):
        sockets.append(_DroppingSocket(sent, drop=not sockets))
        return sockets[-1]

    monkeypatch.setattr(hub._KernelChannel, "_connect", connect)
    monkeypatch.setattr(hub.time, "sleep", lambda seconds: None)
    kernel = hub._KernelChannel("ws://127.0.0.1:1/", [], 5, lambda: "log")
    outputs = kernel.execute("2 + 2", 5)
    assert [m["content"]["text"] for _, m in outputs] == ["4\n"]
    assert kernel.reconnects == 1 and len(sockets) == 2
    assert len(sent) == 2 and sent[0] == sent[1]  # the same request, sent again on the new connection


def test_a_kernel_connection_and_its_messages_carry_one_session_id(monkeypatch):
    """As JupyterLab's: the server replays to a reconnection what the kernel sent to that session."""
    import urllib.parse

    hub = _deploy()
    sent, urls = [], []

    def connect(self):
        urls.append(self.url)
        return _DroppingSocket([], drop=False)

    monkeypatch.setattr(hub._KernelChannel, "_connect", connect)
    kernel = hub._KernelChannel("ws://127.0.0.1:1/api/kernels/k/channels?_xsrf=x", [], 5, lambda: "")
    monkeypatch.setattr(kernel.ws, "send", lambda text: sent.append(json.loads(text)))
    kernel._send("shell", "execute_request", {"code": "1"})
    query = urllib.parse.parse_qs(urllib.parse.urlparse(urls[0]).query)
    assert query["_xsrf"] == ["x"] and query["session_id"] == [sent[0]["header"]["session"]]


def test_a_kernel_connection_that_cannot_be_made_again_says_so_with_the_hub_s_log(monkeypatch):
    hub = _deploy()

    def connect(self):
        if getattr(self, "ws", None) is None:
            return _DroppingSocket([], drop=True)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(hub._KernelChannel, "_connect", connect)
    monkeypatch.setattr(hub.time, "sleep", lambda seconds: None)
    kernel = hub._KernelChannel("ws://127.0.0.1:1/", [], 5, lambda: "the end of the log")
    with pytest.raises(hub.HubError, match="(?s)could not be made again.*the end of the log"):
        kernel.execute("2 + 2", 5)


def test_a_notebook_whose_kernel_died_runs_again_on_a_new_kernel(monkeypatch):
    """A kernel that lost a port race at start-up never comes back: the student reopens the notebook."""
    hub = _deploy()
    notebook = {"cells": [{"cell_type": "code", "source": ["1 + 1"]}, {"cell_type": "markdown", "source": ["x"]}]}

    class Kernel:
        def __init__(self, dies):
            self.dies, self.reconnects, self.closed = dies, 0, False

        def execute(self, code, timeout):
            if self.dies:
                raise hub._KernelLost("the kernel's websocket was lost")
            return [(time.monotonic(), {"msg_type": "execute_result", "content": {}})]

        def close(self):
            self.closed = True

    kernels, closed_sessions = [Kernel(dies=True), Kernel(dies=False)], []
    student = hub.Student("ana", hub.Hub(None, "http://127.0.0.1:1", "", ROOT, ROOT / "none.log"))
    monkeypatch.setattr(student, "contents", lambda path: {"content": notebook})
    monkeypatch.setattr(student, "_open_kernel", lambda path, timeout: kernels[student.kernel_restarts])
    monkeypatch.setattr(student, "_close_session", lambda: closed_sessions.append(student.kernel_restarts))
    student.run_chapter("sheet.ipynb", slider=False)
    assert student.kernel_restarts == 1 and closed_sessions == [1]
    assert all(kernel.closed for kernel in kernels) and student.errors == [] and student.seconds_to_run_sheet > 0

    kernels[:] = [Kernel(dies=True)] * 3
    student.kernel_restarts = 0
    with pytest.raises(hub.HubError, match="lost its kernel 3 times"):
        student.run_chapter("sheet.ipynb", slider=False)
