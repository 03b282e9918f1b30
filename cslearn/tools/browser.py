"""Drive the course in a real browser: JupyterLab or Voilà on loopback, headless Chromium.

Used by the browser tests (``tests/test_browser.py``) and by ``make build`` (a screenshot of
each chapter under ``build/screenshots/``); not part of the course's teaching API. It needs
Debian's ``chromium`` and the Python ``playwright`` package (installed with the ``dev`` extra);
``playwright install`` is never needed, because Chromium comes from the system.

A chapter is checked the way a student meets it: the notebook is opened in JupyterLab, the
kernel started, *Run All* pressed, and then

- no cell may show an error or anything on stderr;
- every widget a cell displays must render, with as many sliders in the page as the kernel's
  widgets hold (the kernel is asked, by model id);
- one slider is moved with the keyboard and the figure or readout of its explorer must change;
- Japanese text in the page must be drawn with a font that has Japanese glyphs, not as boxes
  (Chromium is asked which fonts it used, :func:`japanese_without_font`).

Every request that does not go to 127.0.0.1 is aborted, so nothing waits on the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: how Voila serves the explorers: each cell's output is shown as soon as it has run, so the first
#: explorer answers its sliders while the later ones are still being built (issue 16; measured by
#: tests/bench_app.py)
VOILA_OPTIONS = ["--VoilaConfiguration.progressive_rendering=True"]

__all__ = [
    "CHROMIUM_ARGS",
    "ChapterRun",
    "Server",
    "VOILA_OPTIONS",
    "chapter_notebooks",
    "check_voila_app",
    "chromium",
    "chromium_path",
    "first_move_seconds",
    "free_port",
    "jupyterlab",
    "loopback_page",
    "notebook_in_page",
    "run_chapter",
    "stop_kernels",
    "voila",
    "widget_cells",
]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does it)"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def chromium_path() -> str | None:
    """Where Chromium is (``$CSLEARN_CHROMIUM``, ``chromium`` on the PATH, ``/usr/bin/chromium``), or None.

    >>> path = chromium_path()
    >>> path is None or Path(path).exists()
    True
    """
    for candidate in (os.environ.get("CSLEARN_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chapter_notebooks(root: Path | str = ".", edition: str = "en") -> list[Path]:
    """The chapter notebooks (``notebooks/NN_*.ipynb``, the capstone included), in order; with
    ``edition="ja"`` the Japanese edition's (``notebooks/ja/NN_*.ipynb``).

    >>> [p.name for p in chapter_notebooks(".")][:1] in ([], ["00_start_here.ipynb"])
    True
    """
    folder = Path(root, "notebooks", *(["ja"] if edition == "ja" else []))
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def widget_cells(notebook: Path | str) -> int:
    """How many code cells of ``notebook`` display an explorer (or chapter 00's widget check).

    >>> widget_cells("notebooks/app.ipynb") >= 12 if Path("notebooks/app.ipynb").exists() else True
    True
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    sources = ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return sum(("_explorer(" in code or "widget_check(" in code) for code in sources)


@dataclass
class Server:
    """A server started on loopback: its address, token and process."""

    url: str
    token: str
    process: subprocess.Popen
    home: Path

    def address(self, path: str = "") -> str:
        """The full URL of ``path`` on this server, with the token."""
        joiner = "&" if "?" in path else "?"
        return f"{self.url}/{path.lstrip('/')}" + (f"{joiner}token={self.token}" if self.token else "")


def _stop(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, with its kernels."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_until_up(process: subprocess.Popen, probe, log: Path, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe()
            return
        except OSError as error:
            if time.monotonic() > deadline or process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"{what} did not start:\n{tail}") from error
            time.sleep(0.3)


@contextmanager
def jupyterlab(root: Path | str, folders=("notebooks",), timeout: float = 60) -> Iterator[Server]:
    """JupyterLab on 127.0.0.1 serving a *copy* of ``folders`` of ``root`` (autosave never touches them).

    The news toast is silenced and notebooks attach every cell to the page (windowing off), so
    that every output can be inspected. The server and its kernels stop on exit.
    """
    root = Path(root).resolve()
    home = Path(tempfile.mkdtemp(prefix="cslearn-lab-"))
    settings = home / "settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    (settings / "notebook-extension").mkdir()
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}))
    served = home / "course"
    for folder in folders:
        shutil.copytree(root / folder, served / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), "cslearn-browser"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    if "CSLEARN_DATA" not in env and (root / "data").is_dir():
        env["CSLEARN_DATA"] = str(root / "data")  # the course's data, wherever the copy is served from
    log = home / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={served}",
         "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"],
        env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", token, process, home)
    try:
        _wait_until_up(process, lambda: urllib.request.urlopen(server.address("api/status"), timeout=2),
                       log, "JupyterLab", timeout)
        yield server
    finally:
        _stop(process)
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def voila(notebook: Path | str, timeout: float = 60) -> Iterator[Server]:
    """Voilà on 127.0.0.1 serving one notebook (tracebacks shown, so a failure is readable)."""
    notebook = Path(notebook).resolve()
    home = Path(tempfile.mkdtemp(prefix="cslearn-voila-"))
    port = free_port()
    log = home / "voila.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
         "--show_tracebacks=True", *VOILA_OPTIONS],
        cwd=notebook.parent, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", "", process, home)

    def probe():  # a plain connect: asking for the page would start a kernel
        socket.create_connection(("127.0.0.1", port), timeout=2).close()

    try:
        _wait_until_up(process, probe, log, "Voilà", timeout)
        yield server
    finally:
        _stop(process)
        shutil.rmtree(home, ignore_errors=True)


def stop_kernels(server: Server) -> None:
    """Shut down every kernel session of a JupyterLab server (between two notebooks)."""
    headers = {"Authorization": f"token {server.token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{server.url}/api/sessions", headers=headers),
                                timeout=10) as reply:
        sessions = json.load(reply)
    for session in sessions:
        request = urllib.request.Request(f"{server.url}/api/sessions/{session['id']}", method="DELETE",
                                         headers=headers)
        urllib.request.urlopen(request, timeout=30).close()


@contextmanager
def chromium(executable: str | None = None):
    """Headless Chromium (the system's, never a downloaded one) under Playwright."""
    from playwright.sync_api import sync_playwright

    path = executable or chromium_path()
    if path is None:
        raise RuntimeError(NO_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# every address but one on 127.0.0.1 (127.0.0.1.example.com included)
_NOT_LOOPBACK = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1(?:[:/?#]|$))")


def loopback_page(browser, width: int = 1400, height: int = 1000, timeout_ms: int = 60_000):
    """A new page whose requests to anything but 127.0.0.1 are aborted (no CDN fonts, no hangs)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(timeout_ms)
    # matched by Playwright itself: requests to 127.0.0.1 go straight through, without a round
    # trip to Python each (JupyterLab makes hundreds), and any other is aborted
    page.route(_NOT_LOOPBACK, lambda route: route.abort())
    return page


@dataclass
class ChapterRun:
    """What a chapter looked like in the browser, and what was wrong with it."""

    notebook: str
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    widgets: list[dict] = field(default_factory=list)  # one per widget output: cell, model_id, dom, kernel
    moved: str = ""  # which slider moved with a visible change
    screenshot: Path | None = None
    japanese: int = 0  # pieces of Japanese text checked for a Japanese font
    boxes: list[str] = field(default_factory=list)  # Japanese text drawn without one

    @property
    def sliders(self) -> int:
        """Sliders rendered in the page."""
        return sum(w["dom"] for w in self.widgets)

    @property
    def problems(self) -> list[str]:
        """Everything a student would have seen go wrong; empty when the chapter is fine."""
        found = list(self.errors)
        for w in self.widgets:
            if w.get("error"):
                found.append(f"cell {w['cell']}: widget did not render: {w['error']}")
            elif w["kernel"] is not None and w["dom"] != w["kernel"]:
                found.append(f"cell {w['cell']}: {w['dom']} slider(s) rendered, the kernel's widget has {w['kernel']}")
        if self.sliders and not self.moved:
            found.append("no slider moved with a visible change in its figure or readout")
        found += [f"Japanese drawn without a Japanese font (boxes): {text!r}" for text in self.boxes]
        return found


# --- JavaScript run in the page -----------------------------------------------------------------

_KERNEL_IDLE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle';
}"""

_RUN_FINISHED = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
    const done = cells.every(c => c.model.executionCount !== null || !c.model.sharedModel.getSource().trim());
    return done || failed;
}"""

_OUTPUTS = """(mime) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const report = {errors: [], widgets: []};
    panel.content.widgets.forEach((cell, index) => {
        if (cell.model.type !== 'code') return;
        const outputs = cell.model.outputs.toJSON();
        // one child per output, in order (widget outputs carry no mime-type attribute in the page)
        const children = [...cell.node.querySelectorAll('.jp-Cell-outputArea > .jp-OutputArea-child')];
        outputs.forEach((o, k) => {
            if (o.output_type === 'error') report.errors.push(`cell ${index}: ${o.ename}: ${o.evalue}`);
            if (o.output_type === 'stream' && o.name === 'stderr')
                report.errors.push(`cell ${index}: stderr: ${[].concat(o.text).join('').slice(0, 300)}`);
            if (!(o.data && o.data[mime])) return;
            const node = children.length === outputs.length ? children[k].querySelector('.jp-OutputArea-output') : null;
            let error = '';
            if (!node) error = 'no output in the page';
            else if (node.querySelector('.jupyter-widgets-error-widget')) error = node.innerText.slice(0, 200);
            else if (!node.querySelector(':scope > .jupyter-widgets')) error = node.innerText.slice(0, 200) || 'empty';
            if (node) node.setAttribute('data-cslearn-widget', String(report.widgets.length));
            report.widgets.push({cell: index, model_id: o.data[mime].model_id, error,
                                 dom: node ? node.querySelectorAll('.widget-slider').length : 0});
        });
    });
    return report;
}"""

_WIDGETS_SETTLED = """() => ![...document.querySelectorAll('.jp-OutputArea-output')]
    .some(n => /^\\s*Loading widget/.test(n.innerText))"""

_ASK_KERNEL = """async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    let text = '';
    const future = kernel.requestExecute({code, silent: false, store_history: false});
    future.onIOPub = msg => {
        if (msg.header.msg_type === 'stream') text += msg.content.text;
        if (msg.header.msg_type === 'error') text += `ERROR ${msg.content.ename}: ${msg.content.evalue}`;
    };
    await future.done;
    return text;
}"""

# counts the sliders under each displayed widget, kernel side (no name is left behind)
_COUNT_SLIDERS = """def __cslearn_sliders(ids):
    import json
    from ipywidgets.widgets.widget import _instances
    def count(w):
        own = int(str(getattr(w, "_view_name", "")).endswith("SliderView"))
        return own + sum(count(c) for c in (getattr(w, "children", None) or ()) if c is not None)
    print(json.dumps({i: (count(_instances[i]) if i in _instances else None) for i in ids}))
__cslearn_sliders(%s)
del __cslearn_sliders"""

# what a student sees of one widget: its HTML readouts and a digest of its images' pixels
_FINGERPRINT = """(node) => {
    const texts = [...node.querySelectorAll('.widget-html-content')].map(e => e.innerText);
    const images = [...node.querySelectorAll('img')].map(img => {
        if (!img.complete || !img.naturalWidth) return 'pending';
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let h = 0;
        for (let i = 0; i < data.length; i += 3) h = (Math.imul(h, 31) + data[i]) | 0;
        return `${canvas.width}x${canvas.height}:${h}`;
    });
    return texts.join('|') + '#' + images.join(',');
}"""

_CHANGED = f"""([node, before]) => {{
    const now = ({_FINGERPRINT})(node);
    return !now.includes('pending') && now !== before;
}}"""

_IMAGES_LOADED = """(node) => [...node.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0)"""

_SLIDERS = """(node) => [...node.querySelectorAll('.widget-slider')].map((s, k) => {
    const handle = s.querySelector('.noUi-handle');
    const target = s.querySelector('.noUi-target');
    const label = s.querySelector('.widget-label');
    return {k, label: label ? label.innerText : '',
            disabled: !handle || (target && target.hasAttribute('disabled')),
            atMax: handle && handle.getAttribute('aria-valuenow') === handle.getAttribute('aria-valuemax')};
})"""


def move_a_slider(page, widget_nodes, tries: int = 3, timeout_ms: int = 10_000):
    """Move sliders (keyboard, one step) until a figure or readout changes.

    Returns the moved slider's label and the widget output it belongs to, or ``("", None)``.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    attempts = 0
    for node in widget_nodes:
        for slider in node.evaluate(_SLIDERS):
            if slider["disabled"] or attempts >= tries:
                continue
            attempts += 1
            handle = node.query_selector_all(".widget-slider")[slider["k"]].query_selector(".noUi-handle")
            handle.scroll_into_view_if_needed()
            try:
                page.wait_for_function(_IMAGES_LOADED, arg=node, timeout=timeout_ms)  # compare drawn pictures
                before = node.evaluate(_FINGERPRINT)
                handle.focus()
                page.keyboard.press("ArrowLeft" if slider["atMax"] else "ArrowRight")
                page.wait_for_function(_CHANGED, arg=[node, before], timeout=timeout_ms)
            except PlaywrightTimeout:
                continue
            return slider["label"].strip() or f"slider {slider['k'] + 1}", node
    return "", None


_MARK_JAPANESE = """(limit) => {
    const japanese = /[\\u3040-\\u30ff\\u4e00-\\u9fff]/;
    const shell = window.jupyterapp && window.jupyterapp.shell;
    const root = (shell && shell.currentWidget && shell.currentWidget.node) || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const marked = [];
    let node;
    while ((node = walker.nextNode()) && marked.length < limit) {
        const element = node.parentElement;
        if (!element || !japanese.test(node.nodeValue) || element.hasAttribute('data-cslearn-ja')) continue;
        if (!element.getClientRects().length) continue;  // not laid out: nothing is drawn
        element.setAttribute('data-cslearn-ja', String(marked.length));
        marked.push(node.nodeValue.trim().slice(0, 60));
    }
    return marked;
}"""


def _japanese_families() -> set[str]:
    """The font families this machine has with Japanese glyphs (fontconfig's ``:lang=ja``)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def japanese_without_font(page, limit: int = 60) -> tuple[int, list[str]]:
    """How many pieces of Japanese text in the page were checked (up to ``limit``), and those that
    Chromium drew with no font that has Japanese glyphs (a learner sees boxes). Chromium says which
    platform fonts drew each element (DevTools ``CSS.getPlatformFontsForNode``).

    >>> japanese_without_font.__name__  # needs a page; see tests/test_browser.py
    'japanese_without_font'
    """
    texts = page.evaluate(_MARK_JAPANESE, limit)
    if not texts:
        return 0, []
    families = _japanese_families()
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        boxes = []
        for index, text in enumerate(texts):
            found = session.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-cslearn-ja="{index}"]'})
            if not found.get("nodeId"):
                continue
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": found["nodeId"]})["fonts"]
            if not any(f["familyName"] in families and f["glyphCount"] > 0 for f in fonts):
                boxes.append(text)
    finally:
        session.detach()
    return len(texts), boxes


def _photograph(page, node, path: Path | str) -> Path:
    """Save the page with ``node`` (the explorer just moved) at the top of the view."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if node is not None:
        node.evaluate("(n) => n.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)  # let the scroll settle before the picture
    page.screenshot(path=str(path))
    return path


_LAB_LOADED = "() => !!(window.jupyterapp && window.jupyterapp.shell)"

_NOTEBOOK_IN_PAGE = "() => window.jupyterapp.shell.currentWidget.context.model.toJSON()"


def notebook_in_page(page):
    """The notebook JupyterLab shows in ``page``, outputs included, as it would save it (after
    :func:`run_chapter`, its execution). JupyterLab gives a cell without attachments null ones,
    which nbformat does not accept: those are left out.

    >>> notebook_in_page.__name__  # needs a page; see tests/test_browser.py
    'notebook_in_page'
    """
    import nbformat

    notebook = nbformat.from_dict(page.evaluate(_NOTEBOOK_IN_PAGE))
    for cell in notebook.cells:
        if cell.get("attachments", {}) is None:
            del cell["attachments"]
    nbformat.validate(notebook)
    return notebook

# every open document closed unsaved (a run notebook is changed; nothing is written to the copy)
_CLOSE_DOCUMENTS = """() => {
    for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
        if (widget.context && widget.context.model) widget.context.model.dirty = false;
        widget.dispose();
    }
}"""

_OPEN_NOTEBOOK = """async (path) => {
    await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
}"""


def _open_in_lab(page, server: Server, notebook: str) -> None:
    """Show ``notebook`` alone in the page's JupyterLab.

    A page that already holds this server's JupyterLab keeps it: its documents are closed and the
    notebook is opened in their place, which saves loading JupyterLab again (3-4 s a chapter on two
    cores, issue 16). Otherwise JupyterLab is loaded with a workspace of the notebook's own, so no
    earlier notebook is reopened with it.
    """
    if page.url.startswith(server.url) and page.evaluate(_LAB_LOADED):
        page.evaluate(_CLOSE_DOCUMENTS)
        page.evaluate(_OPEN_NOTEBOOK, notebook)
        return
    # one workspace per notebook path: notebooks/ja/01_x and notebooks/01_x must not share one
    workspace = "-".join(Path(notebook).with_suffix("").parts).replace(".", "-")
    page.goto(server.address(f"lab/workspaces/{workspace}/tree/{notebook}"), wait_until="domcontentloaded")


def run_chapter(page, server: Server, notebook: str, *, timeout: float = 120, move_timeout: float = 10,
                screenshot: Path | str | None = None) -> ChapterRun:
    """Open ``notebook`` (a path under the server's root) in JupyterLab, Run All, check it, move a slider.

    A page already showing the server's JupyterLab is reused: the notebook replaces whatever was
    open (so several chapters can be run one after another in one page); otherwise JupyterLab is
    loaded with a fresh workspace, so no earlier notebook is reopened with it. Returns a
    :class:`ChapterRun`; ``run.problems`` lists what went wrong (empty when nothing did). The
    caller shuts the kernel down afterwards (:func:`stop_kernels`).
    """
    run = ChapterRun(notebook)
    start = time.perf_counter()
    _open_in_lab(page, server, notebook)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function(_KERNEL_IDLE, timeout=90_000)  # Run All before the kernel is up runs nothing
    page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")
    page.wait_for_function(_RUN_FINISHED, timeout=timeout * 1000, polling=250)
    try:
        page.wait_for_function(_WIDGETS_SETTLED, timeout=30_000, polling=250)
    except Exception:  # reported below as widgets 'still loading'
        pass
    report = page.evaluate(_OUTPUTS, WIDGET_MIME)
    run.errors = report["errors"]
    run.widgets = report["widgets"]
    if run.widgets:
        ids = [w["model_id"] for w in run.widgets]
        answer = page.evaluate(_ASK_KERNEL, _COUNT_SLIDERS % json.dumps(ids))
        try:
            counts = json.loads(answer.strip().splitlines()[-1])
        except (ValueError, IndexError):
            run.errors.append(f"could not count the kernel's sliders: {answer[:200]}")
            counts = {}
        for w in run.widgets:
            w["kernel"] = counts.get(w["model_id"])
    run.japanese, run.boxes = japanese_without_font(page)
    nodes = page.query_selector_all(".jp-NotebookPanel [data-cslearn-widget]")
    moved = None
    if run.sliders:
        run.moved, moved = move_a_slider(page, nodes, timeout_ms=int(move_timeout * 1000))
    if screenshot is not None:
        page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the notebook, not the file list
        run.screenshot = _photograph(page, moved, screenshot)
    run.seconds = time.perf_counter() - start
    return run


_VOILA_READY = """(n) => {
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
    if (outputs.some(e => /stderr|error/.test(e.getAttribute('data-mime-type') || ''))) return true;
    const widgets = outputs.filter(e => e.querySelector(':scope > .jupyter-widgets'));
    return widgets.length >= n && widgets.every(e => e.querySelector('.widget-slider, .jupyter-widgets-error-widget'));
}"""


def first_move_seconds(page, server: Server, *, query: str = "", timeout: float = 120) -> tuple[float, float]:
    """Open a Voilà page and time, from the request, its first slider appearing and then answering a
    move (the figure or readout under it changed): ``(seconds to a slider, seconds to a move shown)``."""
    start = time.perf_counter()
    page.goto(f"{server.url}/{query}", wait_until="commit")
    page.wait_for_function(_VOILA_READY, arg=1, timeout=timeout * 1000, polling=20)
    shown = time.perf_counter() - start
    first = [n for n in page.query_selector_all(".jp-OutputArea-output")
             if n.query_selector(":scope > .jupyter-widgets .widget-slider")][:1]
    label, _ = move_a_slider(page, first, tries=1, timeout_ms=int(timeout * 1000))
    if not label:
        raise RuntimeError("the first slider on the page did not change anything when moved")
    return shown, time.perf_counter() - start


def check_voila_app(page, server: Server, expected_widgets: int, *, query: str = "", timeout: float = 120,
                    screenshot: Path | str | None = None) -> ChapterRun:
    """Load a Voilà page, wait for ``expected_widgets`` widgets with sliders, check them and move a slider."""
    run = ChapterRun("voila")
    start = time.perf_counter()
    page.goto(f"{server.url}/{query}", wait_until="domcontentloaded")
    page.wait_for_function(_VOILA_READY, arg=expected_widgets, timeout=timeout * 1000, polling=500)
    for node in page.query_selector_all(".jp-OutputArea-output"):
        if any(word in (node.get_attribute("data-mime-type") or "") for word in ("stderr", "error")):
            run.errors.append(node.inner_text()[:300])
    nodes = [n for n in page.query_selector_all(".jp-OutputArea-output")
             if n.query_selector(":scope > .jupyter-widgets")]
    for k, node in enumerate(nodes):
        error = node.inner_text()[:200] if node.query_selector(".jupyter-widgets-error-widget") else ""
        sliders = len(node.query_selector_all(".widget-slider"))
        run.widgets.append({"cell": k, "model_id": "", "error": error or ("" if sliders else "no slider"),
                            "kernel": None, "dom": sliders})
    if len(nodes) != expected_widgets:
        run.errors.append(f"{len(nodes)} widgets rendered, expected {expected_widgets}")
    moved = None
    if run.sliders:
        run.moved, moved = move_a_slider(page, nodes)
    if screenshot is not None:
        run.screenshot = _photograph(page, moved, screenshot)
    run.seconds = time.perf_counter() - start
    return run
