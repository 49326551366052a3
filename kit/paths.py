"""Where the kit's files live, and how to show a path without leaking the machine's layout."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the kit is installed in editable mode, so data/ sits beside kit/).
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
NOTEBOOKS_DIR = ROOT / "notebooks"
LESSONS_DIR = ROOT / "lessons"
#: The article the course is built around.
BUNDLED_ARTICLE = RAW_DIR / "s400_f35_article.txt"


def data_path(*parts: str) -> Path:
    """Path of a file under data/, e.g. ``data_path("entities.csv")``."""
    return DATA_DIR.joinpath(*parts)


def display_path(path: str | os.PathLike[str]) -> str:
    """A short, machine-independent name for a path: relative to the repo or the cwd if possible.

    Used in error messages and notebook outputs so stored outputs never hold ``/home/...``.
    """
    try:
        p = Path(path)
    except TypeError:
        return repr(path)
    try:
        resolved = p.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a symlink loop (Python < 3.13)
        return str(p)
    for base in (ROOT, Path.cwd()):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return str(p)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    Readers never see a half-written file, and a crash leaves the old file (or none) in place.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Text version of :func:`atomic_write_bytes` (UTF-8, ``\\n`` line endings)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def code_fingerprint() -> str:
    """One hash over the kit's code and templates and the curated data (``kit/**``, ``data/**/*.csv|json``).

    Reports and corpus chunks made before a change to any of these are stale, even when the
    version number did not move: a fixed claim or a new gazetteer alias changes the tables.
    """
    import hashlib

    package = ROOT / "kit"
    files = sorted([*package.rglob("*.py"), *package.rglob("*.j2"), *DATA_DIR.rglob("*.csv"),
                    *DATA_DIR.rglob("*.json")])
    digest = hashlib.sha256()
    for f in files:
        if "__pycache__" in f.parts:
            continue
        digest.update(f.relative_to(ROOT).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()
