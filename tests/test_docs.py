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




@pytest.mark.parametrize("name", sorted(cslearn.__all__))
def test_public_names_have_docstrings_with_examples(name):
    if name.startswith("__"):
        return
    obj = getattr(cslearn, name)
    doc = obj.__doc__ or ""
    assert doc.strip(), f"cslearn.{name} has no docstring"
    assert ">>>" in doc, f"cslearn.{name} has no example"
