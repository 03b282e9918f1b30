"""Warm kernels: Python kernels forked from a process that has already imported the scientific stack.

A fresh IPython kernel spends about 1.3 s of CPU importing numpy, pandas, scipy, matplotlib,
IPython and ipykernel before a notebook's first cell does anything, and ``make test`` starts about
ninety kernels (issue 16). This module is a Jupyter *kernel provisioner* that starts each kernel as
a fork of a waiting process (a "zygote") that holds those imports, so a kernel is ready in a few
hundredths of a second. A notebook sees what it would see in an ordinary kernel: only third-party
modules are imported ahead (cslearn itself is imported by the notebook, as always), and nothing that
hooks into IPython at import; names are not put in the notebook's namespace, ``random`` and
``numpy.random`` are seeded afresh in each kernel, and the kernel gets its own working folder,
environment, session and process group. What differs: modules already in ``sys.modules``;
``sys.orig_argv``; and string hashing, whose random key is fixed when a process starts, so the
kernels of one zygote share it (the order of a set of strings is the same in each of them, where
ordinary kernels differ; ``PYTHONHASHSEED`` fixes it for both); and the objects imported ahead
are frozen out of garbage collection (``gc.freeze``, so ``gc.get_freeze_count()`` is not 0). pandas is imported as
a kernel would import it (it picks one display default from whether it runs in a kernel). An
environment that differs from a zygote's in a variable a module could read at import gets a
zygote of its own; anything else unusual (another kernel, launch options a fork cannot honour, a
``matplotlibrc`` in the notebook's folder, a fourth environment, a zygote that cannot start or
fork) gets an ordinary kernel. tests/test_kernels.py holds a chapter's outputs equal warm and cold.
Every kernel it starts, warm or not, gets ports from below the range the system gives outgoing
connections, so no connection can take one before the kernel binds it (:func:`_quiet_port_range`).

Switched on with the environment variable ``JUPYTER_DEFAULT_PROVISIONER_NAME=cslearn-warm`` (the
provisioner is registered under that name by ``pyproject.toml``); ``make test``, ``make build`` and
``make bench`` set it. POSIX only (it forks); elsewhere every kernel is an ordinary one.

Example (the kernel manager picks the provisioner from the environment variable):

>>> import os
>>> from jupyter_client.provisioning.factory import KernelProvisionerFactory
>>> "cslearn-warm" in KernelProvisionerFactory.instance().provisioners
True
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

NAME = "cslearn-warm"
INLINE = "module://matplotlib_inline.backend_inline"  # what ipykernel sets MPLBACKEND to when unset
# imported once in the zygote: third-party only, and nothing that hooks itself into IPython at import
# when a shell exists (matplotlib's inline backend shows figures through such a hook; ipywidgets
# registers its comm targets so), since the zygote has none
PRELOAD = ("numpy", "scipy.optimize", "scipy.special", "scipy.linalg", "matplotlib",
           "matplotlib.pyplot", "PIL.Image", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
           "ipykernel.zmqshell", "comm", "debugpy", "psutil", "jupyter_client.session")
# launch options a forked kernel cannot honour: with any of them the kernel is launched the usual way
_COLD_OPTIONS = ("stdin", "stdout", "stderr", "independent", "preexec_fn")
_READY_SECONDS = 120  # importing the stack on a busy machine, or matplotlib building its font cache
# variables a kernel may have that its zygote did not: per-kernel ones Jupyter sets, the course's
# own, which only cslearn reads (never imported in the zygote), and pytest's, which change each test
_PER_KERNEL = ("JPY_", "CSLEARN_", "PYTEST_")
_MAX_ZYGOTES = 3


# --- the zygote: python -m cslearn.tools.kernels --serve --------------------------------------

def _serve(exits: str) -> None:
    """Import the stack, then fork a kernel for each request read on stdin; print each child's pid."""
    os.environ.setdefault("MPLBACKEND", INLINE)
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module missing here is imported by the kernel, as usual
            pass
    _import_pandas_as_a_kernel_would()
    # what was imported lives as long as each kernel: its collector need not scan it again and again
    # (a chapter's figures make many short-lived objects), and the pages stay shared with the zygote
    gc.collect()
    gc.freeze()

    def reap(*_):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            try:
                Path(exits, f"{pid}.tmp").write_text(str(os.waitstatus_to_exitcode(status)))
                os.replace(Path(exits, f"{pid}.tmp"), Path(exits, str(pid)))
            except OSError:  # the folder is gone: the manager has, too
                pass

    signal.signal(signal.SIGCHLD, reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt meant for a kernel's group is not ours
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    replies.write(b"ready\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        # no reaping between the fork and the reply: a record an earlier kernel with the same pid
        # left behind is removed first, so it is never read as this kernel's
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            pid = os.fork()
        except OSError as error:
            reply = f"error {error}\n"
        else:
            if pid == 0:
                _become_kernel(request, started_in=exits)
            Path(exits, str(pid)).unlink(missing_ok=True)
            reply = f"{pid}\n"
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        replies.write(reply.encode())
        replies.flush()
    # end of input: the manager has gone, and with it any use for the exit records
    shutil.rmtree(exits, ignore_errors=True)


def _import_pandas_as_a_kernel_would() -> None:
    """Import pandas as if inside a Jupyter kernel.

    pandas picks one default at import from where it runs: ``display.max_columns`` is 0 (fit the
    terminal) unless ``get_ipython()`` answers with a kernel, and then 20. The zygote is no kernel,
    so for the import it is given a ``get_ipython`` that answers like one, then it is taken away.
    """
    import builtins

    class _AKernel:
        kernel = True

    builtins.get_ipython = _AKernel
    try:
        import pandas  # noqa: F401
    except Exception:  # noqa: BLE001 - without pandas the kernel imports it itself, as usual
        pass
    finally:
        del builtins.get_ipython


def _become_kernel(request: dict, started_in: str) -> None:
    """In the forked child: become ``python -m ipykernel_launcher <args>`` in the request's folder.
    ``started_in`` is the zygote's folder, which ``python -m`` put first on ``sys.path``."""
    try:
        zygote = os.getppid()
        os.setsid()  # its own process group, so an interrupt reaches the kernel and its children only
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        if null > 2:
            os.close(null)
        os.dup2(2, 1)  # the zygote's stdout is its reply pipe; the kernel writes to stderr as usual
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        import random

        random.seed()
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        # what ipykernel_launcher does: the folder on sys.path goes (IPython puts '' back)
        if sys.path and sys.path[0] in ("", started_in):
            del sys.path[0]
        # the zygote ran as part of cslearn: the kernel imports cslearn itself, in its environment
        for name in [m for m in sys.modules if m == "cslearn" or m.startswith("cslearn.")]:
            del sys.modules[name]
        import ipykernel_launcher
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__, *request["args"]]
        # the kernel watches its parent, the zygote, which lives as long as the kernel's manager
        kernelapp.launch_new_instance(argv=[*request["args"], f"--IPKernelApp.parent_handle={zygote}"])
        code = 0
    except SystemExit as stop:  # how a kernel asked to shut down usually ends
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        if not isinstance(stop.code, int | None):
            print(stop.code, file=sys.stderr)  # as the interpreter would
    except BaseException:  # noqa: BLE001 - a child must never return into the zygote's loop
        import traceback

        traceback.print_exc()
        code = 1
    # what an interpreter does on its way out, short of unloading every module one by one
    try:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    finally:
        os._exit(code)


# --- the kernel manager's side ---------------------------------------------------------------

class _Zygote:
    """One waiting process for one interpreter and environment."""

    def __init__(self, python: str, env: dict[str, str]):
        # the zygote's own folder (private, 0700) is where it starts: python -m puts that folder first
        # on sys.path while the stack is imported, and matplotlib reads a matplotlibrc found there
        self.exits = tempfile.mkdtemp(prefix="cslearn-kernels-")
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [python, "-m", "cslearn.tools.kernels", "--serve", self.exits],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=self.exits,
        )
        if self._reply(_READY_SECONDS) != "ready":
            self.close()
            raise RuntimeError("the warm-kernel process did not start")

    def _reply(self, seconds: float) -> str:
        """The zygote's next line, or "" when it has none within ``seconds``."""
        import selectors

        with selectors.DefaultSelector() as waiting:
            waiting.register(self.process.stdout, selectors.EVENT_READ)
            if not waiting.select(seconds):
                return ""
        return self.process.stdout.readline().decode(errors="replace").strip()

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, args: list[str], env: dict[str, str], cwd: str) -> int:
        """The pid of a new kernel; RuntimeError (and the zygote closed) when none came."""
        with self.lock:
            reply = ""
            try:
                self.process.stdin.write(json.dumps({"args": args, "env": env, "cwd": cwd}).encode() + b"\n")
                self.process.stdin.flush()
                reply = self._reply(_READY_SECONDS)
                return int(reply)
            except (OSError, ValueError):
                # a reply left unread would be taken for the next kernel's pid: this zygote is done
                self.close()
                raise RuntimeError(f"the warm-kernel process could not fork a kernel ({reply or 'no reply'})") \
                    from None

    def close(self) -> None:
        try:
            self.process.stdin.close()  # end of input: the zygote leaves, and its kernels notice
            self.process.wait(timeout=5)
        except Exception:  # noqa: BLE001 - closing at exit is best effort
            self.process.kill()
        self.process.stdout.close()
        shutil.rmtree(self.exits, ignore_errors=True)


_zygotes: dict[tuple, _Zygote | None] = {}  # None: it could not start, so those kernels start cold
_zygotes_lock = threading.Lock()


def _shared_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith(_PER_KERNEL)}


def _zygote_for(python: str, env: dict[str, str]) -> _Zygote | None:
    shared = _shared_env(env)
    key = (python, tuple(sorted(shared.items())))
    with _zygotes_lock:
        if key in _zygotes:
            zygote = _zygotes[key]
            if zygote is None or zygote.alive():
                return zygote
            zygote.close()  # it has gone: start another
            del _zygotes[key]
        if len(_zygotes) >= _MAX_ZYGOTES:
            return None
        try:
            _zygotes[key] = _Zygote(python, shared)
        except Exception:  # noqa: BLE001 - no warm kernels for this interpreter: cold ones, as usual
            _zygotes[key] = None
        return _zygotes[key]


def _close_all() -> None:
    for zygote in _zygotes.values():
        if zygote is not None:
            zygote.close()


def _forget_in_child() -> None:
    """In a process forked from a manager (a process pool's worker, say): its parent's zygotes are
    not its own. It lets go of their pipes and starts its own when it needs one, and draws ports
    from a picker of its own (a copy of the parent's would pick the ports the parent picks next)."""
    global _zygotes, _zygotes_lock, _PORT_PICKER, _PORTS_LOCK, _PORTS_GIVEN
    _PORT_PICKER, _PORTS_LOCK, _PORTS_GIVEN = random.Random(), threading.Lock(), set()  # its locks are its own
    for zygote in _zygotes.values():
        if zygote is not None:
            # closed by number, never through the file objects: another thread of the parent may have
            # held their locks at the fork. The objects are kept, so no finaliser closes them again
            _inherited.append(zygote)
            for pipe in (zygote.process.stdin, zygote.process.stdout):
                try:
                    os.close(pipe.fileno())
                except (OSError, ValueError):
                    pass
    _zygotes, _zygotes_lock = {}, threading.Lock()


_inherited: list[_Zygote] = []


atexit.register(_close_all)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


async def _in_a_thread(function, *args):
    """``function(*args)`` in a new thread, awaited by polling every few milliseconds.

    Not asyncio.to_thread: a process forked from this one (a process pool's worker) inherits a thread
    pool whose threads it does not have, and waits on it forever; a thread made for the call exists
    wherever the call is made. Not a wake-up from the thread either (``asyncio.wrap_future``): that
    writes to the event loop's wake-up pipe, which processes forked from one parent share with the
    loop they inherited, so a sibling could read the wake-up and leave this one waiting forever (a
    make build test hung so, with two pool workers launching kernels at once).
    """
    import asyncio
    from concurrent.futures import Future

    done: Future = Future()

    def run():
        try:
            done.set_result(function(*args))
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting coroutine
            done.set_exception(error)

    threading.Thread(target=run, daemon=True, name="cslearn-warm-kernel").start()
    while not done.done():
        await asyncio.sleep(0.005)
    return done.result()


class _Forked:
    """The parts of :class:`subprocess.Popen` a provisioner uses, for a kernel that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, exits: str):
        self.pid, self.exits, self.returncode = pid, exits, None
        self._gone_since: float | None = None

    def _state(self) -> str:
        """"running", "zombie" (ended, not yet reaped by the zygote) or "gone"."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return "gone"
        except PermissionError:
            return "running"
        try:
            zombie = Path(f"/proc/{self.pid}/stat").read_text().split(") ")[-1][:1] == "Z"
        except OSError:
            zombie = False
        return "zombie" if zombie else "running"

    def poll(self) -> int | None:
        if self.returncode is None:
            record = Path(self.exits, str(self.pid))
            if record.exists():
                self.returncode = int(record.read_text() or 1)
                record.unlink(missing_ok=True)
            else:
                # ended: the zygote writes its code as it reaps it, a moment later on a busy machine;
                # until then it is a zombie, and with no zygote left to reap it, it is gone unreported
                state = self._state()
                if state == "running":
                    return None
                if self._gone_since is None:
                    self._gone_since = time.monotonic()
                elif state == "gone" and time.monotonic() - self._gone_since > 5:
                    self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _warm_args(cmd: list[str]) -> list[str] | None:
    """The kernel's arguments when ``cmd`` is ``<python> -m ipykernel_launcher ...``, else None."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"] and os.path.isabs(cmd[0]):
        return cmd[3:]
    return None


# --- ports: outside the range the system hands out to outgoing connections ------------------------

_PORT_NAMES = ("shell_port", "iopub_port", "stdin_port", "hb_port", "control_port")
_PORTS_GIVEN: set[int] = set()  # ports this process handed to a kernel still running
_PORT_PICKER = random.Random()  # its own generator: picking ports must not move a test's random draws
_PORTS_LOCK = threading.Lock()
# one byte per port of this file is locked (fcntl.lockf) by the process that handed the port to a kernel,
# so two processes never hand out the same one; the system drops a process's locks when it ends
_PORT_LOCKS = "cslearn-kernel-ports.lock"
_port_locks_fd: int | None = None


def _quiet_port_range(range_file: str = "/proc/sys/net/ipv4/ip_local_port_range") -> range | None:
    """Ports below the ephemeral range (Linux: 32768-60999), or None where that range is unknown or
    leaves too few below it.

    jupyter_client picks a kernel's ports by asking the system for a free one (port 0) and closing
    it; the kernel binds it a moment later. The system picks from the range it also gives every
    outgoing connection, and with a browser, a Jupyter server and a dozen kernel clients connecting
    beside the suite, one of those connections took a picked port before its kernel bound it
    ("Address already in use", issue 16). No outgoing connection is ever given a port below that
    range, so a free port chosen there stays free for the kernel. The range starts at 10000, above
    the ports the course's servers listen on (8000, 8866, 8888).

    >>> _quiet_port_range("/nonexistent") is None
    True
    """
    try:
        low = int(Path(range_file).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    ports = range(max(10_000, low - 12_000), low)
    return ports if len(ports) >= 1_000 else None


def _port_lock(port: int, take: bool) -> bool:
    """Take (or give back) this process's lock on ``port`` among the processes handing out ports here;
    True when taken. Where the lock file cannot be used, every port counts as taken by nobody."""
    global _port_locks_fd
    try:
        import fcntl
    except ImportError:
        return True
    if _port_locks_fd is None:
        try:
            _port_locks_fd = os.open(os.path.join(tempfile.gettempdir(), _PORT_LOCKS), os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            _port_locks_fd = -1
    if _port_locks_fd < 0:
        return True
    try:
        fcntl.lockf(_port_locks_fd, (fcntl.LOCK_EX | fcntl.LOCK_NB) if take else fcntl.LOCK_UN, 1, port)
    except OSError:
        return False
    return True


def _free_quiet_port(ip: str, ports: range) -> int:
    """A port in ``ports`` that nothing on ``ip`` is bound to and no kernel manager on this machine
    (this process or another) has handed to a kernel still running."""
    import socket

    with _PORTS_LOCK:
        for _ in range(200):
            port = _PORT_PICKER.choice(ports)
            if port in _PORTS_GIVEN or not _port_lock(port, take=True):
                continue
            with socket.socket() as probe:
                try:
                    probe.bind((ip, port))
                except OSError:
                    _port_lock(port, take=False)
                    continue
            _PORTS_GIVEN.add(port)
            return port
    raise OSError(f"no free port found in {ports.start}-{ports.stop - 1} on {ip}")


def _give_back_ports(ports) -> None:
    with _PORTS_LOCK:
        for port in ports:
            if port in _PORTS_GIVEN:
                _PORTS_GIVEN.discard(port)
                _port_lock(port, take=False)


class WarmProvisioner(LocalProvisioner):
    """A :class:`~jupyter_client.provisioning.LocalProvisioner` whose Python kernels are forked warm.

    Registered as ``cslearn-warm``; choose it for every kernel with
    ``JUPYTER_DEFAULT_PROVISIONER_NAME=cslearn-warm``. Kernels it cannot start warm (not the
    ipykernel launcher, another platform) are launched the ordinary way.
    """

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        """Give the kernel its ports from below the ephemeral range (see :func:`_quiet_port_range`),
        then prepare the launch as jupyter_client does, which keeps ports it finds already chosen."""
        km = self.parent
        ports = _quiet_port_range()
        if (km is not None and ports is not None and km.transport == "tcp" and km.cache_ports
                and not self.ports_cached and not any(getattr(km, name) for name in _PORT_NAMES)):
            try:
                chosen = [_free_quiet_port(km.ip, ports) for _ in _PORT_NAMES]
            except OSError:
                chosen = None  # jupyter_client picks them, as usual
            if chosen is not None:
                for name, port in zip(_PORT_NAMES, chosen, strict=True):
                    setattr(km, name, port)
                self.ports_cached = True
        return await super().pre_launch(**kwargs)

    async def cleanup(self, restart: bool = False) -> None:
        if self.ports_cached and not restart:
            _give_back_ports(self.connection_info.get(name) for name in _PORT_NAMES)
        await super().cleanup(restart=restart)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        args = _warm_args(cmd)
        env = dict(os.environ if kwargs.get("env") is None else kwargs["env"])
        cwd = os.path.abspath(kwargs.get("cwd") or os.getcwd())
        zygote = None
        if (args is not None and hasattr(os, "fork") and not any(kwargs.get(o) for o in _COLD_OPTIONS)
                and not os.path.exists(os.path.join(cwd, "matplotlibrc"))):  # read at matplotlib's import
            # starting a zygote takes a second or two: not on the server's event loop
            zygote = await _in_a_thread(_zygote_for, cmd[0], env)
        if zygote is None:
            return await super().launch_kernel(cmd, **kwargs)
        env["JPY_PARENT_PID"] = str(os.getpid())  # what jupyter_client's launcher tells a kernel it starts
        try:
            pid = await _in_a_thread(zygote.fork, args, env, cwd)
        except RuntimeError:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid, zygote.exits)
        self.pid = self.pgid = self.process.pid
        self.cwd = cwd
        return self.connection_info


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"] and len(sys.argv) == 3:
        _serve(sys.argv[2])
    else:
        sys.exit("usage: python -m cslearn.tools.kernels --serve EXITS_FOLDER (started by the provisioner)")
