"""Lazy public names for a package: each public name is registered once, in its module's ``__all__``.

A topic package (``cslearn.value`` and the rest) lists its modules; the names it offers are the
``__all__`` of those modules, read from their source without importing them, and a name is
imported the first time it is used. So ``import cslearn`` stays light (matplotlib and ipywidgets
load with the first figure or explorer), ``cs.value.project_pnl`` and ``cs.project_pnl`` are the
same function, and a new public function is added by writing it and listing it in its module's
``__all__``: nothing else. This is the idea of SPEC 1, "Lazy Loading of Submodules and Functions"
(Scientific Python), which ``lazy_loader`` implements for scikit-image and NetworkX.

>>> import cslearn.value as value
>>> value.__getattr__("project_pnl").__module__
'cslearn.value.pnl'
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import sys
import tokenize
from functools import cache
from pathlib import Path

__all__ = ["attach", "declared_names"]


#: a module-level ``__all__ =`` (or ``__all__: list[str] =``) at the start of a line
_ALL = re.compile(r"^__all__[ \t]*(?::[^=\n]*)?=(?!=)", re.MULTILINE)


@cache
def declared_names(path: Path) -> tuple[str, ...]:
    """The names in the ``__all__`` list of the module at ``path``, read without importing it.

    Only the ``__all__`` statement is read when it is a plain list of strings, which is how cslearn
    writes it; anything else gets the whole module parsed. Parsing every module of every topic was
    a fifth of a second in each new process, each kernel a chapter runs in among them (issue 16).

    >>> "yen" in declared_names(Path(__file__).with_name("formatting.py"))
    True
    """
    source = Path(path).read_text(encoding="utf-8")
    names = _read_all_statement(source)
    return names if names is not None else _parse_for_all(source, path)


def _read_all_statement(source: str) -> tuple[str, ...] | None:
    """The strings of a module's one ``__all__ = [...]`` line-start statement, or None unless that is
    certainly the module's assignment to ``__all__`` (the name appears once, not inside a string) and
    a list or tuple of strings."""
    found = _ALL.search(source)
    if (found is None or source.count("__all__") != 1
            or any(source.count(quote, 0, found.start()) % 2 for quote in ('"""', "'''"))):
        return None
    rest = source[found.end():]
    if not rest.lstrip(" \t").startswith(("[", "(")):
        return None
    try:
        for token in tokenize.generate_tokens(io.StringIO(rest).readline):
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                break
        else:
            return None
        lines = rest.splitlines(keepends=True)
        value = ast.literal_eval("".join(lines[: token.start[0] - 1]) + lines[token.start[0] - 1][: token.start[1]]
                                 if lines else "")
    except (SyntaxError, ValueError, tokenize.TokenError, IndexError):
        return None
    if not isinstance(value, (list, tuple)) or not all(isinstance(name, str) for name in value):
        return None
    return tuple(value)


def _parse_for_all(source: str, path: Path) -> tuple[str, ...]:
    tree = ast.parse(source, filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            names = ast.literal_eval(node.value)
            if not all(isinstance(name, str) for name in names):
                raise TypeError(f"{path}: __all__ must be a list of strings")
            return tuple(names)
    raise LookupError(f"{path} declares no __all__; list its public names there")


def _module_file(folder: Path, module: str) -> Path:
    single = folder / f"{module}.py"
    return single if single.exists() else folder / module / "__init__.py"


def attach(package: str, modules: list[str] | tuple[str, ...]):
    """``(__getattr__, __dir__, __all__)`` for ``package``, offering the modules and their public names.

    Use it at the end of a package's ``__init__.py``::

        __getattr__, __dir__, __all__ = attach(__name__, ["ltv", "pnl", "plots", "explorers"])

    >>> getattr_, dir_, all_ = attach("cslearn.value", ["ltv"])
    >>> "lifetime_value" in all_, getattr_("ltv").__name__
    (True, 'cslearn.value.ltv')
    """
    folder = Path(sys.modules[package].__file__).parent
    owner: dict[str, str] = {}
    for module in modules:
        for name in declared_names(_module_file(folder, module)):
            if name in owner:
                raise ImportError(f"{package}: {name!r} is declared in both {owner[name]} and {module}")
            owner[name] = module
    public = sorted(set(owner) | set(modules))

    def __getattr__(name: str):
        if name in modules:
            return importlib.import_module(f"{package}.{name}")
        if name in owner:
            value = getattr(importlib.import_module(f"{package}.{owner[name]}"), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return public

    __getattr__.owner = owner  # name -> module, for cslearn's flat names and the tests
    return __getattr__, __dir__, public
