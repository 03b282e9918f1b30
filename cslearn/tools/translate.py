"""Generate the Japanese edition (``notebooks/ja``, ``solutions/ja``, ``exercises/ja``) from one source.

The English notebooks are the source. Each has a translation catalogue beside its Japanese edition,
``<folder>/ja/catalogue/<notebook>.toml``, with one entry per cell that has words to translate: every
markdown cell, and every code cell with a comment or an English sentence in a string. An entry is
keyed by a short hash of the cell's English text and keeps that text::

    [c_1a2b3c4d5e6f]
    en = '''## Why churn matters'''
    ja = '''## なぜ解約率が大事なのか'''

The Japanese notebook is the English one with each such cell's text replaced by its ``ja`` and the
language setting switched (the parameters cell's ``language = "en"`` becomes ``"ja"``; a notebook
without one gets ``cs.set_language("ja")`` after ``import cslearn as cs``). A translated code cell
must be the same code: only comments and the text of strings may differ, and an f-string keeps its
``{expressions}``. ``exercises/ja`` is then made from ``solutions/ja`` exactly as ``exercises/`` is
made from ``solutions/`` (:mod:`cslearn.tools.generate`).

When an English cell changes, its hash changes and its entry no longer matches: the check reports the
cell as stale and shows the old and new English. ``python -m cslearn.tools.translate --update``
writes that into the catalogue: the entry gets the new key and ``en``, keeps its ``ja`` and gains
``was`` (the English it translated), and a cell with no entry gets one with an empty ``ja``. Revise
the ``ja``, delete the ``was`` line, and run ``make translations`` (this module with no options),
which writes the Japanese notebooks. ``out_of_sync()`` (held by ``tests/test_translations.py``)
lists every missing, stale or drifted translation and every Japanese notebook that differs from what
this module makes.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import io
import json
import re
import tokenize
import tomllib
from pathlib import Path

import nbformat

from cslearn.tools.generate import to_exercise

__all__ = ["cell_key", "needs_translation", "same_code", "translate_notebook", "generate", "out_of_sync",
           "update_catalogues", "EDITIONS"]

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE = "ja"
# English folder -> its Japanese edition (the catalogues live in <edition>/catalogue)
EDITIONS = {"notebooks": "notebooks/ja", "solutions": "solutions/ja"}
EXERCISES = ("solutions/ja", "exercises/ja")  # generated from the Japanese solutions
_WORDS = re.compile(r"[A-Za-z]{2,}[\s,.:;!?'()/-]+[A-Za-z]{2,}")
_NAME_LIKE = re.compile(r"^(?=.*\w)[\w.\-/%]*$")  # a key or a name; punctuation alone may change
_LANGUAGE_LINE = re.compile(r'^language = "en"(.*)$', re.MULTILINE)


def cell_key(source: str) -> str:
    """The catalogue key of a cell: ``c_`` and 12 hex digits of the SHA-256 of its English text.

    >>> cell_key("# Churn")
    'c_6ca6b7453af4'
    """
    return "c_" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def _tokens(code: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(code).readline))


def _is_magic(code: str) -> bool:
    return any(line.lstrip().startswith(("%", "!")) for line in code.splitlines())


def needs_translation(cell) -> bool:
    """Whether a cell has words a Japanese reader should get in Japanese: any markdown with text, or
    code with a comment or a string holding an English phrase (two words or more).

    >>> needs_translation(nbformat.v4.new_code_cell('print(f"LTV is {ltv}")'))
    True
    >>> needs_translation(nbformat.v4.new_code_cell('table["revenue"].sum()'))
    False
    """
    if cell.cell_type == "markdown":
        return bool(cell.source.strip())
    if cell.cell_type != "code" or _is_magic(cell.source):
        return False
    for token in _tokens(cell.source):
        if token.type == tokenize.COMMENT:
            return True
        if token.type == tokenize.STRING and _WORDS.search(token.string):
            return True
    return False


def _shown(node) -> str:
    return ast.unparse(node) if isinstance(node, ast.AST) else repr(node)


def _field_key(node: ast.FormattedValue) -> str:
    """A field of an f-string with its free words blanked, to pair fields the translation moved."""
    blanked = ast.parse(ast.unparse(node.value), mode="eval")
    for part in ast.walk(blanked):
        if isinstance(part, ast.IfExp):
            for branch in (part.body, part.orelse):
                if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                    branch.value = ""
    spec = ast.unparse(node.format_spec) if node.format_spec is not None else ""
    return f"{ast.unparse(blanked)}!{node.conversion}:{spec}"


def _differs(a, b, free: bool = False) -> str | None:
    """What differs between two ASTs beyond the words a translation may change, or None.

    A string may change unless it reads like a name or key (no spaces); one that is a branch of
    ``x if c else y`` or the text of an f-string is a shown word and may always change. An f-string
    keeps the same ``{fields}`` (in any order), each the same code."""
    if type(a) is not type(b):
        return f"code {_shown(a)!r} became {_shown(b)!r}"
    if isinstance(a, ast.Constant):
        if a.value == b.value:
            return None
        if isinstance(a.value, str) and isinstance(b.value, str):
            if free or not _NAME_LIKE.match(a.value):
                return None
            return f"the string {a.value!r} must stay as it is (it reads like a name or key): found {b.value!r}"
        return f"code {_shown(a)!r} became {_shown(b)!r}"
    if isinstance(a, ast.JoinedStr):
        fields_a = sorted((v for v in a.values if isinstance(v, ast.FormattedValue)), key=_field_key)
        fields_b = sorted((v for v in b.values if isinstance(v, ast.FormattedValue)), key=_field_key)
        if [_field_key(f) for f in fields_a] != [_field_key(f) for f in fields_b]:
            return (f"the f-string's fields {[ast.unparse(f) for f in fields_a]} became "
                    f"{[ast.unparse(f) for f in fields_b]}")
        for field_a, field_b in zip(fields_a, fields_b, strict=True):
            found = _differs(field_a.value, field_b.value)
            if found:
                return found
        return None
    for name, value_a in ast.iter_fields(a):
        if name in {"kind", "type_comment"}:
            continue
        value_b = getattr(b, name)
        if isinstance(value_a, list):
            if len(value_a) != len(value_b):
                what = "statements" if isinstance(a, ast.Module) else f"parts in {_shown(a)[:60]!r}"
                return f"the translated code has {len(value_b)} {what}, the English {len(value_a)}"
            for item_a, item_b in zip(value_a, value_b, strict=True):
                found = _differs(item_a, item_b, isinstance(a, ast.IfExp)) if isinstance(item_a, ast.AST) \
                    else (None if item_a == item_b else f"code {item_a!r} became {item_b!r}")
                if found:
                    return found
        elif isinstance(value_a, ast.AST):
            found = _differs(value_a, value_b, isinstance(a, ast.IfExp) and name in {"body", "orelse"})
            if found:
                return found
        elif value_a != value_b:
            return f"code {value_a!r} became {value_b!r}"
    return None


def same_code(english: str, japanese: str) -> str | None:
    """None when ``japanese`` is ``english`` with only comments and the text of strings changed;
    else what differs. Strings that look like names or keys (no spaces) must stay as they are
    (a word chosen by ``x if c else y`` may change), and an f-string keeps its ``{fields}``, in
    any order. Layout is free: a long line may be split differently.

    >>> same_code('print(f"LTV {x:.0f}")  # the value', 'print(f"顧客生涯価値 {x:.0f}")  # 値')
    >>> same_code('t["revenue"]', 't["売上"]')
    "the string 'revenue' must stay as it is (it reads like a name or key): found '売上'"
    >>> same_code("shown = 'more' if up else 'less'", "shown = '多い' if up else '少ない'")
    """
    try:
        tree_en = ast.parse(english)
    except SyntaxError:
        return None if english == japanese else "the English cell is not plain Python: it must stay as it is"
    try:
        tree_ja = ast.parse(japanese)
    except SyntaxError as error:
        return f"the translated code does not parse: {error.msg} (line {error.lineno})"
    return _differs(tree_en, tree_ja)


def _literal(text: str) -> str:
    """A TOML string for ``text``: a literal multi-line string where it can be, else a basic one."""
    if "'''" not in text and not text.endswith("'") and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        return "'''" + ("\n" if text.startswith("\n") else "") + text + "'''"
    return json.dumps(text, ensure_ascii=False)  # JSON's escapes are TOML's basic-string escapes


def _catalogue_path(edition: Path, notebook: Path) -> Path:
    return edition / "catalogue" / f"{notebook.stem}.toml"


def _read_catalogue(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _write_catalogue(path: Path, notebook: Path, entries: list[tuple[str, dict, str]]) -> None:
    lines = [f"# The Japanese of {notebook.parent.name}/{notebook.name}: one entry per cell with words, keyed by",
             "# a hash of its English (cslearn/tools/translate.py). After changing an English cell, run",
             "# `python -m cslearn.tools.translate --update`, revise the ja of each entry with a `was`,",
             "# delete the `was`, then run `make translations`.", ""]
    for key, entry, where in entries:
        lines.append(f"[{key}]  # {where}")
        if "was" in entry:
            lines.append(f"was = {_literal(entry['was'])}")
        lines.append(f"en = {_literal(entry['en'])}")
        lines.append(f"ja = {_literal(entry['ja'])}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def _switch_language(notebook, name: str) -> None:
    """Set the notebook's language to Japanese: its ``language = "en"`` parameter, else a
    ``cs.set_language("ja")`` after the first ``import cslearn as cs``."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and _LANGUAGE_LINE.search(cell.source):
            cell.source = _LANGUAGE_LINE.sub(lambda m: 'language = "ja"' + m.group(1), cell.source, count=1)
            return
    for cell in notebook.cells:
        if cell.cell_type == "code" and "import cslearn as cs" in cell.source.split("\n"):
            cell.source = cell.source.replace("import cslearn as cs", 'import cslearn as cs\n\ncs.set_language("ja")',
                                              1)
            return
    raise ValueError(f"{name}: no `language = \"en\"` line and no `import cslearn as cs` to switch the language")


def _pair_stale(missing: list[tuple[int, str]], orphans: dict[str, dict]) -> dict[int, str]:
    """Pair each cell with no entry with the unused entry whose English is most like it (a stale one)."""
    pairs: dict[int, str] = {}
    free = dict(orphans)
    for index, source in missing:
        best, best_ratio = None, 0.5
        for key, entry in free.items():
            ratio = difflib.SequenceMatcher(None, entry["en"], source, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = key, ratio
        if best is not None:
            pairs[index] = best
            free.pop(best)
    return pairs


def _diff(old: str, new: str) -> str:
    return "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), "old English", "new English",
                                          lineterm="", n=1))


def translate_notebook(source: Path, catalogue: dict[str, dict],
                       where: str = "") -> tuple[nbformat.NotebookNode, list[str]]:
    """The Japanese notebook made from ``source`` and its catalogue, and the problems found
    (missing, stale or drifted translations, each naming the cell); cells with a problem stay English."""
    notebook = nbformat.read(source, as_version=4)
    where = where or source.name
    problems: list[str] = []
    missing: list[tuple[int, str]] = []
    used: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        cell_where = f"{where} cell {index + 1} ({cell.cell_type})"
        if not needs_translation(cell):
            continue
        key = cell_key(cell.source)
        entry = catalogue.get(key)
        if entry is None:
            missing.append((index, cell.source))
            continue
        used.add(key)
        if "was" in entry:
            problems.append(f"{cell_where} [{key}]: the translation is marked for review (`was` is set): "
                            f"revise ja, then delete `was`:\n{_diff(entry['was'], entry['en'])}")
            continue
        if not entry.get("ja", "").strip():
            problems.append(f"{cell_where} [{key}]: no translation yet (ja is empty)")
            continue
        if cell.cell_type == "code":
            drift = same_code(cell.source, entry["ja"])
            if drift:
                problems.append(f"{cell_where} [{key}]: the translated code differs from the English: {drift}")
                continue
        cell.source = entry["ja"]
    orphans = {key: entry for key, entry in catalogue.items() if key not in used}
    stale = _pair_stale(missing, orphans)
    for index, source_text in missing:
        cell_where = f"{where} cell {index + 1} ({notebook.cells[index].cell_type})"
        if index in stale:
            old = orphans.pop(stale[index])["en"]
            problems.append(f"{cell_where}: stale, the English changed since it was translated "
                            f"[{stale[index]}]:\n{_diff(old, source_text)}")
        else:
            problems.append(f"{cell_where} [{cell_key(source_text)}]: no translation: "
                            f"{source_text.strip().splitlines()[0][:80]!r}")
    for key, entry in orphans.items():
        problems.append(f"{where}: catalogue entry [{key}] matches no cell: "
                        f"{entry['en'].strip().splitlines()[0][:80]!r} (delete it)")
    _switch_language(notebook, where)
    notebook.metadata["language"] = LANGUAGE
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notebook, problems


def _sources(root: Path, only: str | None = None):
    for english, edition in EDITIONS.items():
        for path in sorted((root / english).glob("*.ipynb")):
            if only is None or f"{english}/{path.stem}".endswith(only.removesuffix(".ipynb")):
                yield path, root / edition


def _render(notebook) -> str:
    return nbformat.writes(notebook) + "\n"


def _expected(root: Path, only: str | None = None) -> tuple[dict[Path, str], list[str]]:
    """Every Japanese notebook as this module makes it (path -> text), and the translation problems."""
    texts: dict[Path, str] = {}
    problems: list[str] = []
    for path, edition in _sources(root, only):
        catalogue = _read_catalogue(_catalogue_path(edition, path))
        notebook, found = translate_notebook(path, catalogue, f"{path.parent.name}/{path.name}")
        problems.extend(found)
        texts[edition / path.name] = _render(notebook)
        if path.parent.name == "solutions":
            exercise = to_exercise(notebook, path.name, language=LANGUAGE)
            texts[root / EXERCISES[1] / path.name] = _render(exercise)
    return texts, problems


def generate(root: Path | str = ROOT, only: str | None = None) -> list[Path]:
    """Write every Japanese notebook (chapters, solutions, exercise sheets), or those of the one
    English notebook ``only`` names (``"02_shot_vs_retention"``, ``"solutions/01_exercises"``);
    return the paths written. Cells whose translation is missing or stale are written in English
    (``out_of_sync`` lists them)."""
    texts, _ = _expected(Path(root), only)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(texts)


def out_of_sync(root: Path | str = ROOT, only: str | None = None) -> list[str]:
    """Every translation problem and every Japanese notebook that is missing, differs from what this
    module makes, or has no English source: empty when the Japanese edition is complete and in step
    (``only``: just one English notebook's, as for :func:`generate`)."""
    root = Path(root)
    texts, problems = _expected(root, only)
    for path, text in texts.items():
        if not path.exists():
            problems.append(f"{path.relative_to(root)} is missing (run `make translations`)")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.relative_to(root)} differs from what its English source and catalogue make "
                            "(run `make translations`)")
    for folder in [*EDITIONS.values(), EXERCISES[1]]:
        for path in sorted((root / folder).glob("*.ipynb")):
            if only is None and path not in texts:
                problems.append(f"{path.relative_to(root)} has no English source")
    return problems


def update_catalogues(root: Path | str = ROOT) -> list[Path]:
    """Bring every catalogue in line with its English notebook: new cells get an entry with an empty
    ``ja``; a changed cell's entry moves to its new key with ``was`` set to the English it translated;
    entries that match no cell are dropped. Returns the catalogues written."""
    root = Path(root)
    written = []
    for path, edition in _sources(root):
        catalogue_path = _catalogue_path(edition, path)
        catalogue = _read_catalogue(catalogue_path)
        notebook = nbformat.read(path, as_version=4)
        cells = [(i, c) for i, c in enumerate(notebook.cells) if needs_translation(c)]
        missing = [(i, c.source) for i, c in cells if cell_key(c.source) not in catalogue]
        orphans = {k: e for k, e in catalogue.items() if k not in {cell_key(c.source) for _, c in cells}}
        stale = _pair_stale(missing, orphans)
        entries = []
        for index, cell in cells:
            key = cell_key(cell.source)
            where = f"cell {index + 1}, {cell.cell_type}"
            if key in catalogue:
                entries.append((key, catalogue[key], where))
            elif index in stale:
                old = orphans[stale[index]]
                entries.append((key, {"was": old.get("was", old["en"]), "en": cell.source, "ja": old.get("ja", "")},
                                where))
            else:
                entries.append((key, {"en": cell.source, "ja": ""}, where))
        _write_catalogue(catalogue_path, path, entries)
        written.append(catalogue_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslearn.tools.translate", description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true", help="add or re-key catalogue entries for changed cells")
    parser.add_argument("--check", action="store_true",
                        help="list what is missing, stale or out of step; write nothing")
    parser.add_argument("--only", metavar="NOTEBOOK",
                        help="just this English notebook's edition: 02_shot_vs_retention, solutions/01_exercises")
    options = parser.parse_args(argv)
    if options.update:
        for path in update_catalogues():
            print(f"updated {path.relative_to(ROOT)}")
        return 0
    if options.check:
        problems = out_of_sync(only=options.only)
        print("\n".join(problems) if problems else "the Japanese edition is complete and in step")
        return 1 if problems else 0
    for path in generate(only=options.only):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
