"""The ``cslearn`` command for instructors: build the course, run workshops, serve the app.

::

    cslearn build                       # every notebook executed into build/ (= make build)
    cslearn workshop --business gym     # the capstone for one business: build/workshop/gym.ipynb + .html
    cslearn workshop --business all --lang ja --out reports
    cslearn exercises                   # regenerate exercises/ from solutions/ (= make exercises)
    cslearn app                         # the chapter explorers without code, served by Voila
    cslearn app --lang ja               # the same in Japanese (notebooks/ja/app.ipynb)
    cslearn grade submissions/ --out gradebook/   # run and grade every student's exercise notebook
    cslearn grade homes/ --glob "*/cslearn/exercises/01_exercises.ipynb" --roster class.txt

Exit codes: 0 when everything worked, 1 when something ran and failed (a notebook, a presets file),
2 for a usage error (an unknown command, option or business).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main", "find_root", "workshop", "app_command", "grade_command", "OK", "FAILED", "USAGE"]

OK, FAILED, USAGE = 0, 1, 2
CAPSTONE = Path("notebooks") / "07_capstone.ipynb"
APP = Path("notebooks") / "app.ipynb"


class UsageError(Exception):
    """A command line that cannot be run as given (exit code 2)."""


def find_root(start: str | Path | None = None) -> Path:
    """The course folder: ``start`` (default: the working directory) or a parent of it holding
    ``notebooks/``, else the folder the ``cslearn`` package was installed from.

    >>> (find_root() / "notebooks").is_dir()
    True
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "notebooks").is_dir() and (folder / "cslearn").is_dir():
            return folder
    return Path(__file__).resolve().parents[1]


def _run_notebook(source: Path, target: Path, parameters: dict, timeout: int) -> tuple[bool, str, float]:
    """Execute ``source`` into ``target`` with papermill and write ``target`` as HTML beside it."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    target.parent.mkdir(parents=True, exist_ok=True)
    start, error = time.perf_counter(), ""
    try:
        papermill.execute_notebook(str(source), str(target), parameters=parameters, cwd=str(source.parent),
                                   progress_bar=False, execution_timeout=timeout, kernel_name="python3",
                                   # quiet the kernel's start-up warnings (e.g. "TCP without encryption")
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except Exception as exc:  # papermill keeps the failing cell's error in the output notebook
        lines = str(exc).strip().splitlines()
        error = f"{type(exc).__name__}: {lines[-1] if lines else ''}"
    if target.exists():
        html, _ = HTMLExporter().from_notebook_node(nbformat.read(target, as_version=4))
        target.with_suffix(".html").write_text(html, encoding="utf-8")
    return not error, error, time.perf_counter() - start


def workshop(businesses, out: str | Path = "build/workshop", language: str = "en", root: str | Path | None = None,
             presets_file: str | Path | None = None, timeout: int = 300, echo=print) -> dict[str, str]:
    """Run the capstone once per business into ``out``: ``<business>.ipynb`` and ``<business>.html``
    (with ``language="ja"``, the Japanese edition's capstone, ``notebooks/ja/07_capstone.ipynb``).

    Returns ``{business: ""}`` for a report that ran and ``{business: error}`` for one that failed;
    ``out/status.md`` lists them with their run times.

    >>> workshop(["no such business"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: business must be one of 'dance_school', 'esthetic_salon', 'gym', 'lounge', ...
    """
    from cslearn._validate import check_choice, check_int
    from cslearn.capstone.analysis import load_presets
    from cslearn.tools.build import BuildResult, status_table

    root = find_root(root)
    timeout = check_int("timeout", timeout, low=1)
    presets = load_presets(presets_file)
    names = list(dict.fromkeys(check_choice("business", b, sorted(presets)) for b in businesses))
    language = check_choice("language", language, ["en", "ja"])
    source = root / (CAPSTONE.parent / "ja" / CAPSTONE.name if language == "ja" else CAPSTONE)
    if not source.is_file():
        raise FileNotFoundError(f"the capstone notebook is missing: {source}")
    out = Path(out).resolve()
    if out.exists() and not out.is_dir():
        raise ValueError(f"out must be a folder for the reports; {out} is a file")
    results, rows = {}, []
    parameters = {"language": language}
    if presets_file is not None:
        parameters["presets_file"] = str(Path(presets_file).resolve())
    for name in names:
        target = out / f"{name}.ipynb"
        passed, error, seconds = _run_notebook(source, target, {**parameters, "business": name}, timeout)
        results[name] = error
        rows.append(BuildResult(Path(target.name), seconds, passed, error))
        echo(f"{'ok    ' if passed else 'FAILED'} {name:<22} {seconds:5.1f} s  {target.with_suffix('.html')}"
             + (f"\n       {error}" if error else ""))
    out.mkdir(parents=True, exist_ok=True)
    (out / "status.md").write_text(status_table(rows).replace("# Execution status", "# Workshop reports", 1),
                                   encoding="utf-8")
    return results


def app_command(root: str | Path | None = None, port: int = 8866, open_browser: bool = True,
                theme: str = "light", lang: str = "en") -> list[str]:
    """The Voila command line that serves ``notebooks/app.ipynb`` on this machine only (with
    ``lang="ja"`` the Japanese edition's, ``notebooks/ja/app.ipynb``).

    >>> app_command(port=9000, open_browser=False)[-4:]
    ['--port=9000', '--Voila.ip=127.0.0.1', '--theme=light', '--no-browser']
    >>> Path(app_command(lang="ja")[3]).parent.name
    'ja'
    """
    from cslearn._validate import check_choice, check_int

    port = check_int("port", port, 1024, 65535)
    theme = check_choice("theme", theme, ["light", "dark"])
    lang = check_choice("lang", lang, ["en", "ja"])
    app = find_root(root) / (APP.parent / "ja" / APP.name if lang == "ja" else APP)
    from cslearn.tools.browser import VOILA_OPTIONS

    command = [sys.executable, "-m", "voila", str(app), *VOILA_OPTIONS, f"--port={port}", "--Voila.ip=127.0.0.1",
               f"--theme={theme}"]
    return command + ([] if open_browser else ["--no-browser"])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cslearn",
        description="cslearn for instructors: build the course, run capstone workshops, serve the explorers.",
        epilog="Exit codes: 0 ok, 1 something failed, 2 usage error. 'cslearn COMMAND --help' for each command.",
    )
    parser.add_argument("--root", help="the course folder (default: found from the working directory)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    build = commands.add_parser(
        "build", add_help=False, help="execute every notebook into build/ with HTML and build/status.md (make build)",
        description="Delegates to python -m cslearn.tools.build; its options follow.")
    build.add_argument("build_args", nargs=argparse.REMAINDER)
    shop = commands.add_parser(
        "workshop", help="run the capstone for one business (or all): an executed notebook and HTML each",
        description="Execute notebooks/07_capstone.ipynb with papermill for each chosen business preset; "
                    "writes OUT/<business>.ipynb, OUT/<business>.html and OUT/status.md.")
    shop.add_argument("--business", metavar="NAME",
                      help="a preset key (e.g. gym, esthetic_salon or just salon, dance_school) or 'all'; "
                           "several separated by commas (required unless --list)")
    shop.add_argument("--lang", default="en", choices=["en", "ja"],
                      help="the report's language: en (default) or ja, the Japanese edition's capstone")
    shop.add_argument("--out", default="build/workshop", help="output folder (default build/workshop)")
    shop.add_argument("--presets", help="your own presets file (a copy of data/capstone_presets.json)")
    shop.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell (default 300)")
    shop.add_argument("--list", action="store_true", help="only list the businesses and exit")
    commands.add_parser(
        "exercises", help="regenerate exercises/ from solutions/ (make exercises)",
        description="Write every exercises/NN_exercises.ipynb from solutions/NN_exercises.ipynb.")
    app = commands.add_parser(
        "app", help="serve the chapter explorers without code (Voila) for a projector",
        description="Serve notebooks/app.ipynb with Voila on 127.0.0.1 (stop with Ctrl-C).")
    app.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser")
    app.add_argument("--theme", default="light", choices=["light", "dark"], help="page theme (default light)")
    app.add_argument("--lang", default="en", choices=["en", "ja"],
                     help="the English app (default) or the Japanese edition's (notebooks/ja/app.ipynb)")
    app.add_argument("--dry-run", action="store_true", help="print the Voila command instead of running it")
    grade = commands.add_parser(
        "grade", help="run every student's exercise notebook headless and write a gradebook",
        description="Run each exercise notebook under SUBMISSIONS (SUBMISSIONS/<student>.ipynb or "
                    "SUBMISSIONS/<student>/NN_exercises.ipynb) in a fresh kernel with a time limit, judge "
                    "every answer with the library's own checks, and write OUT/gradebook.csv, "
                    "OUT/summary.html and OUT/feedback/<student>.html. A broken submission is reported "
                    "in the gradebook and does not stop the run; notebooks that are not exercise sheets are "
                    "skipped. A grade for low-stakes practice: the answers are computable in the "
                    "students' environment. Run it as an unprivileged user (never with sudo): it runs "
                    "the students' code.")
    grade.add_argument("submissions", metavar="SUBMISSIONS", help="the folder of the students' notebooks")
    grade.add_argument("--out", default="build/gradebook", help="output folder (default build/gradebook)")
    grade.add_argument("--chapter", help="the sheet's chapter, such as 01 (default: the one most notebooks check)")
    grade.add_argument("--glob", default="**/*.ipynb", metavar="PATTERN",
                       help="which notebooks under SUBMISSIONS, e.g. '*/cslearn/exercises/01_exercises.ipynb' "
                            "for a hub's home folders (default: every .ipynb)")
    grade.add_argument("--roster", metavar="FILE",
                       help="the class list, one name a line: a student with no sheet gets a row marked "
                            "'no submission', a sheet of someone not on it is flagged")
    grade.add_argument("--strip-prefix", default="", metavar="PREFIX",
                       help="take PREFIX off every student's name, e.g. 'jupyter-' for The Littlest "
                            "JupyterHub's /home/jupyter-NAME folders")
    grade.add_argument("--cell-timeout", type=float, default=30, help="seconds allowed per cell (default 30)")
    grade.add_argument("--timeout", type=float, default=300,
                       help="seconds allowed per notebook, kernel start included (default 300)")
    return parser


def _load_presets(presets_file):
    """The presets, or a ValueError saying that the whole file must be fixed first."""
    from cslearn.capstone.analysis import load_presets

    try:
        return load_presets(presets_file)
    except (ValueError, TypeError) as exc:
        where = presets_file or "data/capstone_presets.json"
        raise ValueError(f"{exc}\nFix this business in {where}: no report runs until every preset "
                         "of the file is valid.") from None


def _businesses(value: str, presets_file) -> list[str]:
    known = sorted(_load_presets(presets_file))
    wanted = [part.strip() for part in value.split(",") if part.strip()]
    if any(part == "all" for part in wanted):
        return known
    resolved, unknown = [], []
    for part in wanted:
        # a key, or a word that names exactly one preset: "salon" for esthetic_salon
        matches = [part] if part in known else [key for key in known if part in key.split("_")]
        (resolved if len(matches) == 1 else unknown).append(matches[0] if len(matches) == 1 else part)
    if unknown or not wanted:
        raise UsageError(f"unknown business {unknown[0] if unknown else value!r}; choose from: "
                         f"{', '.join(known)} or all")
    return list(dict.fromkeys(resolved))  # each business once, in the order given


def _build(root: Path, args: list[str]) -> int:
    from cslearn.tools import build

    previous = Path.cwd()
    os.chdir(root)
    try:
        return int(build.main(args) or 0)
    finally:
        os.chdir(previous)


def _exercises(root: Path) -> int:
    from cslearn.tools.generate import generate, out_of_sync

    for path in generate(root / "solutions", root / "exercises"):
        print(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    problems = out_of_sync(root / "solutions", root / "exercises")
    for problem in problems:
        print(f"out of sync: {problem}", file=sys.stderr)
    return FAILED if problems else OK


def _app(root: Path, args) -> int:
    command = app_command(root, args.port, not args.no_browser, args.theme, args.lang)
    if not Path(command[3]).is_file():
        print(f"cslearn app: {command[3]} does not exist yet", file=sys.stderr)
        return FAILED
    print(" ".join(command))
    if args.dry_run:
        return OK
    try:
        return OK if subprocess.run(command, cwd=root, check=False).returncode == 0 else FAILED
    except KeyboardInterrupt:  # Ctrl-C is how an instructor stops the app
        return OK


def grade_command(args) -> int:
    """Run ``cslearn grade`` from parsed arguments: 0 when the gradebook was written (broken
    submissions included: they are in it), 1 when there was nothing to grade, 2 for bad options.

    >>> grade_command(argparse.Namespace(submissions="nowhere", out="gradebook", chapter=None,
    ...                                  cell_timeout=30, timeout=300))  # the message goes to stderr
    1
    """
    from cslearn.tools.grade import grade, read_roster

    if args.cell_timeout <= 0 or args.timeout <= 0:
        raise UsageError("--cell-timeout and --timeout must be positive numbers of seconds")
    if args.chapter is not None and not re.fullmatch(r"\d\d", args.chapter):
        raise UsageError(f"--chapter must be two digits, such as 01 (got {args.chapter!r})")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder; choose a folder for the gradebook")
    if not Path(args.submissions).is_dir():
        print(f"cslearn grade: {args.submissions} is not a folder of notebooks", file=sys.stderr)
        return FAILED
    roster_file = getattr(args, "roster", None)
    if roster_file is not None and not Path(roster_file).is_file():
        raise UsageError(f"--roster {roster_file} is not a file (one student's name a line)")
    roster = read_roster(roster_file) if roster_file else None
    results = grade(args.submissions, out, args.chapter, args.cell_timeout, args.timeout,
                    pattern=getattr(args, "glob", "**/*.ipynb"), roster=roster,
                    strip_prefix=getattr(args, "strip_prefix", ""))
    missing = sum(r.problems == ["no submission"] for r in results)
    broken = sum(bool(r.problems) for r in results) - missing
    print(f"{len(results) - missing} submissions graded ({broken} with problems)"
          + (f", {missing} on the roster with no submission" if missing else "")
          + f": {out.resolve() / 'gradebook.csv'}, {out.resolve() / 'summary.html'}, feedback/ per student")
    return OK


def _command_index(argv: list[str]) -> int | None:
    """Where the command word is in ``argv`` (skipping ``--root DIR``), or None."""
    i = 0
    while i < len(argv):
        if argv[i] == "--root":
            i += 2
        elif argv[i].startswith("-"):
            i += 1
        else:
            return i
    return None


def main(argv=None) -> int:
    """Run the ``cslearn`` command; return its exit code (0 ok, 1 failed, 2 usage).

    >>> main(["exercises", "--help"])  # doctest: +ELLIPSIS
    usage: cslearn exercises [-h]
    ...
    0
    >>> main(["workshop", "--business", "bakery"])  # the message goes to stderr
    2
    """
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    passed_on = None
    at = _command_index(argv)
    if at is not None and argv[at] == "build":  # the rest goes to cslearn.tools.build, --help included
        argv, passed_on = argv[: at + 1], argv[at + 1 :]
    try:
        args = parser.parse_args(argv)
        if passed_on is not None and args.command == "build":
            args.build_args = passed_on
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0) if isinstance(exc.code, int) else USAGE
    try:
        root = find_root(args.root)
        if args.root is not None:
            given = Path(args.root).resolve()
            if root not in (given, *given.parents):
                raise UsageError(f"--root {args.root} is not a cslearn course folder (no notebooks/ and "
                                 "cslearn/ in it or above it)")
        if args.command == "build":
            try:
                return _build(root, args.build_args)
            except SystemExit as exc:  # cslearn.tools.build's own --help or usage error
                return int(exc.code or 0) if isinstance(exc.code, int) else USAGE
        if args.command == "exercises":
            return _exercises(root)
        if args.command == "app":
            return _app(root, args)
        if args.command == "grade":
            return grade_command(args)
        if args.timeout < 1:
            raise UsageError(f"--timeout must be at least 1 second (got {args.timeout})")
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {args.out} is a file, not a folder; choose a folder for the reports")
        if args.list:
            print("\n".join(_businesses(args.business or "all", args.presets)))
            return OK
        if not args.business:
            raise UsageError("--business is required (a preset such as salon or gym, or all; --list shows them)\n"
                             "usage: cslearn workshop --business NAME [--lang ja] [--out DIR]")
        businesses = _businesses(args.business, args.presets)
        results = workshop(businesses, args.out, args.lang, root, args.presets, args.timeout)
        failed = [name for name, error in results.items() if error]
        print(f"{len(results) - len(failed)} of {len(results)} reports written to {Path(args.out).resolve()}")
        return FAILED if failed else OK
    except UsageError as exc:
        print(f"cslearn {args.command}: {exc}", file=sys.stderr)
        return USAGE
    except (ValueError, TypeError, FileNotFoundError) as exc:
        print(f"cslearn {args.command}: {exc}", file=sys.stderr)
        return FAILED


if __name__ == "__main__":
    sys.exit(main())
