"""Every palette of the kit stays distinguishable for colour-blind readers, and its text stays readable.

Colour is never the only cue in the kit (the words go beside every mark), but a palette whose colours
merge for one reader in twelve is still a bad palette. For each palette in :mod:`kit.labels` and
:mod:`kit.charts`, this test simulates how each colour looks with full deuteranopia, protanopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 1.0, applied in linear sRGB, as colorspacious
does), and measures every pair with CIEDE2000 (Sharma, Wu & Dalal 2005). Each pair must stay at least
:data:`MIN_DELTA_E` apart under normal vision and under each simulation. Text colours must also keep a
WCAG contrast of 4.5:1 against white.

The maths is here, with numpy only, so the test needs no extra package; when colorspacious is installed
a further test checks the simulation against it.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from kit.charts import claims, corpus, timeline, tradeoffs
from kit.labels import ENTITY, SOURCE, SOURCING

#: The smallest CIEDE2000 difference allowed between two colours of one palette, for every kind of vision.
MIN_DELTA_E = 10.0
#: WCAG 2 contrast for normal-size text.
MIN_TEXT_CONTRAST = 4.5

#: Machado et al. (2009), severity 1.0: linear-RGB matrices that simulate each dichromacy.
MACHADO = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
VISIONS = ("normal", *MACHADO)

# --- colour maths ----------------------------------------------------------------------------------


def hex_to_rgb(colour: str) -> np.ndarray:
    """'#1a4d8f' or '#777' -> sRGB in 0-1."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255


def to_linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def from_linear(lin: np.ndarray) -> np.ndarray:
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)


def simulate(rgb: np.ndarray, vision: str) -> np.ndarray:
    """sRGB (0-1) as seen with ``vision`` ('normal' returns it unchanged)."""
    if vision == "normal":
        return rgb
    return from_linear(MACHADO[vision] @ to_linear(rgb))


_SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                         [0.2126729, 0.7151522, 0.0721750],
                         [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _SRGB_TO_XYZ @ np.ones(3)


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (0-1) -> CIELAB (D65)."""
    xyz = (_SRGB_TO_XYZ @ to_linear(rgb)) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu & Dalal (2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360 if c2p else 0.0
    dLp, dCp = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dHp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp / 2))
    Lp_bar, Cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    else:
        hp_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(hp_bar - 30)) + 0.24 * np.cos(np.radians(2 * hp_bar))
         + 0.32 * np.cos(np.radians(3 * hp_bar + 6)) - 0.20 * np.cos(np.radians(4 * hp_bar - 63)))
    d_theta = 30 * np.exp(-(((hp_bar - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(Cp_bar ** 7 / (Cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (Lp_bar - 50) ** 2 / np.sqrt(20 + (Lp_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * Cp_bar, 1 + 0.015 * Cp_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(np.sqrt((dLp / s_l) ** 2 + (dCp / s_c) ** 2 + (dHp / s_h) ** 2
                         + r_t * (dCp / s_c) * (dHp / s_h)))


def delta_e(c1: str, c2: str, vision: str = "normal") -> float:
    """CIEDE2000 between two hex colours, both as seen with ``vision``."""
    return ciede2000(to_lab(simulate(hex_to_rgb(c1), vision)), to_lab(simulate(hex_to_rgb(c2), vision)))


def contrast(fg: str, bg: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio."""
    lum = [float(np.array([0.2126, 0.7152, 0.0722]) @ to_linear(hex_to_rgb(c))) for c in (fg, bg)]
    hi, lo = max(lum), min(lum)
    return (hi + 0.05) / (lo + 0.05)


def min_distances(colours: dict[str, str]) -> dict[str, tuple[float, str, str]]:
    """For each vision: the smallest pairwise difference in the palette and the pair that has it."""
    out = {}
    for vision in VISIONS:
        out[vision] = min((delta_e(colours[a], colours[b], vision), a, b) for a, b in combinations(colours, 2))
    return out


# --- the palettes ----------------------------------------------------------------------------------

def _distinct(labels: dict) -> dict[str, str]:
    """One entry per colour (several codes may share one, as the named source types do)."""
    seen: dict[str, str] = {}
    for code, lab in labels.items():
        seen.setdefault(lab.color.lower(), code)
    return {code: colour for colour, code in seen.items()}


PALETTES: dict[str, dict[str, str]] = {
    "sourcing (kit.labels.SOURCING)": {k: v.color for k, v in SOURCING.items()},
    "source types (kit.labels.SOURCE)": _distinct(SOURCE),
    "entity labels (kit.labels.ENTITY)": {k: v.color for k, v in ENTITY.items()},
    "claim verdicts (kit.charts.claims)": dict(claims.VERDICT_COLOURS),
    "record lanes (kit.charts.timeline)": {"article": timeline.ARTICLE_COLOR, **timeline.CATEGORY_COLORS},
    "article vs record (kit.charts.timeline)": dict(timeline.SIDE_COLORS),
    "timeline spec kinds (kit.charts.timeline)": dict(zip(("article", "record"), timeline.KIND_COLORS, strict=True)),
    "leader vs others (kit.charts.tradeoffs)": {"top": tradeoffs.TOP, "other": tradeoffs.OTHER},
    "break-even directions (kit.charts.tradeoffs)": {"increase": tradeoffs.UP, "decrease": tradeoffs.DOWN},
    "criteria (kit.charts.tradeoffs)": dict(enumerate(tradeoffs.CRITERION_COLORS)),
    "corpus sourcing (kit.charts.corpus)": dict(corpus.SOURCE_COLORS),
    "co-mention network (kit.charts.corpus)": {"edge": corpus.EDGE_COLOR, "node": corpus.NODE_COLOR},
}

#: Colours the kit draws text in, on a white page.
TEXT_COLOURS: dict[str, str] = {
    **{f"entity label {k}": v.color for k, v in ENTITY.items()},
    "break-even 'increase' labels": tradeoffs.UP,
    "break-even 'decrease' labels": tradeoffs.DOWN,
    "break-even notes": tradeoffs.NOTE_COLOR,
    "contradicted claim labels": timeline.CONTRADICTED_COLOR,
}


def _ids(mapping: dict) -> list:
    return [pytest.param(name, id=name) for name in mapping]


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", _ids(PALETTES))
def test_palette_colours_stay_apart(name, vision):
    colours = PALETTES[name]
    assert len(colours) >= 2
    too_close = [(a, b, round(delta_e(colours[a], colours[b], vision), 1))
                 for a, b in combinations(colours, 2) if delta_e(colours[a], colours[b], vision) < MIN_DELTA_E]
    assert not too_close, f"{name}, {vision}: pairs closer than ΔE2000 {MIN_DELTA_E}: {too_close}"


@pytest.mark.parametrize("name", _ids(TEXT_COLOURS))
def test_text_colours_are_readable_on_white(name):
    assert contrast(TEXT_COLOURS[name]) >= MIN_TEXT_CONTRAST, f"{name}: {contrast(TEXT_COLOURS[name]):.2f}:1"


@pytest.mark.parametrize("code", list(ENTITY))
def test_entity_label_text_is_readable_on_its_highlight(code):
    lab = ENTITY[code]
    assert contrast(lab.color, lab.background) >= MIN_TEXT_CONTRAST, f"{code}: {lab.color} on {lab.background}"


def test_sourcing_palette_is_the_one_the_kit_documents():
    assert {k: v.color for k, v in SOURCING.items()} == {
        "named": "#1a4d8f", "anonymous": "#c05a00", "unattributed": "#8c8c8c"}
    for code, lab in SOURCE.items():
        group = "named" if code.startswith(("named", "media")) else "anonymous" if "anonymous" in code else code
        assert lab.color == SOURCING[group].color, code


# --- the maths itself ------------------------------------------------------------------------------

#: Pairs from Sharma, Wu & Dalal (2005), table 1: (Lab 1, Lab 2, CIEDE2000).
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)


def test_lab_and_contrast_of_known_colours():
    assert to_lab(hex_to_rgb("#ffffff")) == pytest.approx([100, 0, 0], abs=1e-3)
    assert to_lab(hex_to_rgb("#ff0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)
    assert contrast("#000000") == pytest.approx(21)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)


def test_simulation_agrees_with_colorspacious():
    cs = pytest.importorskip("colorspacious")
    names = {"deuteranopia": "deuteranomaly", "protanopia": "protanomaly", "tritanopia": "tritanomaly"}
    for vision, cvd_type in names.items():
        space = {"name": "sRGB1+CVD", "cvd_type": cvd_type, "severity": 100}
        for colour in ("#1a4d8f", "#c05a00", "#8c8c8c", "#a4133c", "#2f6b1f"):
            theirs = np.clip(cs.cspace_convert(hex_to_rgb(colour), space, "sRGB1"), 0, 1)
            assert simulate(hex_to_rgb(colour), vision) == pytest.approx(theirs, abs=2e-3), (vision, colour)
