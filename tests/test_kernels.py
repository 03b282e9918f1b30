"""Warm kernels (cslearn/tools/kernels.py): forked from a process holding the scientific stack, they
behave as ordinary kernels do: same outputs, fresh random seeds, interrupts, a death reported."""

from __future__ import annotations

import json
import os
import time

import nbformat
import pytest
from conftest import ROOT
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from cslearn.tools import kernels

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="warm kernels fork: POSIX only")

# what a notebook can see of its kernel, besides what it computes
PROBE = [
    "import os, sys\nprint(os.getcwd())\nprint(sys.path)\nprint(os.path.basename(sys.argv[0]), sys.argv[1])",
    "import matplotlib\nprint(matplotlib.get_backend(), matplotlib.rcParams['figure.dpi'])",
    "import pandas as pd, numpy as np\nprint(pd.get_option('display.max_columns'), pd.get_option('display.width'))\n"
    "pd.DataFrame(np.arange(90).reshape(3, 30))",
    "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.title('a figure')\nplt.show()",
    "print(os.environ.get('CSLEARN_PROBE'), os.environ.get('JPY_PARENT_PID') is not None)",
    "import cslearn\nprint(cslearn.__file__)\nprint(sorted(m for m in sys.modules if m.startswith('cslearn'))[:3])",
    "print(__name__, type(get_ipython()).__name__, os.getpgid(0) == os.getpid())",
    "import ipywidgets, comm\nprint(sorted(comm.get_comm_manager().targets))",
    "print(sorted(os.listdir(f'/proc/{os.getpid()}/fd'), key=int)[:3], len(os.listdir(f'/proc/{os.getpid()}/fd')) > 3)",
]
SEEDS = "import random, numpy as np\nprint(random.random(), np.random.random())"


@pytest.fixture
def provisioner(monkeypatch):
    """``provisioner(name)`` makes every kernel this test starts use that provisioner."""
    def use(name: str) -> None:
        monkeypatch.setattr(KernelProvisionerFactory.instance(), "default_provisioner_name", name)
    return use


def _run(cells: list[str] | nbformat.NotebookNode, folder, timeout: int = 60) -> nbformat.NotebookNode:
    """A notebook (or one made of code ``cells``) executed in ``folder``, with its outputs."""
    from nbclient import NotebookClient

    notebook = cells if isinstance(cells, nbformat.NotebookNode) else nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def _outputs(notebook) -> list[str]:
    """Each output as JSON, without what differs between any two runs: widget model ids, and how a
    cell's printing was cut into messages (two prints may arrive as one, as the flush timer falls)."""
    found = []
    for cell in notebook.cells:
        outputs = []
        for output in cell.get("outputs", []):
            output = dict(output)
            output.pop("execution_count", None)
            if "data" in output:
                output["data"] = {k: v for k, v in output["data"].items() if "widget" not in k}
            if outputs and output.get("name") and outputs[-1].get("name") == output["name"]:
                outputs[-1] = {**outputs[-1], "text": outputs[-1]["text"] + output["text"]}
            else:
                outputs.append(output)
        found += [json.dumps(output, sort_keys=True) for output in outputs]
    return found


def test_the_provisioner_is_registered_under_its_name():
    assert kernels.NAME in KernelProvisionerFactory.instance().provisioners


def test_a_warm_kernel_shows_a_notebook_what_a_cold_one_does(provisioner, tmp_path, monkeypatch):
    monkeypatch.setenv("CSLEARN_PROBE", "a course variable the zygote never saw")
    provisioner("local-provisioner")
    cold = _outputs(_run(PROBE, tmp_path))
    provisioner(kernels.NAME)
    warm = _outputs(_run(PROBE, tmp_path))
    assert len(cold) == len(warm) > len(PROBE)  # every probe printed, the table and figure shown
    for index, (expected, got) in enumerate(zip(cold, warm, strict=True)):
        assert got == expected, f"output {index} differs:\ncold {expected[:400]}\nwarm {got[:400]}"
    assert str(tmp_path) in warm[0] and "a course variable" in "".join(warm)
    assert any("image/png" in output for output in warm)


def test_warm_kernels_are_seeded_afresh_each(provisioner, tmp_path):
    provisioner(kernels.NAME)
    draws = [_outputs(_run([SEEDS], tmp_path))[0] for _ in range(2)]
    assert draws[0] != draws[1], "two kernels forked from one process drew the same random numbers"


def test_what_a_warm_kernel_was_given_ahead_is_frozen_out_of_garbage_collection(provisioner, tmp_path):
    """The one difference the docstring adds for speed: the zygote's imports are gc-frozen, and
    the kernel still collects its own garbage."""
    code = "import gc\nprint(gc.get_freeze_count() > 10_000, gc.isenabled(), gc.get_threshold()[0])"
    provisioner("local-provisioner")
    frozen, enabled, threshold = _run([code], tmp_path).cells[0].outputs[0].text.split()
    assert (frozen, enabled) == ("False", "True")
    provisioner(kernels.NAME)
    assert _run([code], tmp_path).cells[0].outputs[0].text.split() == ["True", "True", threshold]


def test_a_chapter_prints_the_same_warm_and_cold(provisioner):
    chapter = ROOT / "notebooks" / "01_ownership_to_experience.ipynb"
    runs = {}
    for name in ("local-provisioner", kernels.NAME):
        provisioner(name)
        runs[name] = _outputs(_run(nbformat.read(chapter, as_version=4), chapter.parent, timeout=120))
    cold, warm = runs["local-provisioner"], runs[kernels.NAME]
    assert len(cold) > 10 and len(warm) == len(cold)
    differ = [i for i, (a, b) in enumerate(zip(cold, warm, strict=True)) if a != b]
    assert differ == [], (f"outputs {differ} differ; the first:\n"
                          f"cold {cold[differ[0]][:400]}\nwarm {warm[differ[0]][:400]}")


@pytest.fixture
def warm_kernel(provisioner, tmp_path):
    """A started warm kernel and its client (checked to be forked, not launched cold)."""
    from jupyter_client import KernelManager

    provisioner(kernels.NAME)
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    assert isinstance(manager.provisioner.process, kernels._Forked), "the kernel was launched cold"
    yield manager, client
    client.stop_channels()
    if manager.is_alive():
        manager.shutdown_kernel(now=True)


def test_an_interrupt_stops_a_busy_cell(warm_kernel):
    manager, client = warm_kernel
    msg_id = client.execute("while True:\n    pass", stop_on_error=False)  # the next request is not aborted
    time.sleep(0.5)
    manager.interrupt_kernel()
    reply = client.get_shell_msg(timeout=20)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    # and the kernel carries on
    reply = client.execute_interactive("x = 6 * 7", user_expressions={"x": "x"}, timeout=20)
    assert reply["content"].get("user_expressions", {}).get("x", {}).get("data") == {"text/plain": "42"}, reply


def test_a_kernel_binds_ports_no_outgoing_connection_can_be_given_and_hands_them_back(warm_kernel):
    """Ports come from below the ephemeral range, where the system never puts an outgoing connection
    (one took a kernel's port between its pick and its bind, beside the browser tests: issue 16)."""
    manager, client = warm_kernel
    quiet = kernels._quiet_port_range()
    assert quiet is not None, "this Linux machine has an ephemeral range with room below it"
    ports = [manager.get_connection_info()[name] for name in kernels._PORT_NAMES]
    assert len(set(ports)) == 5 and all(port in quiet for port in ports), ports
    assert set(ports) <= kernels._PORTS_GIVEN
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    assert not set(ports) & kernels._PORTS_GIVEN, "a kernel that has ended gives its ports back"


def test_a_port_something_holds_is_not_picked(tmp_path):
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        with pytest.raises(OSError, match="no free port"):
            kernels._free_quiet_port("127.0.0.1", range(port, port + 1))
    picked = kernels._free_quiet_port("127.0.0.1", range(port, port + 1))  # free again
    assert picked == port
    kernels._give_back_ports([port])
    (tmp_path / "range").write_text("10500\t60999\n")
    assert kernels._quiet_port_range(str(tmp_path / "range")) is None, "too few ports between 10000 and 10500"
    (tmp_path / "range").write_text("32768\t60999\n")
    assert kernels._quiet_port_range(str(tmp_path / "range")) == range(20768, 32768)


def test_a_port_another_process_handed_to_a_kernel_is_not_picked():
    """Two kernel managers (two test workers, a Jupyter server) never hand out the same port."""
    import subprocess
    import sys

    quiet = kernels._quiet_port_range()
    port = kernels._free_quiet_port("127.0.0.1", quiet)  # free, and now this process's
    kernels._give_back_ports([port])
    holder = subprocess.Popen([sys.executable, "-c", f"import sys; from cslearn.tools import kernels\n"
                               f"assert kernels._port_lock({port}, take=True)\nprint('held', flush=True)\n"
                               f"sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OSError, match="no free port"):
            kernels._free_quiet_port("127.0.0.1", range(port, port + 1))
    finally:
        holder.communicate("")
    assert kernels._free_quiet_port("127.0.0.1", range(port, port + 1)) == port  # its holder has ended
    kernels._give_back_ports([port])
    assert port not in kernels._PORTS_GIVEN


def test_a_kernel_that_dies_is_reported_with_its_exit_code(warm_kernel):
    manager, client = warm_kernel
    client.execute("import os\nos._exit(3)")
    deadline = time.monotonic() + 20
    while manager.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not manager.is_alive()
    assert manager.provisioner.process.poll() == 3


def test_a_dead_kernel_fails_the_notebook(provisioner, tmp_path):
    from nbclient.exceptions import DeadKernelError

    provisioner(kernels.NAME)
    with pytest.raises(DeadKernelError):
        _run(["import os\nos._exit(1)", "print('never')"], tmp_path)


def test_a_kernel_shut_down_has_ended(warm_kernel):
    manager, client = warm_kernel
    pid = manager.provisioner.process.pid
    client.stop_channels()
    process = manager.provisioner.process
    manager.shutdown_kernel(now=False)
    assert process.wait(timeout=20) == 0, "a kernel asked to shut down ends as a cold one does, with 0"
    with pytest.raises(ProcessLookupError):
        for _ in range(100):  # reaped by its zygote within a moment
            os.kill(pid, 0)
            time.sleep(0.05)


def test_a_matplotlibrc_in_the_notebooks_folder_gets_an_ordinary_kernel_that_reads_it(provisioner, tmp_path):
    (tmp_path / "matplotlibrc").write_text("figure.dpi: 42\n")
    provisioner(kernels.NAME)
    printed = _outputs(_run(["import matplotlib\nprint(matplotlib.rcParams['figure.dpi'])"], tmp_path))
    assert "42.0" in printed[0]


def test_a_zygote_that_cannot_start_or_fork_leaves_kernels_to_start_cold(monkeypatch):
    import sys

    monkeypatch.setattr(kernels, "_zygotes", {})
    env = {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}
    assert kernels._zygote_for("/bin/false", env) is None  # it ends before it is ready
    assert list(kernels._zygotes.values()) == [None], "and is not tried again for each kernel"
    zygote = kernels._Zygote(sys.executable, env)
    zygote.process.kill()
    zygote.process.wait()
    with pytest.raises(RuntimeError, match="could not fork a kernel"):
        zygote.fork(["-f", "nowhere.json"], env, os.getcwd())
    assert not os.path.exists(zygote.exits)


def _kernels_in_a_forked_child(folder: str) -> list[str]:
    return _outputs(_run(["import os\nprint(os.getcwd())"], folder))


def test_a_process_forked_from_a_manager_starts_warm_kernels_of_its_own(provisioner, tmp_path):
    """make build runs notebooks in a pool of processes forked from one that may have started kernels:
    a child must not use (or tidy away) its parent's zygote, nor wait on its parent's threads."""
    import multiprocessing

    provisioner(kernels.NAME)
    _run(["1 + 1"], tmp_path)  # this process now has a zygote, and has awaited a launch in a thread
    (parents,) = [z for z in kernels._zygotes.values() if z is not None]
    with multiprocessing.get_context("fork").Pool(1) as pool:  # ended (terminated) on the way out
        printed = pool.apply_async(_kernels_in_a_forked_child, (str(tmp_path),)).get(timeout=90)
    assert str(tmp_path) in printed[0]
    assert parents.alive() and os.path.isdir(parents.exits), "the child left its parent's zygote alone"
    assert str(tmp_path) in _outputs(_run(["import os\nprint(os.getcwd())"], tmp_path))[0]


def test_a_zygote_leaves_nothing_behind_when_its_manager_closes_it_or_goes(tmp_path):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("JPY_")}
    closed = kernels._Zygote(sys.executable, env)
    closed.close()
    assert closed.process.returncode == 0 and not os.path.exists(closed.exits)
    # a manager that dies without closing it: the zygote reads the end of its input, and tidies up
    gone = kernels._Zygote(sys.executable, env)
    gone.process.stdin.close()
    assert gone.process.wait(timeout=20) == 0 and not os.path.exists(gone.exits)
    assert subprocess.run([sys.executable, "-m", "cslearn.tools.kernels"], capture_output=True).returncode == 1


@pytest.mark.parametrize(("cmd", "args"), [
    (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
    (["python3", "-m", "ipykernel_launcher", "-f", "c.json"], None),  # not a full path: cold
    (["/usr/bin/python3", "-m", "other_kernel", "-f", "c.json"], None),
    (["/usr/bin/R", "--slave", "-e", "IRkernel::main()"], None),
])
def test_only_an_ipykernel_launch_by_full_path_is_forked(cmd, args):
    assert kernels._warm_args(cmd) == args


def test_kernels_share_a_zygote_unless_their_environment_differs():
    base = {"PATH": "/bin", "HOME": "/root"}
    per_kernel = {**base, "JPY_SESSION_NAME": "a", "CSLEARN_SEED": "1", "PYTEST_CURRENT_TEST": "t"}
    assert kernels._shared_env(per_kernel) == base
    assert kernels._shared_env({**base, "MPLBACKEND": "Agg"}) != base
