"""Explorers: sliders wired to a pure compute function, with a figure and a readout.

An explorer is three things kept apart:

1. a compute function from ``cslearn`` (numbers in, DataFrame or numbers out, tested on its own);
2. a draw function from the topic's ``plots`` module that turns the result into a figure (the same
   function draws the static figure in the chapter, for readers without a kernel);
3. this thin view, which reads the controls, calls 1 and 2, and shows the figure as a PNG in an
   ``ipywidgets.Image`` plus a one-line HTML readout.

Because the figure is rendered to PNG bytes and the readout is HTML, a test can move a slider
from Python (``explorer.controls["churn"].value = 0.1``) and see both change, with no browser.

This module is the base every explorer is built on (:class:`Explorer`, :func:`slider`); each topic
keeps its explorers in its own ``explorers`` module (``cslearn.value.explorers`` and so on).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.gridspec import SubplotSpec
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from cslearn.formatting import yen
from cslearn.language import get_language, tr
from cslearn.theme import use_theme

__all__ = ["Explorer", "slider", "sliders", "widget_check"]


def slider(description: str, value, low, high, step, *, fmt: str | None = None, integer: bool = False):
    """A labelled slider that redraws when released (``continuous_update=False``); its English
    ``description`` is shown in the learner's language (:func:`cslearn.language.tr`).

    >>> slider("Churn", 0.05, 0, 0.5, 0.01).continuous_update
    False
    """
    kind = widgets.IntSlider if integer else widgets.FloatSlider
    options = {"readout_format": fmt} if fmt else {}
    return kind(
        value=value,
        min=min(low, value),  # widen the range rather than let the widget clamp a valid start value
        max=max(high, value),
        step=step,
        description=tr(description),
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px"),
        **options,
    )


def sliders(declarations: Mapping, values: Mapping, labels: Mapping[str, str], **overrides: dict) -> dict:
    """Sliders built from parameter declarations, one per entry of ``labels`` (name -> label, in order).

    Each slider's range, step, whole-number-ness and format come from its declaration's
    :meth:`cslearn.params.Param.slider_spec` (the declared ``view`` and ``step``, else the accepted
    range); ``values`` holds the starting values (a name missing, or None: the declared default).
    ``overrides`` (name -> keywords of ``slider_spec``: ``low``, ``high``, ``step``, ``fmt``, and
    ``integer`` for whole steps over a quantity that need not be whole) set a view that only this
    explorer needs, such as a top end read from the data. Each slider keeps its declaration and
    overrides in ``.declared``, so a test can check that its range is the declared one
    (:func:`slider_spec`).

    >>> from cslearn.params import Param
    >>> churn = Param("churn", 0.05, 0, 1, unit="share", view=(0, 0.5))
    >>> made = sliders({"churn": churn}, {}, {"churn": "Monthly churn"}, churn={"step": 0.05})
    >>> c = made["churn"]
    >>> c.description, c.min, c.max, c.step, c.value, c.readout_format
    ('Monthly churn', 0.0, 0.5, 0.05, 0.05, '.0%')
    """
    unknown = [name for name in overrides if name not in labels]
    if unknown:
        raise TypeError(f"sliders: overrides name {unknown[0]!r}, which has no label")
    made = {}
    for name, label in labels.items():
        view = overrides.get(name, {})
        made[name] = slider(label, **slider_spec(declarations[name], values.get(name), view))
        made[name].declared = (declarations[name], view)
    return made


def slider_spec(declaration, value=None, view: Mapping | None = None) -> dict:
    """Keyword arguments of :func:`slider` for ``declaration`` (:meth:`cslearn.params.Param.slider_spec`)
    starting at ``value``, with an explorer's ``view`` overrides (see :func:`sliders`).

    >>> from cslearn.params import Param
    >>> slider_spec(Param("new_customers", 100, 0, 10_000, view=(0, 1_000), step=10), None, {"integer": True})
    {'value': 100, 'low': 0, 'high': 1000, 'step': 10, 'integer': True, 'fmt': None}
    >>> slider_spec(Param("fee", 980, 0, 10_000, unit="yen"), 980.5)
    Traceback (most recent call last):
    ...
    TypeError: fee must be a whole number of yen here, as its slider moves in whole steps (got 980.5)
    >>> slider_spec(Param("fee", 980, 0, 10_000, unit="yen"), 0.1 * 3 * 10_000)["value"]  # 3000.0000000000005
    3000
    """
    view = dict(view or {})
    integer = view.pop("integer", None)
    spec = declaration.slider_spec(value, **view)
    if integer is not None:
        spec["integer"] = integer
    if spec["integer"]:
        whole = round(float(spec["value"]))
        # a whole number computed in floating point (10000.000000000002) starts the slider on it;
        # a slider of whole steps would round 980.5 and show another figure than asked: refused, as is
        # a value it would round to one the declaration refuses (a fee of 1e-300 to a fee of 0)
        if (abs(float(spec["value"]) - whole) > 1e-9 * max(1.0, abs(whole))
                or whole != spec["value"] and not _accepts(declaration, whole)):
            unit = " of yen" if getattr(declaration, "unit", "") == "yen" else ""
            raise TypeError(f"{declaration.name} must be a whole number{unit} here, as its slider moves in whole "
                            f"steps (got {spec['value']!r})")
        spec["value"] = whole
    return spec


def _accepts(declaration, value) -> bool:
    try:
        declaration.check(value)
    except (TypeError, ValueError):
        return False
    return True


class Explorer:
    """Wire ``controls`` to ``compute`` and show ``draw``'s figure and ``readout``'s text.

    ``compute(**values)`` gets the controls' values by name; ``draw(result, figure)`` draws on a
    cleared figure; ``readout(result)`` returns a short HTML string. When ``compute`` raises
    ValueError (an impossible combination), the message replaces the readout and the figure is
    hidden until the values make sense again, so no outdated figure sits under an error. ``dpi`` and ``layout`` set how
    the figure is rendered (``layout=None`` skips constrained layout).

    Each draw gets back the Axes of the last one, cleared (see :class:`_ReusingFigure`). ``move(result,
    figure)``, if given, instead puts a new result into the artists the last draw made and returns True,
    or returns False when it cannot (the figure is then drawn again); it is not asked after a draw in
    another language, whose labels would stay.

    Constrained layout costs a second pass over every label, so it runs on the first draw only: later
    moves put the axes where it put them and draw once, unless a label drawn then would leave the
    figure or run into another panel (wider tick labels, say), when the layout is worked out again.

    >>> from cslearn.ownership.compute import break_even_month
    >>> fee = slider("Monthly fee", 980, 100, 5000, 10, integer=True)
    >>> view = Explorer({"monthly_fee": fee}, lambda monthly_fee: break_even_month(3000, monthly_fee),
    ...                 lambda month, figure: figure.add_subplot().bar([0], [month]), lambda m: f"month {m}")
    >>> fee.value = 1000
    >>> view.text.value
    'month 3'
    """

    def __init__(
        self,
        controls: dict[str, widgets.ValueWidget],
        compute: Callable[..., Any],
        draw: Callable[[Any, Figure], None],
        readout: Callable[[Any], str] | None = None,
        figsize: tuple[float, float] = (9, 4),
        dpi: int = 90,
        layout: str | None = "constrained",
        move: Callable[[Any, Figure], bool] | None = None,
    ):
        use_theme()
        self.controls = controls
        self._compute, self._draw, self._readout, self._move = compute, draw, readout, move
        self._drawn_in: str | None = None  # the language of the last draw, if it went through
        self.dpi = dpi
        self.figure = _ReusingFigure(figsize=figsize, layout=layout, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._engine = self.figure.get_layout_engine() if layout is not None else None
        self._frozen: list | None = None  # where the layout put the axes and figure titles
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.text = widgets.HTML()
        self.result: Any = None
        self.stale = False
        for control in controls.values():
            control.observe(self._changed, names="value")
        self.widget = widgets.VBox([widgets.VBox(list(controls.values())), self.text, self.image])
        self.update()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values) -> str:
        """Move the named controls, one after another as a student would, and return the readout.

        >>> from cslearn.ownership.compute import break_even_month
        >>> fee = slider("Monthly fee", 980, 100, 5000, 10, integer=True)
        >>> view = Explorer({"monthly_fee": fee}, lambda monthly_fee: break_even_month(3000, monthly_fee),
        ...                 lambda month, figure: figure.add_subplot().bar([0], [month]), lambda m: f"month {m}")
        >>> view.set(monthly_fee=1000)
        'month 3'
        >>> view.set(churn=0.1)
        Traceback (most recent call last):
        ...
        ValueError: set: this explorer has no control 'churn' (its controls: monthly_fee)
        """
        unknown = [name for name in values if name not in self.controls]
        if unknown:
            raise ValueError(f"set: this explorer has no control {unknown[0]!r} "
                             f"(its controls: {', '.join(self.controls)})")
        for name, value in values.items():
            self.controls[name].value = value
        return self.text.value

    def _changed(self, _change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute, redraw the figure and refresh the readout."""
        try:
            self.result = self._compute(**self.values())
        except ValueError as error:
            # an impossible combination of slider values: say so, and hide the figure, which no
            # longer matches the sliders (``stale`` tells a test)
            self.result, self.stale = None, True
            self.image.layout.visibility = "hidden"
            self.text.value = f"<b style='color:#b00'>{error}</b>"
            return
        self.stale = False
        self.image.layout.visibility = "visible"
        self.redraw(self.result)
        self._render()
        self.image.value = _png(np.asarray(self.figure.canvas.buffer_rgba()))
        self.text.value = self._readout(self.result) if self._readout else ""

    def _render(self) -> None:
        """Draw the figure on its canvas, reusing the last layout when the labels still fit it."""
        figure, canvas = self.figure, self.figure.canvas
        if figure.dpi != self.dpi:
            figure.set_dpi(self.dpi)
        titles = [figure._suptitle, figure._supxlabel, figure._supylabel]
        if self._engine is not None and self._frozen is not None and len(self._frozen[0]) == len(figure.axes):
            figure.set_layout_engine("none")
            for ax, position in zip(figure.axes, self._frozen[0], strict=True):
                ax.set_position(position)
                ax.set_in_layout(True)  # set_position takes an axes out of the layout; keep it in
            for title, position in zip(titles, self._frozen[1], strict=True):
                if title is not None and position is not None:
                    title.set_position(position)
            drawn = _draw_noting_texts(canvas)
            figure.set_layout_engine(self._engine)
            if _texts_fit(figure, drawn, canvas.get_renderer()):
                return
        if self._engine is not None:
            # a second pass settles what one pass leaves cramped (a twin axis's labels, say), and
            # the layout kept for the moves that follow is that settled one
            self._engine.execute(figure)
        _draw_noting_texts(canvas)
        if self._engine is not None:
            self._frozen = ([ax.get_position(original=True) for ax in figure.axes],
                            [None if title is None else title.get_position() for title in titles])

    def redraw(self, result) -> None:
        """Draw ``result`` on the figure: ``move`` it into the last draw's artists if it can, else clear the
        figure and call ``draw``, which gets back the Axes of the last draw, cleared, when it asks for them
        the same way (see :class:`_ReusingFigure`). A subclass may instead move the artists it drew the
        first time itself (see :class:`cslearn.value.explorers.PnLExplorer`)."""
        if self._move is not None and self._drawn_in == get_language() and self._move(result, self.figure):
            return
        self._drawn_in = None
        self.figure.clear_for_reuse()
        try:
            self._draw(result, self.figure)
        finally:
            self.figure.drop_spares()
        self._drawn_in = get_language()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _png(rgba: np.ndarray) -> bytes:
    """PNG bytes of an (height, width, 4) array of 8-bit RGBA pixels: rows unfiltered, deflated fast.

    The figure's flat colours compress well without PNG's row filters, whose per-row choice is most
    of what an image library spends on a figure; this takes a third of the time for a few per cent
    more bytes.

    >>> import io
    >>> from PIL import Image
    >>> pixels = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    >>> (np.asarray(Image.open(io.BytesIO(_png(pixels)))) == pixels).all()
    np.True_
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: filter type 0 (none), then its pixels
    rows[:, 1:] = rgba.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.data, 1))
            + chunk(b"IEND", b""))


class _ReusingFigure(Figure):
    """A figure whose next draw gets back the Axes of the last one instead of making new ones.

    Making an Axes and the ticks it then needs is most of what clearing a figure and drawing it again
    costs. :meth:`clear_for_reuse` clears the figure as :meth:`~matplotlib.figure.Figure.clear` does
    but keeps aside the Axes made by ``add_subplot`` (which ``subplots`` and ``twinx`` call), each
    cleared and put back as it was made, its ticks kept for the next draw; that draw's ``add_subplot``
    calls get them back in order when they ask the same way (the same Axes shared), and
    :meth:`drop_spares` removes those it did not ask for. A draw must not keep Axes of its own
    between draws (it gets the same objects back).

    >>> figure = _ReusingFigure()
    >>> left, right = figure.subplots(1, 2)
    >>> _ = left.plot([1, 2]), left.set_title("first")
    >>> figure.clear_for_reuse()
    >>> again = figure.subplots(1, 2)
    >>> figure.drop_spares()
    >>> again[0] is left, left.get_title(), left.lines[:], len(figure.axes)
    (True, '', [], 2)
    >>> figure.clear_for_reuse()
    >>> one = figure.add_subplot()
    >>> figure.drop_spares()
    >>> one is left, figure.axes == [one]
    (True, True)
    >>> one.remove()  # an Axes the draw removed itself is not kept
    >>> figure.clear_for_reuse(); figure.drop_spares(); figure.axes
    []
    """

    _SHARING = ("sharex", "sharey")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._made: list = []  # (Axes, its sharing, its state when made) of this draw, in order
        self._spare: list = []  # those of the last draw, not yet asked for again

    def add_subplot(self, *args, **kwargs):
        reusable = set(kwargs) <= set(self._SHARING) and not (len(args) == 1 and isinstance(args[0], Axes))
        sharing = {name: kwargs.get(name) for name in self._SHARING}
        if reusable and self._spare:
            ax, shared, made = self._spare[0]
            if all(sharing[name] is shared[name] for name in self._SHARING):
                self._spare.pop(0)
                spec = args[0] if len(args) == 1 and isinstance(args[0], SubplotSpec) else \
                    SubplotSpec._from_subplot_args(self, args or (1, 1, 1))
                ax.set_subplotspec(spec)
                self._add_axes_internal(ax, ax._projection_init)
                self._made.append((ax, shared, made))
                return ax
            self.drop_spares()  # asked otherwise: this draw differs from the last, make the rest anew
        ax = super().add_subplot(*args, **kwargs)
        if reusable and type(ax) is Axes:
            self._made.append((ax, sharing, _state_when_made(ax)))
        return ax

    def clear_for_reuse(self) -> None:
        """Clear the figure, keeping the Axes ``add_subplot`` made for the next draw (cleared)."""
        here = self.axes
        spare = [made for made in self._made if any(made[0] is ax for ax in here)]  # not removed by the draw
        self._made = []
        kept = {id(ax) for ax, _, _ in spare}
        for ax in here:
            if id(ax) not in kept:
                ax.clear()
                self.delaxes(ax)
        for ax, _, made in spare:
            _clear_as_made(ax, made)
            self._axstack.remove(ax)
            self._localaxes.remove(ax)
        self._spare = spare
        self.suppressComposite = None
        for subfigure in self.subfigs:
            subfigure.clear()
        self.subfigs = []
        self.artists, self.lines, self.patches, self.texts, self.images, self.legends = [], [], [], [], [], []
        self.subplotpars.reset()
        self._suptitle = self._supxlabel = self._supylabel = None
        self.stale = True

    def drop_spares(self) -> None:
        """Remove the kept Axes that this draw did not ask for."""
        spare, self._spare = self._spare, []
        for ax, _, _ in spare:
            self._axstack.add(ax)
            self._localaxes.append(ax)
            self.delaxes(ax)


_PLAIN = (str, int, float, bool, type(None))


def _plain_attributes(thing) -> dict:
    """The attributes of ``thing`` that hold plain values (or tuples of them): its settings."""
    return {name: value for name, value in vars(thing).items()
            if isinstance(value, _PLAIN) or (isinstance(value, tuple) and all(isinstance(v, _PLAIN) for v in value))}


def _state_when_made(ax) -> dict:
    """What :func:`_clear_as_made` puts back: the plain settings of a new Axes, its axes and spines,
    the tick settings new ticks are made with, and a major and a minor tick as new (never drawn)."""
    return {
        "axes": _plain_attributes(ax),
        "axis": {name: (_plain_attributes(axis), dict(axis._major_tick_kw), dict(axis._minor_tick_kw),
                        (axis._get_tick(major=True), axis._get_tick(major=False)))
                 for name, axis in ax._axis_map.items()},
        "spines": {name: _plain_attributes(spine) for name, spine in ax.spines.items()},
    }


def _clear_as_made(ax, made: dict) -> None:
    """Clear ``ax`` and put back the settings it was made with (``ax.clear()`` keeps some, such as a
    hidden spine or a tick setting), keeping the ticks it has made so far instead of making new ones:
    the first of each list is set like a new tick, and the others like the first once ``clear()`` has
    set it, as matplotlib sets every tick it adds after the first."""
    rest = {}
    for name, axis in ax._axis_map.items():
        _, major_kw, minor_kw, new = made["axis"][name]
        axis._major_tick_kw, axis._minor_tick_kw = dict(major_kw), dict(minor_kw)
        axis.reset_ticks = partial(_reset_ticks_keeping, axis, new, rest.setdefault(name, {}))  # clear() calls it
    try:
        ax.clear()
    finally:
        for axis in ax._axis_map.values():
            vars(axis).pop("reset_ticks", None)
    vars(ax).update(made["axes"])
    for name in [name for name in vars(ax) if name.startswith("_cslearn")]:  # the course's own marks on it
        delattr(ax, name)
    ax._colorbars = []
    ax.dataLim = Bbox.null()  # clear() keeps it, and a span drawn first would then keep the old heights
    for name, spine in ax.spines.items():
        vars(spine).update(made["spines"][name])
    for name, axis in ax._axis_map.items():
        vars(axis).update(made["axis"][name][0])
        axis.callbacks._connect_picklable("units", ax._unit_change_handler(name))  # as a new Axes has
        for kind, others in rest[name].items():
            ticks = getattr(axis, kind)
            for tick in others:
                axis._copy_tick_props(ticks[0], tick)
            ticks.extend(others)
    ax.stale = True


def _reset_ticks_keeping(axis, new, rest: dict) -> None:
    """``axis.reset_ticks()``, which puts one new tick in each tick list, but with the first tick made so
    far set like ``new``'s major or minor tick instead; the others wait in ``rest`` (by list name)."""
    for kind, template in zip(("majorTicks", "minorTicks"), new, strict=True):
        ticks = vars(axis).pop(kind, None)
        if ticks:
            axis._copy_tick_props(template, ticks[0])
            setattr(axis, kind, ticks[:1])
            rest.setdefault(kind, []).extend(ticks[1:])
    try:
        axis.set_clip_path(axis.axes.patch)
    except AttributeError:
        pass


def _draw_noting_texts(canvas) -> list:
    """Draw ``canvas`` and return the texts actually drawn (ticks outside the view are not)."""
    renderer, drawn = canvas.get_renderer(), []
    draw_text = _reusing_layouts(renderer)

    def noting(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if mtext is not None:
            drawn.append(mtext)
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = noting
    try:
        canvas.draw()
    finally:
        del renderer.draw_text
    return drawn


#: the glyph layouts of texts drawn before: (font, size, dpi, text, ...) -> (font, glyphs); see _reusing_layouts
_LAYOUTS: dict = {}
#: this matplotlib's Agg renderer lays a text out with FT2Font._layout and then draws its glyphs, as mirrored here
_LAYOUTS_REUSABLE = (hasattr(RendererAgg, "_draw_text_glyphs_and_boxes") and hasattr(Text, "get_fontfeatures")
                     and hasattr(Text, "get_language") and "_layout" in RendererAgg.draw_text.__code__.co_names)


def _reusing_layouts(renderer) -> Callable:
    """``renderer.draw_text``, but laying out a text drawn before in the same font, size and resolution
    only once: the glyphs and where they go (the renderer lays each text out on every draw, a tenth of an
    explorer's move); the glyphs are drawn as the renderer draws them. Other renderers, mathematical
    text and matplotlib versions that draw text otherwise get ``draw_text`` itself.
    """
    draw_text = renderer.draw_text
    if not _LAYOUTS_REUSABLE or type(renderer) is not RendererAgg:
        return draw_text

    def draw(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        font = renderer._prepare_font(prop)
        size, flags = prop.get_size_in_points(), get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = (id(font), size, renderer.dpi, s, flags, None if features is None else tuple(features), language)
        try:
            known = _LAYOUTS.get(key)
        except TypeError:  # a language given as a list of ranges: no key, no reuse
            return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        if known is None or known[0] is not font:  # the font is kept with its layouts: its id is not reused
            if len(_LAYOUTS) >= 20_000:
                _LAYOUTS.clear()
            glyphs = font._layout(s, flags=flags, features=features, language=language)
            known = _LAYOUTS[key] = (font, [(g.ft_object, g.glyph_index, g.x, g.y) for g in glyphs])
        renderer._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((face, size, index, 0, 1, gx, gy) for face, index, gx, gy in known[1]), [])
        return None

    return draw


def _texts_fit(figure, texts, renderer) -> bool:
    """Every text lies inside the figure, and no text of one panel comes within constrained layout's
    gap of another panel or its texts (a twin or an inset shares its panel's place, so it is not
    another panel)."""
    pad = 1.5 / 72 * figure.dpi  # half of constrained layout's 3-point gap, on every side
    inside = figure.bbox.padded(1)
    boxes, places = [], []
    for text in texts:
        box = text.get_window_extent(renderer).padded(pad)
        if not (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1):
            return False
        if text.axes is not None:
            boxes.append(box.extents)
            places.append(text.axes.bbox.extents)
    panels = np.array([ax.bbox.extents for ax in figure.axes if ax.get_visible()]).reshape(-1, 4)
    boxes, places = np.array(boxes).reshape(-1, 4), np.array(places).reshape(-1, 4)

    def overlap(a, b):  # (n, 4) and (m, 4) extents -> (n, m): the rectangles share some area
        return ((a[:, None, 0] < b[None, :, 2]) & (b[None, :, 0] < a[:, None, 2])
                & (a[:, None, 1] < b[None, :, 3]) & (b[None, :, 1] < a[:, None, 3]))

    other_panel = ~overlap(places, panels)  # panel j is another place than text i's
    if (overlap(boxes, panels) & other_panel).any():
        return False
    return not (overlap(boxes, boxes) & ~overlap(places, places)).any()


# Chapter 00 ------------------------------------------------------------------------------------


def widget_check() -> widgets.VBox:
    """A slider and a readout: if moving the slider changes the text, widgets work.

    >>> box = widget_check()
    >>> box.children[0].value = 1000
    >>> "¥12,000" in box.children[1].value
    True
    """
    amount = slider("Monthly fee (円)", 980, 0, 5000, 10, integer=True)
    text = widgets.HTML()

    def show(_change=None):
        text.value = tr("A year of it costs <b>{year}</b> (12 × {month}).", year=yen(amount.value * 12),
                        month=yen(amount.value))

    amount.observe(show, names="value")
    show()
    return widgets.VBox([amount, text])
