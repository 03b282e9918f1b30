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

import io
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from cslearn.formatting import yen
from cslearn.language import tr
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
    ):
        use_theme()
        self.controls = controls
        self._compute, self._draw, self._readout = compute, draw, readout
        self.dpi = dpi
        self.figure = Figure(figsize=figsize, layout=layout, dpi=dpi)
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
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.figure.canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()
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
        canvas.draw()
        if self._engine is not None:
            self._frozen = ([ax.get_position(original=True) for ax in figure.axes],
                            [None if title is None else title.get_position() for title in titles])

    def redraw(self, result) -> None:
        """Draw ``result`` on the figure: clear it and call ``draw``. A subclass may instead move
        the artists it drew the first time (see :class:`cslearn.value.explorers.PnLExplorer`)."""
        self.figure.clear()
        self._draw(result, self.figure)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _draw_noting_texts(canvas) -> list:
    """Draw ``canvas`` and return the texts actually drawn (ticks outside the view are not)."""
    renderer, drawn = canvas.get_renderer(), []
    draw_text = renderer.draw_text

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
