"""What the library shows a learner, in English or Japanese, and a Japanese font that renders everywhere.

``set_language("ja")`` switches every text the library shows: plot labels (:func:`label`, keyed),
and the sentences of sliders, readouts, tables, ``check()`` verdicts and hints and the capstone
report (:func:`tr`, keyed by their English text, gettext-style). Error messages for bad input stay
English, as Python's own do::

    >>> set_language("ja")
    >>> label("month")
    '経過月数'
    >>> set_language("en")
    >>> label("month")
    'Month'

Japanese glyphs come from IPAexGothic, which the ``matplotlib-fontja`` package ships inside the
Python package itself, so no system font has to be installed and no glyph shows as a box.
"""

from __future__ import annotations

import re
import tomllib
from contextlib import contextmanager
from pathlib import Path

from cslearn._validate import check_choice

__all__ = ["LANGUAGES", "set_language", "get_language", "label", "add_labels", "tr", "known_translation",
           "speaking", "counter", "table_word", "translate_table", "missing_translations", "FONT_FAMILY"]

LANGUAGES = ("en", "ja")
FONT_FAMILY = "IPAexGothic"

_state = {"language": "en"}

# key -> (English, Japanese): the labels.toml files of the package (cslearn/labels.toml for the
# words every topic uses, cslearn/<topic>/labels.toml for each topic's own), read on first use;
# add_labels() adds more at run time.
_LABELS: dict[str, tuple[str, str]] = {}
_LABEL_FILES = "labels.toml"


def _read_label_files() -> dict[str, tuple[str, str]]:
    """Every ``labels.toml`` under the package, each key defined once (a key in two files is an error)."""
    package = Path(__file__).parent
    table: dict[str, tuple[str, str]] = {}
    where: dict[str, Path] = {}
    for path in sorted(package.rglob(_LABEL_FILES)):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        for key, entry in entries.items():
            if key in table:
                raise ValueError(f"label {key!r} is defined in both {where[key]} and {path}")
            if not (isinstance(entry, dict) and set(entry) == set(LANGUAGES)
                    and all(isinstance(entry[lang], str) and entry[lang] for lang in LANGUAGES)):
                raise ValueError(f"label {key!r} in {path} must have non-empty en and ja texts")
            table[key] = (entry["en"], entry["ja"])
            where[key] = path.relative_to(package)
    return table


def _labels() -> dict[str, tuple[str, str]]:
    if not _state.get("files_read"):
        _LABELS.update({**_read_label_files(), **_LABELS})
        _state["files_read"] = True
    return _LABELS


def set_language(language: str) -> None:
    """Choose the language of everything the library shows: ``"en"`` (default) or ``"ja"``.

    >>> set_language("ja"); get_language()
    'ja'
    >>> set_language("en")
    """
    _state["language"] = check_choice("language", language, LANGUAGES)
    _show_tables_in(_state["language"])


@contextmanager
def speaking(language: str):
    """Show everything in ``language`` inside a ``with`` block, then return to the language before
    (for a function given its own language, such as a report).

    >>> with speaking("ja"):
    ...     get_language()
    'ja'
    >>> get_language()
    'en'
    """
    before = get_language()
    _state["language"] = check_choice("language", language, LANGUAGES)
    try:
        yield
    finally:
        _state["language"] = before


def _resolve(language: str | None) -> str:
    """The language asked for, or the current one."""
    return get_language() if language is None else check_choice("language", language, LANGUAGES)


def get_language() -> str:
    """The current language of what the library shows.

    >>> get_language() in LANGUAGES
    True
    """
    return _state["language"]


def label(key: str, language: str | None = None) -> str:
    """The label for ``key`` in the current (or given) language.

    >>> label("customers", "ja")
    '顧客数'
    """
    lang = _resolve(language)
    try:
        english, japanese = _labels()[key]
    except KeyError:
        raise KeyError(f"no plot label called {key!r}; known labels: {', '.join(sorted(_labels()))}") from None
    return japanese if lang == "ja" else english


def add_labels(labels: dict[str, tuple[str, str]]) -> None:
    """Register more ``key: (English, Japanese)`` labels (used by each chapter's plots).

    >>> add_labels({"example_key": ("Example", "例")})
    >>> label("example_key", "ja")
    '例'
    """
    for key, pair in labels.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)):
            raise ValueError(f"label {key!r} must be a pair of non-empty strings (English, Japanese)")
        _labels()[key] = pair


# English text -> Japanese text: the ja.toml files of the package (cslearn/ja.toml for the floors,
# cslearn/<topic>/ja.toml for each topic; a module may keep its own, <module>.ja.toml), read on
# first use. A text asked for in Japanese that no file translates is shown in English and
# remembered, so a test can list what is missing.
_MESSAGES: dict[str, dict[str, str]] = {}
_MESSAGE_FILES = "ja.toml"
_MISSING: set[str] = set()
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z_0-9]*)[^{}]*\}")


def placeholders(text: str) -> list[str]:
    """The named ``{fields}`` of a template, sorted (what a translation must keep).

    >>> placeholders("Break-even in month {month}, LTV {ltv:.0f}")
    ['ltv', 'month']
    """
    return sorted(set(_FIELD.findall(text)))


_SECTIONS = ("counters", "table")  # ja.toml's tables: a noun's counter (plural), a table's words
# [tables.<kind>]: the words of one kind of table where they differ from [table] (owner_payback's
# "month" is a unit; in a table keyed by model "owner" is the owner model); a function names its
# table's kinds in attrs["words"] (translate_table)
_KINDS = "tables"


def _read_message_files() -> dict[str, dict]:
    """Every ``ja.toml`` under the package: ``{"messages": {English: Japanese}, "counters": {noun:
    counter}, "table": {column or row name: Japanese}, "tables": {kind: {word: Japanese}}}``, each
    English text translated once (per kind of table)."""
    package = Path(__file__).parent
    tables: dict[str, dict] = {"messages": {}, _KINDS: {}, **{section: {} for section in _SECTIONS}}
    where: dict[tuple[str, str], Path] = {}
    for path in sorted({*package.rglob(_MESSAGE_FILES), *package.rglob("*." + _MESSAGE_FILES)}):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        pairs = [("messages", english, japanese) for english, japanese in entries.items()
                 if english not in (*_SECTIONS, _KINDS)]
        sections = {section: entries.get(section, {}) for section in _SECTIONS}
        kinds = entries.get(_KINDS, {})
        if not (isinstance(kinds, dict) and all(isinstance(words, dict) for words in kinds.values())):
            raise ValueError(f"{path}: [{_KINDS}.<kind>] must be tables of English = Japanese")
        sections.update({f"{_KINDS}.{kind}": words for kind, words in kinds.items()})
        for section, section_entries in sections.items():
            if not isinstance(section_entries, dict):
                raise ValueError(f"{path}: [{section}] must be a table of English = Japanese")
            pairs += [(section, english, japanese) for english, japanese in section_entries.items()]
        for section, english, japanese in pairs:
            if not (isinstance(japanese, str) and japanese.strip()):
                raise ValueError(f"{path}: the translation of {english!r} must be a non-empty string")
            if section == "messages" and placeholders(english) != placeholders(japanese):
                raise ValueError(f"{path}: the translation of {english!r} must keep the fields "
                                 f"{placeholders(english)} (it has {placeholders(japanese)})")
            table = tables[_KINDS].setdefault(section[len(_KINDS) + 1:], {}) if section.startswith(_KINDS) \
                else tables[section]
            known = table.get(english)
            if known is not None and known != japanese:
                raise ValueError(f"{english!r} is translated differently in {where[section, english]} and {path}")
            table[english] = japanese
            where[section, english] = path.relative_to(package)
    return tables


def _messages(section: str = "messages") -> dict[str, str]:
    if not _state.get("messages_read"):
        _MESSAGES.update(_read_message_files())
        _state["messages_read"] = True
    return _MESSAGES[section]


def tr(text: str, /, language: str | None = None, **values) -> str:
    """``text`` in the current (or given) language, with ``values`` put into its ``{fields}``.

    ``text`` is the English template and the key of its translation in the package's ``ja.toml``
    files; a template with no translation is shown in English (and listed by
    :func:`missing_translations`).

    >>> tr("A year of it costs <b>{year}</b> (12 × {month}).", year="¥12,000", month="¥1,000")
    'A year of it costs <b>¥12,000</b> (12 × ¥1,000).'
    >>> tr("A year of it costs <b>{year}</b> (12 × {month}).", "ja", year="¥12,000", month="¥1,000")
    '1年分の料金は <b>¥12,000</b>(12 × ¥1,000)です。'
    """
    lang = _resolve(language)
    template = text
    if lang == "ja":
        try:
            template = _messages()[text]
        except KeyError:
            _MISSING.add(text)
    return template.format(**values) if values else template


def known_translation(text: str, language: str | None = None) -> str:
    """``text`` in the language if the package translates it, else ``text`` as it is, noting nothing
    missing: for text that may be the course's own (translated) or a learner's (left as written).

    >>> known_translation("Monthly fee (円)", "ja"), known_translation("my own words", "ja")
    ('月額料金(円)', 'my own words')
    """
    lang = _resolve(language)
    if lang != "ja" or not isinstance(text, str):
        return text
    return _messages().get(text, text)


def missing_translations() -> list[str]:
    """The English texts asked for in Japanese since the start that have no translation (for tests).

    >>> isinstance(missing_translations(), list)
    True
    """
    return sorted(_MISSING)


def counter(noun: str) -> str:
    """The Japanese counter for an English noun, as :func:`cslearn.formatting.plural` writes a count
    in Japanese (``[counters]`` in the package's ``ja.toml`` files).

    >>> counter("month"), counter("customer")
    ('か月', '人')
    """
    try:
        return _messages("counters")[noun]
    except KeyError:
        _MISSING.add(f"counter: {noun}")
        return f" {noun}"


def table_word(word, language: str | None = None):
    """A table's column or row name as a Japanese learner reads it (``[table]`` in ``ja.toml``);
    anything not listed, and everything in English, is returned as it is.

    >>> table_word("revenue", "ja"), table_word("revenue", "en"), table_word(3, "ja")
    ('売上', 'revenue', 3)
    """
    lang = _resolve(language)
    if lang != "ja" or not isinstance(word, str):
        return word
    return _messages("table").get(word, word)


_AS_WRITTEN = {"reading", "short_name", "notebook", "function", "package", "version", "text", "review", "parameter"}


def translate_table(table, language: str | None = None):
    """A copy of a DataFrame or Series for display, its column, row and axis names in the language,
    and its texts where the course translates them (``[table]`` words, then sentences); the data and
    the original are untouched. In Japanese a chapter's tables are shown this way.

    >>> import pandas as pd
    >>> shown = translate_table(pd.DataFrame({"revenue": [1]}, index=pd.Index(["shot"], name="model")), "ja")
    >>> list(shown.columns), shown.index.name
    (['売上'], 'モデル')
    """
    import pandas as pd

    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise TypeError(f"table must be a pandas DataFrame or Series (got {type(table).__name__})")
    lang = _resolve(language)
    if lang != "ja":
        return table

    # a table may name the kinds of table it is (attrs["words"]), whose [tables.<kind>] words say how
    # its names read where a word means something else in it than in the course's other tables
    # (e.g. ``label``: the label a person gave, not a name)
    kinds = table.attrs.get("words") or ()
    own = {word: japanese for kind in ([kinds] if isinstance(kinds, str) else kinds)
           for word, japanese in _messages(_KINDS).get(kind, {}).items()}

    def word(name):
        if isinstance(name, str) and name in own:
            return own[name]
        return table_word(name, lang)

    def text(value):  # a cell: a word or a sentence the course translates, else as it is
        if not isinstance(value, str):
            return value
        return own.get(value) or _messages("table").get(value) or _messages().get(value, value)

    shown = table.rename(index=word)
    # a column kept in English on purpose (term_en, a reading) or shown beside its own Japanese
    # (stage beside stage_ja) keeps its values
    columns = list(shown.columns) if isinstance(shown, pd.DataFrame) else [None]
    keep = {c for c in columns if isinstance(c, str) and (c.endswith("_en") or f"{c}_ja" in columns
                                                           or c in _AS_WRITTEN)}
    texts = [c for c in columns if c not in keep
             and not pd.api.types.is_numeric_dtype(shown[c] if c is not None else shown)]
    if texts:
        shown = shown.copy()
        if isinstance(shown, pd.DataFrame):
            for column in texts:
                shown[column] = shown[column].map(text)
        else:
            shown = shown.map(text)
    if isinstance(shown, pd.DataFrame):
        shown = shown.rename(columns=word)
        shown.columns = shown.columns.set_names([word(n) for n in shown.columns.names])
    else:
        shown.name = word(shown.name)
    shown.index = shown.index.set_names([word(n) for n in shown.index.names])
    return shown


def _show_tables_in(language: str) -> None:
    """In a notebook, show DataFrames and Series in ``language`` (their names through
    :func:`translate_table`); outside IPython nothing changes."""
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import pandas as pd

    html = shell.display_formatter.formatters["text/html"]
    plain = shell.display_formatter.formatters["text/plain"]
    for kind in (pd.DataFrame, pd.Series):
        if language == "ja":
            if kind is pd.DataFrame:
                html.for_type(kind, lambda table: translate_table(table)._repr_html_())
            plain.for_type(kind, lambda table, printer, cycle: printer.text(repr(translate_table(table))))
        else:
            html.pop(kind, None)
            plain.pop(kind, None)
