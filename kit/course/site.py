"""The course as a static website, built offline from lessons/ and the stored notebooks (what ``make site`` does).

Sphinx with myst-nb renders the Markdown pages and the notebooks *with their saved outputs* (never
re-executed: ``nb_execution_mode = "off"``). Two sites come out of one builder:

* ``build/site/`` — the instructor site: syllabus, each lesson plan with its notebook (solutions and
  outputs included), glossary, keypoints, instructor guide and search;
* ``build/site-student/`` — the student site, from :func:`kit.course.student.build_student_edition`
  (solutions stripped, outputs cleared): the notebooks, a learner's syllabus, glossary, keypoints, search.
  Lesson plans and the instructor guide hold answers, so they are left out and links to them rewritten.

Nothing is fetched while building or reading the site: the theme is Sphinx's bundled alabaster, no
MathJax, no require.js or widget manager from a CDN; charts are the notebooks' inline SVG.

Each build happens in a temporary folder under ``build/`` and replaces the output folder only once
``sphinx-build`` has succeeded, so a failed build leaves the previous site in place.

    python -m kit.course.site            # both sites
    python -m kit.course.site --student  # the student site only
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kit.errors import InputError, KitError, ReportError
from kit.paths import LESSONS_DIR, NOTEBOOKS_DIR, ROOT, atomic_write_text, display_path

BUILD_DIR = ROOT / "build"
INSTRUCTOR_OUT = BUILD_DIR / "site"
STUDENT_OUT = BUILD_DIR / "site-student"
TITLE = "From one news article to data"
#: Pages every site has, from lessons/ (the lesson plans and the instructor guide only in the instructor site).
REFERENCE_PAGES = ("glossary", "keypoints")
_LESSON = re.compile(r"^([0-9]{2}[a-z]?)_[\w-]+\.md$")
#: A Markdown link ``[text](target)`` (no nested brackets: enough for the course's pages).
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")

CONF_PY = '''\
# Written by kit.course.site: do not edit (the next build overwrites it).
project = {short!r}
author = "the kit"
copyright = "the kit's authors"
extensions = ["myst_nb", "kit.course.site"]  # kit.course.site: charts as inline SVG
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
suppress_warnings = ["myst.header"]

# Notebooks are shown as stored, outputs included: never executed here.
nb_execution_mode = "off"
nb_merge_streams = True
# myst-nb would add require.js and the widget manager from a CDN to pages with widget state: never.
nb_ipywidgets_js = {{}}
# Lessons link glossary terms as glossary.md#term: make every heading up to ### an anchor.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

html_theme = "alabaster"
html_title = {title!r}
html_short_title = {short!r}
html_theme_options = {{
    "page_width": "1180px",
    "sidebar_width": "250px",
    "description": {description!r},
    "show_relbars": True,
    "show_powered_by": False,
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
    "head_font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
    "code_font_family": "'DejaVu Sans Mono', Menlo, Consolas, monospace",
}}
html_sidebars = {{"**": ["about.html", "searchfield.html", "navigation.html", "relations.html"]}}
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["kit.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
# Sphinx adds MathJax (from a CDN) only to pages with math; these pages have none, and
# tests/test_site.py fails if any page asks for anything outside file://.
'''

CSS = """\
/* Written by kit.course.site. Notebook outputs are wide: let them scroll rather than spill. */
div.body { max-width: none; }
div.cell_output, div.output { overflow-x: auto; }
div.cell_output table, div.body table.dataframe { font-size: 0.85em; border-collapse: collapse; }
div.cell_output table td, div.cell_output table th { padding: 2px 6px; border-bottom: 1px solid #ddd; }
div.cell_output img, div.cell_output svg { max-width: 100%; height: auto; }
div.cell_input { border-left: 3px solid #8fb4d9; margin: 0.6em 0; }
div.cell_output { border-left: 3px solid #ddd; padding-left: 4px; }
div.body table.docutils { border-collapse: collapse; }
div.body table.docutils td, div.body table.docutils th { padding: 3px 8px; border: 1px solid #ccc; }
div.sphinxsidebarwrapper h1.logo { font-size: 1.5em; line-height: 1.2; }
div.sphinxsidebarwrapper p.blurb { font-weight: bold; color: #7a4b00; }
p.kit-widget-note { font-style: italic; color: #555; border: 1px dashed #aaa; padding: 0.4em 0.7em; }
p.kit-edition { background: #f3f6fa; border: 1px solid #c8d6e5; padding: 0.5em 0.8em; }
"""


_HEADING_ANCHOR = re.compile(r'^(#{1,6}) <a id="([^"]+)"></a>(.*)$', re.MULTILINE)


def plain_headings(text: str) -> str:
    """Take the HTML anchors out of Markdown headings (``## <a id="caatsa"></a>CAATSA``).

    The glossary puts them there for JupyterLab; in the site the heading already has that id, and the
    raw HTML would show in the navigation and in search results. An anchor that is not the heading's
    own slug (lower case, spaces to hyphens) moves to a line of its own above the heading.
    """

    def fix(m: re.Match[str]) -> str:
        hashes, ident, title = m.groups()
        if re.sub(r"\s+", "-", title.strip().lower()) == ident:
            return f"{hashes} {title}"
        return f'<a id="{ident}"></a>\n\n{hashes} {title}'

    return _HEADING_ANCHOR.sub(fix, text)


def _tidy_pages(folder: Path) -> None:
    for page in sorted(folder.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        tidy = plain_headings(text)
        if tidy != text:
            page.write_text(tidy, encoding="utf-8")


def _lesson_plans(lessons: Path) -> list[Path]:
    return sorted(p for p in lessons.iterdir() if _LESSON.match(p.name))


def _notebooks(notebooks: Path) -> list[Path]:
    from kit.course.keypoints import numbered_notebooks

    return numbered_notebooks(notebooks)


def _prefix(name: str) -> str:
    """The course number of a lesson plan or notebook: '00b' for 00b_python_and_pandas.ipynb."""
    return name.split("_", 1)[0]


#: The sidebar lists pages only (a lesson plan, then its notebook), not every section of every page.
NAVIGATION_HTML = """\
<h3>{{ _('Navigation') }}</h3>
{{ toctree(includehidden=True, collapse=True, titles_only=True, maxdepth=3) }}
"""


def _toctree(caption: str, entries: list[str], *, maxdepth: int = 2, hidden: bool = False) -> str:
    opts = [f":caption: {caption}"] if caption else []
    opts += [f":maxdepth: {maxdepth}", ":titlesonly:"]
    if hidden:
        opts.append(":hidden:")
    return "```{toctree}\n" + "\n".join(opts) + "\n\n" + "\n".join(entries) + "\n```\n"


def _outside_links(text: str, page_dir: Path, site_dirs: tuple[Path, ...]) -> set[Path]:
    """Files a page links to that sit in the repository but outside the folders copied into the site."""
    found = set()
    for _, target in _LINK.findall(text):
        path = target.split("#", 1)[0]
        if not path or "://" in path or path.startswith(("mailto:", "/")):
            continue
        full = (page_dir / path).resolve()
        if full.is_file() and not any(full.is_relative_to(d.resolve()) for d in site_dirs):
            try:
                full.relative_to(ROOT)
            except ValueError:
                continue
            found.add(full)
    return found


def _copy_linked_files(src: Path, pages: list[tuple[str, Path]]) -> None:
    """Copy repository files the pages link to (``../data/rating_scale.csv``) so the links resolve.

    MyST turns a link to a non-document file into a download link; the file must exist in the source.
    ``pages`` are (text, folder the page lives in, in the repository).
    """
    wanted: set[Path] = set()
    for text, page_dir in pages:
        wanted |= _outside_links(text, page_dir, (LESSONS_DIR, NOTEBOOKS_DIR))
    for full in sorted(wanted):
        target = src / full.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(full, target)


def _notebook_markdown(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _write_common(src: Path, title: str, description: str) -> None:
    atomic_write_text(src / "conf.py", CONF_PY.format(title=title, short=TITLE, description=description))
    atomic_write_text(src / "_static" / "kit.css", CSS)
    atomic_write_text(src / "_templates" / "navigation.html", NAVIGATION_HTML)


def instructor_source(src: Path, lessons: Path = LESSONS_DIR, notebooks: Path = NOTEBOOKS_DIR) -> Path:
    """Lay out the Sphinx source of the instructor site in ``src`` (an empty folder); return it."""
    shutil.copytree(lessons, src / "lessons")
    shutil.copytree(notebooks, src / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    plans = _lesson_plans(src / "lessons")
    nbs = _notebooks(src / "notebooks")
    if not plans or not nbs:
        raise InputError(display_path(lessons), "needs NN_*.md lesson plans and NN_*.ipynb notebooks")
    # Each lesson plan carries its notebook(s) as sub-pages, so the navigation reads plan -> notebook.
    for plan in plans:
        number = _prefix(plan.name)
        mine = [f"../notebooks/{nb.stem}" for nb in nbs if _prefix(nb.name) == number]
        if mine:
            text = plan.read_text(encoding="utf-8").rstrip("\n")
            plan.write_text(text + "\n\n" + _toctree("", mine, hidden=True), encoding="utf-8")
    pages = [(p.read_text(encoding="utf-8"), lessons) for p in sorted(lessons.glob("*.md"))]
    pages += [(_notebook_markdown(p), notebooks) for p in _notebooks(notebooks)]
    _copy_linked_files(src, pages)
    _tidy_pages(src / "lessons")
    listed = {"README", *REFERENCE_PAGES, *(p.stem for p in plans)}
    others = sorted(p.stem for p in (src / "lessons").glob("*.md") if p.stem not in listed)
    index = (
        f"# {TITLE}\n\n"
        '<p class="kit-edition"><strong>Instructor edition</strong>: lesson plans, notebooks with their '
        "solutions and stored outputs, and the instructor guide. Learners get the student edition "
        "(<code>build/site-student/</code>), which has no solutions.</p>\n\n"
        "A six-session course built around one real news article: entities, sources and claims, a "
        "sourced timeline, a model of alliance tradeoffs and a newsroom report. Start with the "
        "[syllabus](lessons/README.md); each lesson plan is followed by its notebook, rendered as "
        "stored with its outputs.\n\n"
        + _toctree("Course", ["Syllabus <lessons/README>"])
        + "\n"
        + _toctree("Lessons and notebooks", [f"lessons/{p.stem}" for p in plans])
        + "\n"
        + _toctree("Reference", [f"lessons/{n}" for n in (*REFERENCE_PAGES, *others)] + ["Search <search>"])
    )
    atomic_write_text(src / "index.md", index)
    _write_common(src, f"{TITLE} (instructor)", "Instructor edition: with solutions")
    return src


def student_source(src: Path, lessons: Path = LESSONS_DIR, notebooks: Path = NOTEBOOKS_DIR) -> Path:
    """Lay out the Sphinx source of the student site (the student edition) in ``src``; return it."""
    from kit.course.student import LEARNER_PAGES, SYLLABUS, build_student_edition

    # The student edition lays out the notebooks and, beside them in lessons/, the learner pages (a learner
    # syllabus, the quiz without answers, glossary, keypoints, rubric): the site renders exactly that.
    written = build_student_edition(src=notebooks, out=src / "notebooks", lessons=lessons)
    learner = src / "lessons"
    syllabus = learner / SYLLABUS
    pages = [(_notebook_markdown(p), notebooks) for p in written]
    pages += [(page.read_text(encoding="utf-8"), lessons) for page in sorted(learner.glob("*.md"))]
    _copy_linked_files(src, pages)
    _tidy_pages(src / "lessons")
    index = (
        f"# {TITLE}\n\n"
        '<p class="kit-edition"><strong>Student edition</strong>: the notebooks without their solutions '
        "and without outputs, as you get them to work through. Run them in JupyterLab.</p>\n\n"
        "A six-session course built around one real news article. Start with the "
        "[syllabus](lessons/README.md), then work through the notebooks in order; the glossary explains "
        "every term they use.\n\n"
        + (_toctree("Course", ["Syllabus <lessons/README>"]) + "\n" if syllabus.is_file() else "")
        + _toctree("Notebooks", [f"notebooks/{p.stem}" for p in written])
        + "\n"
        + _toctree("Reference", [f"lessons/{Path(n).stem}" for n in LEARNER_PAGES if (learner / n).is_file()]
                   + ["Search <search>"])
    )
    atomic_write_text(src / "index.md", index)
    _write_common(src, f"{TITLE} (student)", "Student edition: no solutions")
    return src


def sphinx_build(src: Path, html: Path, *, quiet: bool = True) -> None:
    """Run ``sphinx-build -b html`` with warnings as errors (a broken link must fail the build)."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-E", "-n"]
    if quiet:
        cmd.append("-q")
    cmd += [str(src), str(html), "-d", str(src / "_doctrees")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=src)
    if proc.returncode != 0:
        raise ReportError(display_path(src), "sphinx-build failed:\n" + (proc.stderr.strip() or proc.stdout))


def _replace_dir(new: Path, out: Path) -> None:
    """Put ``new`` at ``out`` (same file system), removing the old folder only after the swap."""
    from kit.report.folders import swap_into_place

    out.parent.mkdir(parents=True, exist_ok=True)
    swap_into_place(new, out)


def build_site(out: Path = INSTRUCTOR_OUT, *, student: bool = False) -> Path:
    """Build one site (the instructor site, or the student site with ``student=True``) into ``out``; return it."""
    out = Path(out)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-src-", dir=BUILD_DIR) as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (student_source if student else instructor_source)(src)
        with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as staging:
            html = Path(staging) / "html"
            sphinx_build(src, html)
            (html / ".buildinfo").unlink(missing_ok=True)
            _replace_dir(html, out)
    return out


def build_student_site(out: Path = STUDENT_OUT) -> Path:
    """Build the student site (no solutions) into ``out``; return it."""
    return build_site(out, student=True)


def build_all() -> list[Path]:
    """Both sites: ``build/site/`` and ``build/site-student/``."""
    return [build_site(), build_student_site()]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="kit-widget-note">An interactive widget goes here: it runs when you run the notebook in '
    "JupyterLab (or the app with Voila: <code>make app</code>), not on this static page.</p>"
)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_XML_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG file's text ready to sit inside an HTML page: no XML prolog, ids made unique with ``prefix``.

    Two charts on one page may both define ``gradient_0``; inline, the second would use the first's.
    """
    svg = _XML_PROLOG.sub("", svg, count=1)
    for ident in set(_SVG_ID.findall(svg)):
        new = f"{prefix}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{new})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{new}"')
    return svg


def _inline_svg_outputs(app, doctree, docname: str) -> None:
    """Sphinx ``doctree-read``-time transform: notebook SVG outputs become inline ``<svg>`` elements.

    myst-nb writes each image/svg+xml output to a file and shows it with ``<img>``, which drops the
    chart's ``role="img"`` and ``aria-label`` (the chart's description) and hides its text from search
    and from the browser's find. Inline, the chart is part of the page. Runs before images are collected.
    """
    from docutils import nodes

    count = 0
    for node in list(doctree.findall(nodes.image)):
        uri = node.get("uri", "")
        if not uri.endswith(".svg") or "jupyter_execute" not in uri:  # only notebook outputs
            continue
        # myst-nb gives the path relative to the source folder (with or without a leading "/").
        candidates = [Path(app.srcdir) / uri.lstrip("/"), app.env.doc2path(docname).parent / uri]
        path = next((p.resolve() for p in candidates if p.is_file()), None)
        if path is None:
            continue
        count += 1
        svg = inline_svg(path.read_text(encoding="utf-8"), f"chart{count}")
        node.replace_self(nodes.raw("", f'<div class="kit-chart">{svg}</div>', format="html"))


def setup(app):  # pragma: no cover - called by sphinx-build through conf.py
    """Sphinx extension hook (``extensions = [..., "kit.course.site"]``)."""
    from sphinx.transforms import SphinxTransform
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class InlineSvg(SphinxTransform):
        default_priority = 999  # after myst-nb has turned outputs into nodes

        def apply(self, **kwargs) -> None:
            _inline_svg_outputs(self.app, self.document, self.env.docname)

    class WidgetNote(SphinxPostTransform):
        """A widget output is an empty ``<script>`` on a static page: say where the widget works instead."""

        default_priority = 900  # after myst-nb has picked each output's MIME type for HTML
        formats = ("html",)

        def run(self, **kwargs) -> None:
            from docutils import nodes

            for node in list(self.document.findall(nodes.raw)):
                if WIDGET_VIEW in node.astext():
                    node.replace_self(nodes.raw("", WIDGET_NOTE, format="html"))

    app.add_transform(InlineSvg)
    app.add_post_transform(WidgetNote)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kit.course.site", description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--instructor", action="store_true", help="build only the instructor site")
    which.add_argument("--student", action="store_true", help="build only the student site")
    args = parser.parse_args(argv)
    jobs = [(False, INSTRUCTOR_OUT), (True, STUDENT_OUT)]
    if args.instructor:
        jobs = jobs[:1]
    elif args.student:
        jobs = jobs[1:]
    for student, out in jobs:
        start = time.perf_counter()
        try:
            build_site(out, student=student)
        except KitError as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(f"{display_path(out / 'index.html')} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
