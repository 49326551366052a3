"""Run notebooks top to bottom and save them with outputs (what ``make notebooks`` does).

Notebooks are stored with their outputs so nbval can compare a fresh run against them. This
module re-executes them in their own folder, with a fixed kernel, and writes them back
atomically only when every cell ran.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from kit.errors import ReportError
from kit.paths import NOTEBOOKS_DIR, atomic_write_text, display_path

KERNEL = "python3"


def execute(path: Path, *, timeout: int = 600, cwd: Path | None = None) -> nbformat.NotebookNode:
    """Execute a notebook (in its own folder unless ``cwd`` is given) and return it with outputs."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        # Widget state would make exported HTML load the widget manager from a CDN (blank offline);
        # widgets are rebuilt by running the notebook, so stored state is only weight.
        store_widget_state=False,
        # No per-cell timestamps: stored notebooks change only when their outputs do.
        record_timing=False,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()
        first = text.splitlines()[-1] if text else type(exc).__name__
        raise ReportError(display_path(path), f"a cell failed: {first}") from None
    return coalesce_streams(nb)


def coalesce_streams(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Join each cell's consecutive stdout (or stderr) chunks into one output, as a reader sees them.

    How a kernel splits printed text into messages depends on timing; joined, a stored notebook
    changes only when what it prints does.
    """
    for cell in nb.cells:
        outputs = cell.get("outputs")
        if not outputs:
            continue
        merged: list = []
        for out in outputs:
            prev = merged[-1] if merged else None
            if (out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream"
                    and prev.get("name") == out.get("name")):
                prev["text"] = "".join(prev["text"]) + "".join(out["text"])
            else:
                merged.append(out)
        cell["outputs"] = merged
    return nb


def refresh(paths: list[Path], *, timeout: int = 600) -> None:
    """Re-execute notebooks in place, saving each only if it ran to the end."""
    for path in paths:
        print(f"running {display_path(path)} ...", file=sys.stderr, flush=True)
        nb = execute(path, timeout=timeout)
        atomic_write_text(path, nbformat.writes(nb) + "\n")


def main(argv: list[str] | None = None) -> int:
    """``python -m kit.notebooks [NB ...]``: refresh the given notebooks (default: all)."""
    args = argv if argv is not None else sys.argv[1:]
    from kit.course.keypoints import numbered_notebooks

    paths = [Path(a) for a in args] or numbered_notebooks(NOTEBOOKS_DIR)
    try:
        refresh(paths)
    except ReportError as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
