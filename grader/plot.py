"""A small inline-SVG chart kit: scales, ticks, clipping, contours and the Figure class.

It knows nothing of the questions: a Figure collects lines, heatmaps, arrows, dots,
texts and a legend in data coordinates and hands back plain dicts already mapped to
an SVG viewBox; templates/figures.html.j2 only draws them. Hand-written rather than
a plotting library: the report needs a few kinds of mark, a page under 1 MB and no
scripts, and this is ~350 lines with no dependency beyond NumPy.
"""

import math
import unicodedata

import numpy as np

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
PURPLE, SKY, GREY, INK = "#CC79A7", "#56B4E9", "#8a8a8e", "#1d1d1f"
# Tints for cells under other marks: a yes/no map's (PALE_GREEN against PALE_GREY, far apart in
# grey level too) and a background class (PALE_BLUE, a tint of SKY).
PALE_GREEN, PALE_GREY, PALE_BLUE = "#7fcdb0", "#ececf0", "#b9d7ea"

# viridis at nine evenly spaced stops; perceptually uniform and readable in grey.
_VIRIDIS = np.array([[0x44, 0x01, 0x54], [0x47, 0x2d, 0x7b], [0x3b, 0x52, 0x8b], [0x2c, 0x72, 0x8e],
                     [0x21, 0x91, 0x8c], [0x28, 0xae, 0x80], [0x5e, 0xc9, 0x62], [0xad, 0xdc, 0x30],
                     [0xfd, 0xe7, 0x25]], dtype=np.float64)


FONT = 11          # viewBox units; the figures are drawn at 1:1 on a wide screen
BANDS = 24          # colour steps of heatmaps and their colour bars


def text_width(text, size=FONT):
    """About how wide `text` is drawn at `size`: Latin glyphs average 0.56 em, and wide ones
    (Hangul, CJK: East Asian width W or F) take a whole em."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return (0.56 * (len(text) - wide) + wide) * size


def viridis(t):
    """Hex colours for values t in [0, 1] (array-like)."""
    t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0) * (len(_VIRIDIS) - 1)
    k = np.minimum(t.astype(int), len(_VIRIDIS) - 2)
    f = (t - k)[..., None]
    rgb = np.rint(_VIRIDIS[k] * (1 - f) + _VIRIDIS[k + 1] * f).astype(int)
    return ["#%02x%02x%02x" % tuple(c) for c in rgb.reshape(-1, 3)]


def _minus(text):
    """A typographic minus sign in labels."""
    return text.replace("-", "\u2212")


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _label(value, step=None):
    """A short number for a tick: rounded one digit finer than the tick step, with a true minus sign."""
    if step is not None:
        digits = max(0, -int(math.floor(math.log10(step) + 1e-9)))
        value = round(value, digits + 1)
    if value == 0:
        return "0"
    return _minus(f"{value:g}")


class _Scale:
    """A data interval [lo, hi] mapped onto a pixel interval [a, b], linear or log10."""

    def __init__(self, lo, hi, a, b, log=False):
        self.log, self.a, self.b = log, a, b
        self.lo, self.hi = (math.log10(lo), math.log10(hi)) if log else (float(lo), float(hi))

    def __call__(self, v):
        v = np.asarray(v, dtype=np.float64)
        if self.log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
        return self.a + (v - self.lo) * (self.b - self.a) / (self.hi - self.lo)

    def ticks(self):
        """(value, label) pairs: decades on a log scale, 1-2-5 steps on a linear one."""
        if self.log:
            first, last = math.ceil(self.lo - 1e-9), math.floor(self.hi + 1e-9)
            every = max(1, math.ceil((last - first + 1) / 7))
            return [(10.0 ** k, "10" + str(k).translate(_SUPERSCRIPT) if k not in (0, 1) else str(10 ** k))
                    for k in range(first, last + 1) if k % every == 0]
        raw = (self.hi - self.lo) / 5
        base = 10.0 ** math.floor(math.log10(raw))
        step = next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw * 0.99)
        start = math.ceil(self.lo / step - 1e-9)
        values = [k * step for k in range(start, int(math.floor(self.hi / step + 1e-9)) + 1)]
        return [(v, _label(v, step)) for v in values]


def _clip_segment(x0, y0, x1, y1, box):
    """Liang-Barsky: the part of a segment inside box (left, top, right, bottom), or None."""
    left, top, right, bottom = box
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return None
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    if t0 > t1:
        return None
    return (x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)


def _runs(px, py, box):
    """A polyline as runs of [x, y] points inside box; gaps where points are missing or outside."""
    px, py = np.asarray(px, dtype=np.float64), np.asarray(py, dtype=np.float64)
    left, top, right, bottom = box
    ok = np.isfinite(px) & np.isfinite(py)
    inside = ok & (px >= left - 1e-6) & (px <= right + 1e-6) & (py >= top - 1e-6) & (py <= bottom + 1e-6)
    if inside.all():  # the usual case, no clipping needed
        return [np.round(np.column_stack([px, py]), 1).tolist()]
    runs, current = [], []
    for k in range(len(px) - 1):
        seg = _clip_segment(px[k], py[k], px[k + 1], py[k + 1], box) if ok[k] and ok[k + 1] else None
        if seg is None:
            if len(current) > 1:
                runs.append(current)
            current = []
            continue
        a, b = [round(seg[0], 1), round(seg[1], 1)], [round(seg[2], 1), round(seg[3], 1)]
        if not current or current[-1] != a:
            if len(current) > 1:
                runs.append(current)
            current = [a]
        current.append(b)
    if len(current) > 1:
        runs.append(current)
    return runs


def _contour_segments(Z, xs, ys, level):
    """Marching squares on Z[a, b] sampled at (xs[a], ys[b]): segments (x0, y0, x1, y1) of Z = level."""
    above = Z >= level
    with np.errstate(divide="ignore", invalid="ignore"):
        # Crossings on edges along axis 1 (fixed a) and along axis 0 (fixed b).
        t1 = (level - Z[:, :-1]) / (Z[:, 1:] - Z[:, :-1])
        t0 = (level - Z[:-1, :]) / (Z[1:, :] - Z[:-1, :])
    cross1 = above[:, :-1] != above[:, 1:]
    cross0 = above[:-1, :] != above[1:, :]
    X1 = np.broadcast_to(xs[:, None], t1.shape)
    Y1 = ys[None, :-1] + t1 * np.diff(ys)[None, :]
    X0 = xs[:-1, None] + t0 * np.diff(xs)[:, None]
    Y0 = np.broadcast_to(ys[None, :], t0.shape)
    # Each cell (a, b) has four edges: two along axis 1 (rows a, a+1), two along axis 0.
    flags = np.stack([cross1[:-1], cross1[1:], cross0[:, :-1], cross0[:, 1:]], axis=-1)
    px = np.stack([X1[:-1], X1[1:], X0[:, :-1], X0[:, 1:]], axis=-1)
    py = np.stack([Y1[:-1], Y1[1:], Y0[:, :-1], Y0[:, 1:]], axis=-1)
    count = flags.sum(axis=-1)
    segments = []
    two = count == 2
    if two.any():
        order = np.argsort(~flags[two], axis=-1, kind="stable")[:, :2]
        fx, fy = px[two], py[two]
        rows = np.arange(len(order))
        segments.append(np.column_stack([fx[rows, order[:, 0]], fy[rows, order[:, 0]],
                                         fx[rows, order[:, 1]], fy[rows, order[:, 1]]]))
    four = count == 4
    if four.any():  # a saddle cell: either pairing is a valid contour
        fx, fy = px[four], py[four]
        segments.append(np.column_stack([fx[:, 0], fy[:, 0], fx[:, 2], fy[:, 2]]))
        segments.append(np.column_stack([fx[:, 1], fy[:, 1], fx[:, 3], fy[:, 3]]))
    return np.concatenate(segments) if segments else np.zeros((0, 4))


class Figure:
    """One chart, built in data coordinates and laid out by data() into viewBox coordinates."""

    def __init__(self, fid, title, caption, x_label, y_label, x_range, y_range, *,
                 x_log=False, y_log=False, width=440, height=270, plot_size=None, colorbar=None):
        self.fid, self.title, self.caption = fid, title, caption
        self.x_label, self.y_label = x_label, y_label
        self.x_range, self.y_range, self.x_log, self.y_log = x_range, y_range, x_log, y_log
        self.width, self.height, self.plot_size = width, height, plot_size
        self.colorbar = colorbar   # (label, [(fraction of the bar, tick label)]) for heatmaps
        self.x_ticks = self.y_ticks = None   # None: automatic; else [(value, label)]
        self.layers = {"cells": [], "segments": [], "lines": [], "bars": [], "arrows": [],
                       "dots": [], "texts": []}
        self.legend_items = []

    # -- building, in data coordinates ------------------------------------------------
    def line(self, xs, ys, color, label=None, dash=False, width=2.0):
        self.layers["lines"].append((np.asarray(xs, float), np.asarray(ys, float), color, dash, width))
        if label:
            self.legend(label, color, "dash" if dash else "line")

    def grid_cells(self, xs, ys, colors, opacity=1.0):
        """Cells centred on an even grid: colors[a][b] fills the cell at (xs[a], ys[b])."""
        self.layers["cells"].append((np.asarray(xs, float), np.asarray(ys, float), colors, opacity))

    def segments(self, segs, color, width=1.0, opacity=1.0, dash=False):
        self.layers["segments"].append((np.asarray(segs, float).reshape(-1, 4), color, width, opacity, dash))

    def contours(self, Z, xs, ys, levels, color="#ffffff", width=0.8, opacity=0.7):
        segs = [_contour_segments(Z, np.asarray(xs, float), np.asarray(ys, float), L) for L in levels]
        self.segments(np.concatenate(segs) if segs else np.zeros((0, 4)), color, width, opacity)

    def bar(self, x0, x1, y0, y1, color):
        self.layers["bars"].append((x0, x1, y0, y1, color))

    def arrow(self, x0, y0, x1, y1, color, width=2.2):
        self.layers["arrows"].append((x0, y0, x1, y1, color, width))

    def dot(self, x, y, color, r=3.0, stroke="#ffffff"):
        self.layers["dots"].append((x, y, color, r, stroke))

    def text(self, x, y, text, anchor="start", color=INK, frame="data", size=FONT, weight="normal"):
        """frame "data": x, y in data units; "plot": fractions of the plot area (0,0 top left)."""
        self.layers["texts"].append((x, y, text, anchor, color, frame, size, weight))

    def legend(self, label, color, kind="line"):
        self.legend_items.append((label, color, kind))

    # -- layout -------------------------------------------------------------------------
    def _legend_layout(self, left, right):
        rows, x, row = [], left, 0
        for label, color, kind in self.legend_items:
            w = 22 + text_width(label) + 12
            if x + w > right and x > left:
                x, row = left, row + 1
            rows.append({"x": round(x, 1), "row": row, "label": label, "color": color, "kind": kind})
            x += w
        return rows, (row + 1 if rows else 0)

    def data(self):
        """The figure as plain data in viewBox coordinates."""
        left = 62 if self.y_label else 40
        right_margin = 92 if self.colorbar else 14
        legend, n_rows = self._legend_layout(left, self.width - right_margin)
        top, bottom, right = 12 + 15 * n_rows, self.height - 44, self.width - right_margin
        if self.plot_size:   # a fixed plot size (square heatmaps), centred horizontally
            pw, ph = self.plot_size
            left = max(left, (self.width - right_margin - pw + left) / 2)
            right, bottom = left + pw, top + ph
        box = (left, top, right, bottom)
        sx = _Scale(*self.x_range, left, right, self.x_log)
        sy = _Scale(*self.y_range, bottom, top, self.y_log)
        x_ticks = [(float(sx(v)), t) for v, t in (sx.ticks() if self.x_ticks is None else self.x_ticks)]
        y_ticks = [(float(sy(v)), t) for v, t in (sy.ticks() if self.y_ticks is None else self.y_ticks)]
        return {
            "id": self.fid, "title": self.title, "caption": self.caption,
            "width": self.width, "height": self.height,
            "plot": {"left": _r(left), "top": _r(top), "right": _r(right), "bottom": _r(bottom),
                     "width": _r(right - left), "height": _r(bottom - top)},
            "x_label": {"text": self.x_label, "x": _r((left + right) / 2), "y": _r(bottom + 34)},
            "y_label": {"text": self.y_label, "x": _r(left - 46), "y": _r((top + bottom) / 2)},
            "legend": [{**item, "y": _r(12 + 15 * item["row"])} for item in legend],
            "x_ticks": [{"at": _r(at), "label": t} for at, t in x_ticks if left - 0.5 <= at <= right + 0.5],
            "y_ticks": [{"at": _r(at), "label": t} for at, t in y_ticks if top - 0.5 <= at <= bottom + 0.5],
            "cells": self._cells(sx, sy),
            "segments": [{"lines": _segment_coords(sx, sy, g), "stroke": color, "width": width,
                          "opacity": opacity, "dash": dash}
                         for g, color, width, opacity, dash in self.layers["segments"] if len(g)],
            "lines": [{"runs": _runs(sx(xs), sy(ys), box), "stroke": color, "dash": dash, "width": width}
                      for xs, ys, color, dash, width in self.layers["lines"]],
            "bars": [self._bar(sx, sy, *bar) for bar in self.layers["bars"]],
            "arrows": [self._arrow(sx, sy, *arrow) for arrow in self.layers["arrows"]],
            "dots": [{"x": _r(sx(x)), "y": _r(sy(y)), "fill": color, "r": rad, "stroke": stroke}
                     for x, y, color, rad, stroke in self.layers["dots"]],
            "texts": [self._text(sx, sy, box, *text) for text in self.layers["texts"]],
            "colorbar": self._colorbar(box) if self.colorbar else None,
        }

    def _cells(self, sx, sy):
        """Grid cells as rects; neighbouring cells of one colour in a row become one rect."""
        cells = []
        for xs, ys, colors, opacity in self.layers["cells"]:
            hx, hy = (xs[1] - xs[0]) / 2, (ys[1] - ys[0]) / 2
            x0, x1 = np.round(sx(xs - hx), 1).tolist(), np.round(sx(xs + hx), 1).tolist()
            y0, y1 = np.round(sy(ys + hy), 1).tolist(), np.round(sy(ys - hy), 1).tolist()   # y grows down
            for b in range(len(ys)):
                a = 0
                while a < len(xs):
                    end = a
                    while end + 1 < len(xs) and colors[end + 1][b] == colors[a][b]:
                        end += 1
                    if colors[a][b]:   # 0.3 of overlap hides hairline seams between rects
                        cells.append({"x": x0[a], "y": y0[b], "w": _r(x1[end] - x0[a] + 0.3),
                                      "h": _r(y1[b] - y0[b] + 0.3), "fill": colors[a][b], "opacity": opacity})
                    a = end + 1
        return cells

    @staticmethod
    def _bar(sx, sy, x0, x1, y0, y1, color):
        px0, px1 = sorted((float(sx(x0)), float(sx(x1))))
        py0, py1 = sorted((float(sy(y0)), float(sy(y1))))
        return {"x": _r(px0), "y": _r(py0), "w": _r(px1 - px0), "h": _r(max(py1 - py0, 0.6)), "fill": color}

    @staticmethod
    def _arrow(sx, sy, x0, y0, x1, y1, color, width):
        """A shaft that stops at the base of a triangular head whose tip is (x1, y1)."""
        a, b, c, d = float(sx(x0)), float(sy(y0)), float(sx(x1)), float(sy(y1))
        length = math.hypot(c - a, d - b)
        ux, uy = (c - a) / length, (d - b) / length
        head = 4.0 * width
        bx, by = c - ux * head, d - uy * head
        return {"x1": _r(a), "y1": _r(b), "x2": _r(bx), "y2": _r(by), "stroke": color, "width": width,
                "head": [[_r(c), _r(d)], [_r(bx - uy * head / 2), _r(by + ux * head / 2)],
                         [_r(bx + uy * head / 2), _r(by - ux * head / 2)]]}

    @staticmethod
    def _text(sx, sy, box, x, y, text, anchor, color, frame, size, weight):
        left, top, right, bottom = box
        if frame == "plot":
            px, py = left + x * (right - left), top + y * (bottom - top)
        else:
            px, py = float(sx(x)), float(sy(y))
        return {"x": _r(px), "y": _r(py), "text": text, "anchor": anchor, "fill": color,
                "size": size, "weight": weight}

    def _colorbar(self, box):
        left, top, right, bottom = box
        label, ticks = self.colorbar
        bx, bw, bh = right + 16, 12, (bottom - top) / BANDS
        return {"cells": [{"x": _r(bx), "y": _r(bottom - (k + 1) * bh), "w": bw, "h": _r(bh + 0.3), "fill": c}
                          for k, c in enumerate(_PALETTE)],
                "x": _r(bx), "top": _r(top), "bottom": _r(bottom), "w": bw, "label": label,
                "ticks": [{"y": _r(bottom - f * (bottom - top)), "label": t} for f, t in ticks]}


def _r(v):
    """A viewBox coordinate: one decimal is finer than a pixel."""
    return round(float(v), 1)


def _segment_coords(sx, sy, segs):
    """Rows (x0, y0, x1, y1) in data units -> viewBox units."""
    return np.round(np.column_stack([sx(segs[:, 0]), sy(segs[:, 1]), sx(segs[:, 2]), sy(segs[:, 3])]), 1).tolist()


_PALETTE = np.array(viridis((np.arange(BANDS) + 0.5) / BANDS), dtype=object)


def colour_scale(Z, label, rank=False):
    """(colours of Z in BANDS viridis steps, the colour bar's (label, ticks)).

    rank=True gives every step the same number of grid points (steps at quantiles), so a
    few steep corners do not leave the rest of the map in one colour; a strictly
    increasing transform of Z then gives exactly the same picture; the caller's `label` then
    says so ("loss (quantiles)"), in its language."""
    Z = np.asarray(Z, float)
    lo, hi = float(Z.min()), float(Z.max())
    if rank:
        edges = np.quantile(Z, np.linspace(0, 1, BANDS + 1))
        band = np.searchsorted(edges[1:-1], Z, side="right")
        ticks = [(f, fmt(float(np.quantile(Z, f)), 3)) for f in (0.0, 0.5, 1.0)]
    else:
        band = np.floor((Z - lo) / (hi - lo if hi > lo else 1.0) * BANDS)
        ticks = [(f, _label(lo + f * (hi - lo), (hi - lo) / 4)) for f in (0.0, 0.5, 1.0)]
    band = np.clip(band, 0, BANDS - 1).astype(int)
    return _PALETTE[band].tolist(), (label, ticks)


def fmt(v, digits=2):
    return _minus(f"{v:.{digits}g}")


# A square plot area with room for a colour bar: heatmaps of two weights.
SQUARE = {"width": 410, "height": 330, "plot_size": (250, 250)}


def padded(*arrays, pad=0.12):
    """Axis limits holding every value of `arrays`, with `pad` of the range added on each side."""
    lo = min(float(np.min(a)) for a in arrays)
    hi = max(float(np.max(a)) for a in arrays)
    return lo - pad * (hi - lo), hi + pad * (hi - lo)
