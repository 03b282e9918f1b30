"""The project's own promises: dependency lists agree, notebooks are clean, commands exist."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOK_DIRS = ("notebooks", "solutions", "exercises")


def _requirement_name(spec: str) -> tuple[str, str]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(map(_requirement_name, specs))


def _environment_requirements() -> dict[str, str]:
    import yaml  # installed with papermill

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for item in env["dependencies"]:
        specs = item["pip"] if isinstance(item, dict) else [item]
        for spec in specs:
            if spec.startswith(("python=", "-e ")) or spec == "pip":
                continue
            name, version = _requirement_name(spec)
            found[name] = version
    return found


def test_environment_yml_and_pyproject_agree():
    assert _environment_requirements() == _pyproject_requirements()


def test_environment_yml_installs_the_course_itself():
    assert re.search(r"^\s+- -e \.\s*$", (ROOT / "environment.yml").read_text(), re.M)


def test_python_version_is_311_or_newer():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "python=3.11" in (ROOT / "environment.yml").read_text()


def test_makefile_has_the_promised_targets():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test", "exercises", "build", "app", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    # make lab opens chapter 00; LANG=ja (or a Japanese locale) opens the Japanese edition's
    for lang, start in [("C.UTF-8", "notebooks/00_start_here.ipynb"), ("ja", "notebooks/ja/00_start_here.ipynb"),
                        ("ja_JP.UTF-8", "notebooks/ja/00_start_here.ipynb")]:
        dry = subprocess.run(["make", "--no-print-directory", "-n", "lab", f"LANG={lang}"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        opens = [line for line in dry.splitlines() if "jupyter lab" in line]  # under make test, make is nested
        assert len(opens) == 1 and opens[0].endswith(f" {start}"), (lang, dry)
    assert "cslearn app" in makefile  # Voila on 127.0.0.1 (tests/test_cli.py holds the command)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "chromium" in ci and "make test" in ci


def _notebooks():
    return [p for d in NOTEBOOK_DIRS for p in sorted((ROOT / d).glob("*.ipynb"))]


def test_the_notebooks_are_found():
    assert {p.parent.name for p in _notebooks()} == set(NOTEBOOK_DIRS) and len(_notebooks()) >= 20


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_are_stored_clean_and_end_with_versions(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code), "strip the outputs"
    assert "".join(code[-1]["source"]).strip() == "cs.versions()", "end with a versions cell"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    first = "".join(notebook["cells"][0]["source"])
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", first), "the title carries its Japanese term"


def _own_test_file(notebook: Path) -> Path:
    return ROOT / "tests" / f"test_ch{notebook.name[:2]}_notebook.py"


# every notebook in notebooks/ runs once a session: in its chapter's test file, or here
OTHER_NOTEBOOKS = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if not _own_test_file(p).exists()]


def test_every_notebook_is_run_by_one_test():
    chapters = sorted((ROOT / "notebooks").glob("*.ipynb"))
    with_own = [p for p in chapters if _own_test_file(p).exists()]
    assert len(with_own) >= 6 and all("test_chapter_runs_clean" in _own_test_file(p).read_text() for p in with_own)
    assert {"00_start_here.ipynb", "app.ipynb"} <= {p.name for p in OTHER_NOTEBOOKS}
    assert sorted(with_own + OTHER_NOTEBOOKS) == chapters


@pytest.mark.notebooks
@pytest.mark.parametrize("path", OTHER_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_clean(path):
    from conftest import assert_ran_clean, run_notebook

    assert_ran_clean(run_notebook(path))


def _tiny_notebook(folder: Path, *sources: str) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / "tiny.ipynb"
    nbformat.write(notebook, path)
    return path


def test_a_notebook_is_executed_once_a_session_and_read_back_after(tmp_path):
    from conftest import assert_ran_clean, run_notebook

    path = _tiny_notebook(tmp_path, "with open('runs.txt', 'a') as f:\n    f.write('x')\nprint('ran')")
    first, second = run_notebook(path), run_notebook(path)
    assert (tmp_path / "runs.txt").read_text() == "x"  # one kernel ran it; the second call read its outputs
    assert first.cells[0].outputs == second.cells[0].outputs and "ran" in second.cells[0].outputs[0]["text"]
    assert_ran_clean(second)
    run_notebook(path, env={"CSLEARN_LANG": "en"})  # a run with its own environment is a new execution
    assert (tmp_path / "runs.txt").read_text() == "xx"


def test_a_notebook_the_browser_run_executed_clean_is_read_not_run_again(tmp_path, monkeypatch):
    """make test's browser run lends the chapters it ran in JupyterLab (issue 16): a lent execution of
    this very source is read; a skipped one, another source, or a browser run that has stopped is not."""
    import nbformat
    from conftest import BROWSER_EXECUTIONS, execution_key, run_notebook

    lending = tmp_path / "browser-executions"
    lending.mkdir()
    monkeypatch.setenv(BROWSER_EXECUTIONS, str(lending))
    code = "with open('runs.txt', 'a') as f:\n    f.write('x')\nprint('ran')"
    names = ("lent", "skipped", "edited", "stale", "finished", "stopped")
    for name in names:
        (tmp_path / name).mkdir()
    paths = [_tiny_notebook(tmp_path / name, code) for name in names]
    keys = [execution_key(path) for path in paths]
    shown = nbformat.read(paths[3], as_version=4)
    nbformat.write(shown, lending / f"{keys[3]}.ipynb")  # left by an earlier run: older than the plan
    os.utime(lending / f"{keys[3]}.ipynb", (time.time() - 60, time.time() - 60))
    (lending / "planned.json").write_text(json.dumps({"pid": os.getpid(), "keys": keys}))
    for key, path in zip(keys[:3], paths[:3], strict=True):
        shown = nbformat.read(path, as_version=4)
        shown.cells[0].execution_count = 1
        shown.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran in the browser\n")]
        if path.parent.name == "edited":
            shown.cells[0].source += "\n# not what the file holds"
        nbformat.write(shown, lending / f"{key}.ipynb")
    (lending / f"{keys[1]}.ipynb").rename(lending / f"{keys[1]}.skip")
    lent, skipped, edited, stale = (run_notebook(path) for path in paths[:4])
    started = time.monotonic()
    (lending / "finished").write_text("")
    finished = run_notebook(paths[4])  # planned, never lent, and the browser run says it has finished
    (lending / "finished").unlink()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (lending / "planned.json").write_text(json.dumps({"pid": int(gone.stdout), "keys": keys}))
    stopped = run_notebook(paths[5])  # planned, never lent, and the browser run's process has gone
    assert time.monotonic() - started < 60, "neither was waited for"
    assert lent.cells[0].outputs[0]["text"] == "ran in the browser\n"
    assert not (paths[0].parent / "runs.txt").exists(), "the lent chapter was not run again"
    for notebook, path in zip((skipped, edited, stale, finished, stopped), paths[1:], strict=True):
        assert notebook.cells[0].outputs[0]["text"] == "ran\n" and (path.parent / "runs.txt").read_text() == "x"


def test_a_notebook_that_fails_fails_every_test_that_asks_for_it(tmp_path):
    from conftest import run_notebook
    from nbclient.exceptions import CellExecutionError

    path = _tiny_notebook(tmp_path, "with open('runs.txt', 'a') as f:\n    f.write('x')", "1 / 0")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        run_notebook(path)
    with pytest.raises(RuntimeError, match="(?s)tiny.ipynb failed when a test ran it earlier.*ZeroDivisionError"):
        run_notebook(path)
    assert (tmp_path / "runs.txt").read_text() == "x"


def test_a_cell_error_kept_in_the_outputs_is_reported():
    import nbformat
    from conftest import assert_ran_clean

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("1 / 0", execution_count=1, outputs=[nbformat.v4.new_output(
        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])])]
    with pytest.raises(AssertionError, match="cell 0: ZeroDivisionError"):
        assert_ran_clean(notebook)
    notebook.cells[0].execution_count = None
    with pytest.raises(AssertionError, match="did not run"):
        assert_ran_clean(notebook)


def test_chapters_have_a_parameters_cell_and_a_seed_free_or_seeded_rng():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "np.random.seed(" not in text and "default_rng()" not in text, f"{path.name}: unseeded randomness"
    chapter = json.loads((ROOT / "notebooks" / "01_ownership_to_experience.ipynb").read_text())
    assert any("parameters" in c["metadata"].get("tags", []) for c in chapter["cells"])


def test_no_absolute_paths_of_this_machine_in_the_repo():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    machine_paths = {str(ROOT), str(Path.home()) + "/"}
    offenders = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".py", ".ipynb", ".md", ".toml", ".yml", ".cfg", ".txt", ""} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore")
            if any(place in text for place in machine_paths):
                offenders.append(name)
    assert offenders == []


# --- the datasets install with the package ------------------------------------------------------

_LOAD_EVERY_DATASET = """
import json, os, sys
import cslearn
from cslearn.capstone.analysis import load_presets
from cslearn.data import DATASETS, data_dir, load_dataset

print(json.dumps({
    "package": cslearn.__file__,
    "data_dir": str(data_dir()),
    "shapes": {name: list(load_dataset(name).shape) for name in DATASETS},
    "presets": len(load_presets()),
    "concepts": len(__import__("cslearn.course").course.CONCEPT_MAP),
    "labels": {key: cslearn.language.label(key, "ja") for key in ("month", "journey_fans", "model_owner")},
}))
"""


@pytest.fixture(scope="module")
def built_package(tmp_path_factory):
    """The package as a wheel lays it out, built from a copy of this checkout by the venv's setuptools.

    A wheel's payload is what setuptools' ``build_py`` writes (``bdist_wheel`` runs it, then zips the
    folder); the venv's setuptools 65 has no ``bdist_wheel`` of its own (it needs the ``wheel``
    package) and nothing may be downloaded, so the test runs that step and puts its output on
    PYTHONPATH, which is what unpacking the wheel would give.
    """
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "datasets")
    for folder in ("cslearn", "data"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    lib = tmp_path_factory.mktemp("lib")
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)], cwd=source,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return lib


def test_the_built_package_holds_every_module_and_every_data_file(built_package):
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cslearn").rglob("*.py") if "datasets" not in p.parts}
    built = {p.relative_to(built_package).as_posix() for p in (built_package / "cslearn").rglob("*.py")}
    assert len(modules) > 30 and modules - built == set()
    shipped = {p.name for p in (ROOT / "data").iterdir() if p.is_file()}
    assert {"README.md", "capstone_presets.json", "cdnow_sample.txt"} <= shipped
    assert {p.name for p in (built_package / "cslearn" / "datasets").iterdir()} >= shipped
    labels = {p.relative_to(ROOT).as_posix() for p in (ROOT / "cslearn").rglob("labels.toml")}
    assert len(labels) >= 7 and labels <= {p.relative_to(built_package).as_posix()
                                           for p in (built_package / "cslearn").rglob("labels.toml")}


def test_the_built_package_loads_every_dataset_from_any_folder(built_package, tmp_path):
    from cslearn.capstone.analysis import load_presets
    from cslearn.data import DATASETS, load_dataset

    env = {key: value for key, value in os.environ.items() if key not in ("CSLEARN_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(built_package)
    done = subprocess.run([sys.executable, "-c", _LOAD_EVERY_DATASET], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert Path(found["package"]).is_relative_to(built_package), "the built copy, not the checkout, was imported"
    assert Path(found["data_dir"]) == built_package / "cslearn" / "datasets"
    assert len(DATASETS) >= 5
    assert found["shapes"] == {name: list(load_dataset(name).shape) for name in DATASETS}
    assert found["presets"] == len(load_presets()) > 0
    from cslearn.language import label

    assert found["concepts"] == 32
    assert found["labels"] == {key: label(key, "ja") for key in found["labels"]}


def test_the_checkout_reads_data_and_cslearn_data_overrides(tmp_path, monkeypatch):
    from cslearn.data import data_dir

    monkeypatch.delenv("CSLEARN_DATA", raising=False)
    assert data_dir() == ROOT / "data"
    monkeypatch.setenv("CSLEARN_DATA", str(tmp_path))
    assert data_dir() == tmp_path


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("make lab") < readme.index("conda")
    assert "make test" in readme
    for topic in ("Binder", "Troubleshooting", "widgets", "kernel", "boxes"):
        assert topic.lower() in readme.lower(), topic
