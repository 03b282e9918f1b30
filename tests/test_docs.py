"""Every public function is documented with an example, and the examples are right."""

import doctest
import importlib
import pkgutil

import pytest

import cslearn

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(cslearn.__path__, "cslearn.") if ".tests" not in info.name
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    import matplotlib.pyplot as plt

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    plt.close("all")
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def _public_callables():
    """Every public function and class: each topic's names and the floors'."""
    names = {}
    for topic in cslearn.TOPICS:
        for name in importlib.import_module(f"cslearn.{topic}").__getattr__.owner:
            names[name] = f"cslearn.{topic}"
    for name in cslearn._FLOOR_NAMES:
        names.setdefault(name, "cslearn")
    found = [(where, name) for name, where in sorted(names.items())
             if callable(getattr(importlib.import_module(where), name))]
    assert len(found) > 200  # the course's library, not an empty list
    return found


@pytest.mark.parametrize(("where", "name"), _public_callables())
def test_public_names_have_docstrings_with_examples(where, name):
    obj = getattr(importlib.import_module(where), name)
    doc = obj.__doc__ or ""
    assert doc.strip(), f"{where}.{name} has no docstring"
    assert ">>>" in doc, f"{where}.{name} has no example"
