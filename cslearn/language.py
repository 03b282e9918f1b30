"""Plot labels in English or Japanese, and a Japanese font that renders everywhere.

The course's text is English; figure labels can be switched to Japanese for a Japanese room::

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

import tomllib
from pathlib import Path

from cslearn._validate import check_choice

__all__ = ["LANGUAGES", "set_language", "get_language", "label", "add_labels", "FONT_FAMILY"]

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
    """Choose the language of plot labels: ``"en"`` (default) or ``"ja"``.

    >>> set_language("ja"); get_language()
    'ja'
    >>> set_language("en")
    """
    _state["language"] = check_choice("language", language, LANGUAGES)


def get_language() -> str:
    """The current language of plot labels.

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
