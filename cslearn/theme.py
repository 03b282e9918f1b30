"""The course's plot theme and the helpers every figure uses: yen axes, the palette, an Axes.

Importing this module changes nothing: a chapter calls :func:`use_theme` (``cs.use_theme()``) once,
and every ``cslearn`` plot function calls it before it draws, so a figure drawn from a script gets
the theme too. Each topic's figures live in its own ``plots`` module (``cslearn.value.plots`` and
so on) built on ``use_theme``, ``money_axis``, ``_axes`` and ``PALETTE``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter

from cslearn.formatting import yen
from cslearn.language import FONT_FAMILY, get_language, label

__all__ = ["use_theme", "money_axis", "plot_font_check", "MoneyFormatter", "PALETTE"]

PALETTE = {
    "buy_once": "#7f7f7f",
    "subscribe": "#1f77b4",
    "subscribe_expected": "#2ca02c",
    "acquisition": "#d62728",
    "retention": "#1f77b4",
    "highlight": "#ff7f0e",
}

# seaborn's "whitegrid" style in its "notebook" context with its "deep" palette, written out so that
# the theme costs no seaborn import (about a second); tests/test_layout.py holds it equal to
# ``seaborn.set_theme(style="whitegrid", context="notebook")``.
_DEEP = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974",
         "#64b5cd"]
THEME_RC = {
    # the whitegrid style
    "figure.facecolor": "white", "axes.facecolor": "white", "axes.edgecolor": ".8", "axes.grid": True,
    "axes.axisbelow": True, "axes.labelcolor": ".15", "text.color": ".15", "xtick.color": ".15",
    "ytick.color": ".15", "xtick.direction": "out", "ytick.direction": "out", "grid.color": ".8",
    "grid.linestyle": "-", "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "xtick.top": False, "ytick.right": False, "xtick.bottom": False, "ytick.left": False,
    "axes.spines.left": True, "axes.spines.bottom": True, "axes.spines.right": True, "axes.spines.top": True,
    # the notebook context
    "axes.linewidth": 1.25, "grid.linewidth": 1.0, "lines.linewidth": 1.5, "lines.markersize": 6.0,
    "patch.linewidth": 1.0, "xtick.major.width": 1.25, "ytick.major.width": 1.25, "xtick.minor.width": 1.0,
    "ytick.minor.width": 1.0, "xtick.major.size": 6.0, "ytick.major.size": 6.0, "xtick.minor.size": 4.0,
    "ytick.minor.size": 4.0, "font.size": 12.0, "axes.labelsize": 12.0, "axes.titlesize": 12.0,
    "xtick.labelsize": 11.0, "ytick.labelsize": 11.0, "legend.fontsize": 11.0, "legend.title_fontsize": 12.0,
    # the course's own: a Japanese-capable font, a plain minus sign, a wide figure
    "font.family": [FONT_FAMILY], "axes.unicode_minus": False, "figure.figsize": (8.0, 4.5),
    # titles sit just above the axes (no plot puts ticks on top): matplotlib's automatic title
    # placement measures every tick label on each draw, a third of an explorer's redraw
    "axes.titley": 1.0,
}

_theme = {"applied": False}


def use_theme(force: bool = False) -> None:
    """Apply the course's plot theme: seaborn's whitegrid look with the IPAexGothic font.

    Importing ``cslearn`` changes no matplotlib setting. A chapter calls ``cs.use_theme()`` once in its
    first cell, and every ``cslearn`` plot function calls it before it draws (so a figure drawn from a
    script looks the same); your own figures drawn after that get the theme and the Japanese font too.

    >>> use_theme()
    >>> import matplotlib.pyplot as plt
    >>> plt.rcParams["font.family"]
    ['IPAexGothic']
    """
    if _theme["applied"] and not force:
        return
    from cycler import cycler
    from matplotlib_fontja import get_font_ttf_path

    font_manager.fontManager.addfont(get_font_ttf_path())
    plt.rcParams.update(THEME_RC)
    plt.rcParams["axes.prop_cycle"] = cycler(color=_DEEP)
    # Text made before the theme (an Axes the student created first) asks for the generic
    # "sans-serif"; put the Japanese-capable font first there too.
    sans = [name for name in plt.rcParams["font.sans-serif"] if name != FONT_FAMILY]
    plt.rcParams["font.sans-serif"] = [FONT_FAMILY, *sans]
    _theme["applied"] = True


def _money(value: float, _position=None, digits: int | None = None) -> str:
    if get_language() == "ja":
        return yen(value, compact=True, digits=digits)
    size = abs(value)
    sign = "-" if value < 0 else ""
    if size >= 1e9:
        return f"{sign}¥{size / 1e9:g}B"
    if size >= 1e6:
        return f"{sign}¥{size / 1e6:g}M"
    if size >= 1e3:
        return f"{sign}¥{size / 1e3:g}k"
    return yen(value)


class MoneyFormatter(Formatter):
    """Tick labels in yen that never repeat: ¥1.5M in English, ¥150万 in Japanese.

    The Japanese units keep one decimal (¥1.4億), which can print the same text for neighbouring
    ticks (¥1.40億, ¥1.42億, ¥1.44億 all read ¥1.4億). Before labelling a set of ticks, the
    formatter adds decimals until neighbours differ.

    >>> MoneyFormatter().format_ticks([140_000_000, 142_000_000])
    ['¥140M', '¥142M']
    """

    def __init__(self):
        self.digits: int | None = None

    def set_locs(self, locs):
        super().set_locs(locs)
        self.digits = None
        if get_language() != "ja" or len(locs) < 2:
            return
        for digits in (None, 1, 2, 3, 4, 5, 6):
            labels = [_money(value, digits=digits) for value in locs]
            if all(a != b for a, b in zip(labels, labels[1:], strict=False)):
                self.digits = digits
                return
        self.digits = 6

    def __call__(self, value, position=None):
        return _money(value, digits=self.digits)


def money_axis(ax: Axes, axis: str = "y") -> Axes:
    """Format an axis in yen (¥1.5M in English, ¥150万 in Japanese); neighbouring ticks never repeat.

    >>> fig, ax = plt.subplots()
    >>> money_axis(ax) is ax
    True
    """
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(MoneyFormatter())
    return ax


def _axes(ax: Axes | None) -> Axes:
    """The Axes a plot draws on: ``ax`` if it is one, else a new figure's (the theme applied first).

    >>> _axes("left")
    Traceback (most recent call last):
    ...
    TypeError: ax must be a matplotlib Axes or None (got 'left' of type str)
    """
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None (got {ax!r} of type {type(ax).__name__})")
    use_theme()
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_font_check(ax: Axes | None = None) -> Axes:
    """A small bar chart labelled in Japanese: if the labels read as words, not boxes, the font works.

    >>> plot_font_check().get_ylabel()
    'カスタマーサクセス'
    """
    ax = _axes(ax)
    words = ["所有", "体験", "継続率", "顧客生涯価値"]
    ax.bar(words, [1, 2, 3, 4], color=PALETTE["subscribe"])
    ax.set_title(f"{label('font_check', 'en')} / {label('font_check', 'ja')}")
    ax.set_ylabel("カスタマーサクセス")
    return ax
