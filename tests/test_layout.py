"""The library's layout holds: imports run one way, each name is registered once, importing is light
and changes nothing (docs/architecture.md)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from conftest import ROOT

import cslearn

PACKAGE = ROOT / "cslearn"
FLOORS = {"_validate", "_lazy", "params", "formatting", "language", "theme", "explorer", "data", "about"}
CONTENT = {"course", "exercises"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    assert len(found) > 60, "the library's modules were not found"
    return found


def _imports(path: Path) -> set[str]:
    """Every cslearn module this file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("cslearn")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("cslearn"):
            if node.module != "cslearn":  # "from cslearn import journey" imports the topic, judged below
                names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}  # from cslearn.x import module
    return names


def _layer(module: str) -> tuple[str, int]:
    """(layer, rank): floors 0, topics 1 + their chapter order, course content 20, tools 30."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package", 40
    head = parts[1]
    if head in FLOORS:
        return "floor", 0
    if head in cslearn.TOPICS:
        return f"topic {head}", 1 + cslearn.TOPICS.index(head)
    if head in CONTENT:
        return "course", 20
    if head == "tools":
        return "tools", 30
    raise AssertionError(f"{module} is in no layer of docs/architecture.md")


def test_imports_run_one_way_tools_then_topics_then_floors():
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        layer, rank = _layer(module)
        for target in _imports(path):
            if target not in modules:
                continue  # a name imported from a module, already judged by its module
            target_layer, target_rank = _layer(target)
            same_topic = layer == target_layer and layer.startswith("topic")
            if target_rank > rank or (target_rank == rank and layer != target_layer) and not same_topic:
                if not (layer == "floor" and target_layer == "floor"):
                    wrong.append(f"{module} ({layer}) imports {target} ({target_layer})")
    assert wrong == []


def test_every_module_is_in_a_layer_and_every_topic_is_a_package():
    for module in _modules():
        _layer(module)
    for topic in cslearn.TOPICS:
        assert (PACKAGE / topic / "__init__.py").exists(), topic


def test_each_topic_holds_its_computations_plots_and_explorers():
    for topic in ("ownership", "business_models", "value", "retention", "loyalty", "journey"):
        owner = getattr(cslearn, topic).__getattr__.owner
        assert any(name.startswith("plot_") and module == "plots" for name, module in owner.items()), topic
        assert any(name.endswith("_explorer") and module == "explorers" for name, module in owner.items()), topic
        assert any(module not in ("plots", "explorers") for module in owner.values()), topic


def test_a_name_is_reachable_from_its_topic_and_from_the_top():
    assert cslearn.project_pnl is cslearn.value.project_pnl
    assert cslearn.ShiftedBetaGeometric is cslearn.retention.ShiftedBetaGeometric
    assert cslearn.plot_loyalty_matrix is cslearn.loyalty.plots.plot_loyalty_matrix
    assert cslearn.capstone.analyse_business is cslearn.analyse_business
    owners = cslearn._topic_owner()
    assert len(owners) > 200
    for name, topic in owners.items():
        assert name in dir(getattr(cslearn, topic)), (name, topic)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        cslearn.no_such_name  # noqa: B018


def test_dir_shows_the_topics_and_the_few_names_every_chapter_uses():
    shown = dir(cslearn)
    assert set(cslearn.TOPICS) <= set(shown)
    for name in ("yen", "percent", "set_language", "use_theme", "load_dataset", "check", "chapters", "concepts"):
        assert name in shown
    assert "project_pnl" not in shown and "register" not in shown and len(shown) < 25
    assert set(cslearn.EVERYDAY) <= cslearn._FLOOR_NAMES  # each is a floor's public name
    assert cslearn.register is cslearn.exercises.register  # reachable, only not listed


def test_two_modules_may_not_declare_the_same_public_name(tmp_path, monkeypatch):
    from cslearn._lazy import attach

    package = tmp_path / "twice"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("__all__ = ['f']\ndef f(): pass\n")
    (package / "b.py").write_text("__all__ = ['f']\ndef f(): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("twice")
    with pytest.raises(ImportError, match="'f' is declared in both a and b"):
        attach("twice", ["a", "b"])


def test_public_names_are_read_from_the_all_statement_alone_as_a_full_parse_reads_them(tmp_path):
    """Only the ``__all__`` statement is read (issue 16); it gives what parsing the module gives, and a
    module where that could differ (``__all__ =`` in a string, a computed list) is parsed whole."""
    from cslearn._lazy import _parse_for_all, _read_all_statement, declared_names

    read = {path: _read_all_statement(path.read_text(encoding="utf-8")) for path in _modules().values()}
    quick = {path: names for path, names in read.items() if names is not None}
    assert len(quick) > 50
    assert {path: _parse_for_all(path.read_text(encoding="utf-8"), path) for path in quick} == quick
    tricky = {
        "in_a_string.py": ('"""Usage:\n__all__ = ["not_this"]\n"""\n__all__ = ["this"]\n', None),
        "computed.py": ("__all__ = sorted(['b', 'a'])\n", None),
        "spread.py": ("__all__: list[str] = [\n    'a',  # the first\n    'b',\n]\nx = 1\n", ("a", "b")),
        # ways a line-start match is not the module's __all__ (found by a review): each is parsed whole
        "quote_in_a_comment.py": ('# a """ here\n"""Doc:\n__all__ = ["fake"]\n"""\n__all__ = ["real"]\n', None),
        "keyword.py": ('f(\n__all__="ab",\n)\n__all__ = ["real"]\n', None),
        "after_a_semicolon.py": ('import os; __all__ = ["real"]\n__all__ = ["later"]\n', None),
        "continued.py": ('__all__ \\\n    = ["real"]\n', None),
    }
    for name, (source, quickly) in tricky.items():
        assert _read_all_statement(source) == quickly, name
        (tmp_path / name).write_text(source, encoding="utf-8")
    assert declared_names(tmp_path / "in_a_string.py") == ("this",)
    with pytest.raises(ValueError):  # parsed whole, and refused as before: not a literal
        declared_names(tmp_path / "computed.py")
    assert declared_names(tmp_path / "spread.py") == ("a", "b")
    for name in ("quote_in_a_comment.py", "keyword.py", "after_a_semicolon.py", "continued.py"):
        assert declared_names(tmp_path / name) == ("real",), name


def _fresh(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_is_light_and_changes_no_setting():
    seen = _fresh(
        "import json, sys, time; t = time.perf_counter(); import cslearn as cs; took = time.perf_counter() - t\n"
        "cs.project_pnl, cs.ShiftedBetaGeometric, cs.loyalty_matrix, cs.value, cs.capstone\n"
        "light = [m for m in ('matplotlib', 'ipywidgets', 'seaborn') if m in sys.modules]\n"
        "import matplotlib as mpl\n"
        "import cslearn.value.plots, cslearn.retention.explorers, cslearn.journey.plots\n"
        "default = mpl.rcParamsDefault\n"
        "changed = sorted(k for k in default if k != 'backend' and mpl.rcParams[k] != default[k])\n"
        "print(json.dumps({'took': took, 'light': light, 'changed': changed, 'seaborn': 'seaborn' in sys.modules}))"
    )
    assert seen["light"] == [], seen["light"]
    assert seen["changed"] == [], seen["changed"]
    assert seen["seaborn"] is False
    assert seen["took"] < 0.5


def test_the_theme_is_seaborn_s_whitegrid_written_out_and_applies_when_asked():
    import matplotlib as mpl
    import seaborn as sns

    from cslearn import theme

    expected = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook")}
    for key, value in expected.items():
        if key in ("font.family", "font.sans-serif", "image.cmap"):
            continue  # the course's font instead; no image uses the default colour map
        assert theme.THEME_RC[key] == value, key
    assert theme._DEEP == sns.color_palette("deep").as_hex()
    # force: apply it even if an earlier test did; rcParams and the applied flag are restored together
    # afterwards, so a later use_theme() is not skipped over settings that rc_context has undone
    with mpl.rc_context(), mock.patch.dict(theme._theme):
        theme.use_theme(force=True)
        assert mpl.rcParams["font.family"] == ["IPAexGothic"] and mpl.rcParams["axes.grid"] is True
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == "#4c72b0"
