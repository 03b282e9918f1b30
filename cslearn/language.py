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
from pathlib import Path

from cslearn._validate import check_choice

__all__ = ["LANGUAGES", "set_language", "get_language", "label", "add_labels", "tr", "missing_translations",
           "FONT_FAMILY"]

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
    lang = get_language() if language is None else check_choice("language", language, LANGUAGES)
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
# cslearn/<topic>/ja.toml for each topic), read on first use. A text asked for in Japanese that no
# file translates is shown in English and remembered, so a test can list what is missing.
_MESSAGES: dict[str, str] = {}
_MESSAGE_FILES = "ja.toml"
_MISSING: set[str] = set()
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z_0-9]*)[^{}]*\}")


def placeholders(text: str) -> list[str]:
    """The named ``{fields}`` of a template, sorted (what a translation must keep).

    >>> placeholders("Break-even in month {month}, LTV {ltv:.0f}")
    ['ltv', 'month']
    """
    return sorted(set(_FIELD.findall(text)))


def _read_message_files() -> dict[str, str]:
    """Every ``ja.toml`` under the package: English -> Japanese, each English text translated once."""
    package = Path(__file__).parent
    table: dict[str, str] = {}
    where: dict[str, Path] = {}
    for path in sorted(package.rglob(_MESSAGE_FILES)):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        for english, japanese in entries.items():
            if not (isinstance(japanese, str) and japanese.strip()):
                raise ValueError(f"{path}: the translation of {english!r} must be a non-empty string")
            if placeholders(english) != placeholders(japanese):
                raise ValueError(f"{path}: the translation of {english!r} must keep the fields "
                                 f"{placeholders(english)} (it has {placeholders(japanese)})")
            if english in table and table[english] != japanese:
                raise ValueError(f"{english!r} is translated differently in {where[english]} and {path}")
            table[english] = japanese
            where[english] = path.relative_to(package)
    return table


def _messages() -> dict[str, str]:
    if not _state.get("messages_read"):
        _MESSAGES.update(_read_message_files())
        _state["messages_read"] = True
    return _MESSAGES


def tr(text: str, /, language: str | None = None, **values) -> str:
    """``text`` in the current (or given) language, with ``values`` put into its ``{fields}``.

    ``text`` is the English template and the key of its translation in the package's ``ja.toml``
    files; a template with no translation is shown in English (and listed by
    :func:`missing_translations`).

    >>> tr("{months} months", months=3)
    '3 months'
    >>> tr("{months} months", "ja", months=3)
    '3か月'
    """
    lang = get_language() if language is None else check_choice("language", language, LANGUAGES)
    template = text
    if lang == "ja":
        try:
            template = _messages()[text]
        except KeyError:
            _MISSING.add(text)
    return template.format(**values) if values else template


def missing_translations() -> list[str]:
    """The English texts asked for in Japanese since the start that have no translation (for tests).

    >>> isinstance(missing_translations(), list)
    True
    """
    return sorted(_MISSING)
