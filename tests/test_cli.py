"""The ``cslearn`` command: help, exit codes, and what each subcommand runs."""

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from cslearn.tools import cli
from cslearn.tools.cli import main

COMMANDS = ["build", "workshop", "exercises", "app"]


def test_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out
    assert "Exit codes" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [[], ["bogus"], ["workshop"], ["workshop", "--business", "gym", "--lang", "fr"], ["app", "--port", "http"],
     ["build", "--no-such-option"]],
    ids=["nothing", "unknown command", "no business", "bad language", "bad port", "bad build option"],
)
def test_usage_errors_exit_with_2(argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_business_exits_with_2_and_lists_the_known_ones(capsys):
    assert main(["workshop", "--business", "gym,bakery"]) == 2
    err = capsys.readouterr().err
    assert "unknown business 'bakery'" in err and "dance_school" in err and "all" in err


def test_business_list_all_and_several(capsys):
    assert main(["workshop", "--business", "all", "--list"]) == 0
    assert len(capsys.readouterr().out.split()) == 7
    assert main(["workshop", "--business", "gym, lounge", "--list"]) == 0
    assert capsys.readouterr().out.split() == ["gym", "lounge"]


def test_a_broken_presets_file_is_a_failure_with_a_message(tmp_path, capsys):
    broken = tmp_path / "presets.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["workshop", "--business", "all", "--presets", str(broken)]) == 1
    assert "is not valid JSON" in capsys.readouterr().err


def test_build_passes_its_arguments_on_and_returns_its_code(monkeypatch):
    seen = {}

    def fake_main(argv):
        seen["argv"] = argv
        return 1

    monkeypatch.setattr("cslearn.tools.build.main", fake_main)
    assert main(["build", "--no-progress", "notebooks/00_start_here.ipynb"]) == 1
    assert seen["argv"] == ["--no-progress", "notebooks/00_start_here.ipynb"]
    monkeypatch.setattr("cslearn.tools.build.main", lambda argv: 0)
    assert main(["--root", str(ROOT), "build"]) == 0


def _course_copy(tmp_path):
    """A folder that looks like the course: solutions/ copied, exercises/ empty."""
    for folder in ("notebooks", "cslearn", "exercises"):
        (tmp_path / folder).mkdir()
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    return tmp_path


def test_exercises_regenerates_the_student_notebooks(tmp_path, capsys):
    root = _course_copy(tmp_path)
    assert main(["--root", str(root), "exercises"]) == 0
    written = sorted(p.name for p in (root / "exercises").glob("*.ipynb"))
    assert written == sorted(p.name for p in (ROOT / "solutions").glob("*.ipynb"))
    assert "wrote exercises/" in capsys.readouterr().out
    for name in written:  # the same files the repository holds when it is in sync
        assert (root / "exercises" / name).read_text(encoding="utf-8") == (
            ROOT / "exercises" / name).read_text(encoding="utf-8")


def test_app_runs_voila_on_loopback(tmp_path, monkeypatch, capsys):
    command = cli.app_command(ROOT, port=9001, open_browser=False, theme="dark")
    assert command[:3] == [sys.executable, "-m", "voila"]
    assert command[3].endswith("notebooks/app.ipynb")
    assert {"--port=9001", "--Voila.ip=127.0.0.1", "--theme=dark", "--no-browser"} <= set(command)
    # each explorer shows as soon as its cell has run: the first answers while the rest are built
    assert "--VoilaConfiguration.progressive_rendering=True" in command
    with pytest.raises(ValueError, match="port must be a whole number between 1024 and 65535"):
        cli.app_command(ROOT, port=80)
    assert cli.app_command(ROOT, lang="ja")[3].endswith("notebooks/ja/app.ipynb")  # the Japanese edition's
    with pytest.raises(ValueError, match="lang must be one of"):
        cli.app_command(ROOT, lang="fr")

    root = _course_copy(tmp_path)
    assert main(["--root", str(root), "app", "--dry-run"]) == 1  # no app.ipynb there
    assert "does not exist yet" in capsys.readouterr().err
    (root / "notebooks" / "app.ipynb").write_text("{}", encoding="utf-8")
    assert main(["--root", str(root), "app", "--dry-run"]) == 0
    assert "--Voila.ip=127.0.0.1" in capsys.readouterr().out
    assert main(["--root", str(root), "app", "--lang", "ja", "--dry-run"]) == 1  # no notebooks/ja/app.ipynb
    assert "notebooks/ja/app.ipynb does not exist yet" in capsys.readouterr().err

    calls = []

    def fake_run(command, cwd, check):
        calls.append(command)
        return subprocess.CompletedProcess(command, returncode=0 if "--port=8866" in command else 3)

    monkeypatch.setattr(cli.subprocess, "run", fake_run)
    assert main(["--root", str(root), "app", "--no-browser"]) == 0
    assert main(["--root", str(root), "app", "--port", "8870"]) == 1  # voila failed: 1, not its own code
    assert "--no-browser" in calls[0] and "--no-browser" not in calls[1]


def test_module_entry_point_returns_the_exit_code():
    done = subprocess.run([sys.executable, "-m", "cslearn.tools.cli", "workshop", "--business", "bakery"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "unknown business 'bakery'" in done.stderr


def test_a_word_that_names_one_preset_is_enough(capsys):
    from cslearn.tools.cli import _businesses

    assert _businesses("salon", None) == ["esthetic_salon"]
    assert _businesses("salon,gym", None) == ["esthetic_salon", "gym"]
    assert main(["workshop", "--business", "school"]) == 2  # online_school or dance_school: ambiguous
    assert "unknown business 'school'" in capsys.readouterr().err


def test_list_needs_no_business(capsys):
    assert main(["workshop", "--list"]) == 0
    assert "esthetic_salon" in capsys.readouterr().out.split()
    assert main(["workshop"]) == 2


def test_a_repeated_business_runs_once_in_the_order_given(capsys):
    assert main(["workshop", "--business", "salon,gym,salon,esthetic_salon", "--list"]) == 0
    assert capsys.readouterr().out.split() == ["esthetic_salon", "gym"]


@pytest.mark.parametrize(
    "extra, message",
    [(["--timeout", "0"], "--timeout must be at least 1"),
     (["--out", "FILE"], "is a file, not a folder")],
    ids=["zero timeout", "out is a file"],
)
def test_bad_workshop_options_exit_with_2_and_a_message(tmp_path, capsys, extra, message):
    existing = tmp_path / "report.txt"
    existing.write_text("keep me", encoding="utf-8")
    argv = ["workshop", "--business", "gym", *[str(existing) if a == "FILE" else a for a in extra]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_a_root_that_is_not_a_course_folder_exits_with_2(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "workshop", "--business", "gym", "--list"]) == 2
    assert "is not a cslearn course folder" in capsys.readouterr().err


def test_one_bad_preset_names_its_business_and_the_file(tmp_path, capsys):
    import json

    presets = json.loads((ROOT / "data" / "capstone_presets.json").read_text(encoding="utf-8"))
    presets["lounge"]["churn"] = 2
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(presets, ensure_ascii=False), encoding="utf-8")
    assert main(["workshop", "--business", "gym", "--presets", str(path), "--list"]) == 1
    err = capsys.readouterr().err
    assert "lounge: churn must be" in err and f"Fix this business in {path}" in err


def test_help_lists_the_grade_command(capsys):
    import re

    assert main(["--help"]) == 0
    assert re.search(r"^\s+grade\s+run every student's exercise notebook", capsys.readouterr().out, re.M)
    assert main(["grade", "--help"]) == 0
    out = capsys.readouterr().out
    assert "SUBMISSIONS" in out and "--roster FILE" in out and "--strip-prefix PREFIX" in out


@pytest.mark.parametrize("argv", [["grade"], ["grade", ".", "--chapter", "1"], ["grade", ".", "--timeout", "0"],
                                  ["grade", ".", "--roster", "no/such/roster.txt"]],
                         ids=["no folder", "bad chapter", "no time", "no roster file"])
def test_grade_usage_errors_exit_with_2(argv, capsys):
    assert main(argv) == 2
    assert "grade" in capsys.readouterr().err


def test_grade_writes_a_gradebook_even_when_every_submission_is_broken(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "ana.ipynb").write_text("not a notebook", encoding="utf-8")
    out = tmp_path / "book"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out), "--chapter", "01"]) == 0
    assert "1 submissions graded (1 with problems)" in capsys.readouterr().out
    row = (out / "gradebook.csv").read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("ana,0,") and "not JSON" in row
    assert (out / "summary.html").is_file() and (out / "feedback" / "ana.html").is_file()
    assert main(["grade", str(tmp_path / "nowhere"), "--out", str(out)]) == 1


def test_grade_gives_a_roster_name_without_a_sheet_a_row_and_strips_a_prefix(tmp_path, capsys):
    home = tmp_path / "homes" / "jupyter-ana" / "cslearn" / "exercises"
    home.mkdir(parents=True)
    (home / "01_exercises.ipynb").write_text("{broken", encoding="utf-8")
    (tmp_path / "roster.txt").write_text("ana\nben\n", encoding="utf-8")
    out = tmp_path / "book"
    assert main(["grade", str(tmp_path / "homes"), "--out", str(out), "--chapter", "01", "--strip-prefix",
                 "jupyter-", "--roster", str(tmp_path / "roster.txt"),
                 "--glob", "*/cslearn/exercises/01_exercises.ipynb"]) == 0
    rows = (out / "gradebook.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[0] for row in rows] == ["ana", "ben"]
    assert "not JSON" in rows[0] and rows[1].endswith(",no submission")
    assert "1 submissions graded (1 with problems), 1 on the roster with no submission" in capsys.readouterr().out
