"""Check the restored dev-set texts against the annotations, and write their metadata sidecars.

The dev set commits only what the team wrote: ``annotations/<id>.json`` (and ``manifest.json``). The
article texts are real pages found with the search tool, so they are restored by hand into ``texts/``
(git-ignored): search the ``pages`` corpus with the annotation's ``query``, take the result whose ``url``
matches, and save its ``excerpt`` exactly (UTF-8, no BOM, one final newline added) as ``texts/<id>.txt``.

    python bench/devset/restore.py --check      # which texts are missing or differ (exit 1 if any)
    python bench/devset/restore.py --sidecars   # write texts/<id>.meta.json for every annotation

Each annotation file is read for ``id``, ``sha256``, ``url``, ``published``, ``title`` and ``outlet``; when
``manifest.json`` is present its rows fill in any of those an annotation lacks. Nothing here uses the
network.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIELDS = ("sha256", "url", "published", "title", "outlet")


@dataclass(frozen=True)
class Entry:
    """What the dev set records about one article: its id, the annotation file and the expected text."""

    id: str
    source: Path
    sha256: str | None
    url: str | None
    published: str | None
    title: str | None
    outlet: str | None


def read_json(path: Path) -> Any:
    """Read a JSON file as UTF-8; a file that cannot be parsed raises ``ValueError`` naming it."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as JSON ({exc})") from exc


def manifest_rows(root: Path) -> dict[str, dict[str, Any]]:
    """The rows of ``manifest.json`` keyed by id (empty when there is no manifest)."""
    path = root / "manifest.json"
    if not path.is_file():
        return {}
    data = read_json(path)
    rows = data.get("articles", data.get("rows", [])) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ValueError(f"{path}: expected a list of rows (or an object holding one)")
    return {str(row["id"]): row for row in rows if isinstance(row, dict) and row.get("id")}


def load_entries(root: Path) -> list[Entry]:
    """One entry per ``annotations/*.json`` file, in id order, with manifest fields filling the gaps."""
    manifest = manifest_rows(root)
    entries = []
    for path in sorted((root / "annotations").glob("*.json")):
        data = read_json(path)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: an annotation must be a JSON object")
        art_id = str(data.get("id") or path.stem)
        row = manifest.get(art_id, {})
        values = {key: data.get(key) if data.get(key) is not None else row.get(key) for key in FIELDS}
        entries.append(Entry(id=art_id, source=path, **values))
    return entries


def sha256_of(path: Path) -> str:
    """The sha256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def text_path(root: Path, art_id: str) -> Path:
    """Where the restored text of an article lives."""
    return root / "texts" / f"{art_id}.txt"


def check(root: Path) -> int:
    """Report each text as ok, missing or different; return 1 if any is not ok (0 otherwise)."""
    entries = load_entries(root)
    if not entries:
        print(f"no annotation files in {root / 'annotations'}")
        return 0
    problems = []
    for entry in entries:
        path = text_path(root, entry.id)
        if not path.is_file():
            status = "MISSING"
        elif not entry.sha256:
            status = "NO SHA256 IN ANNOTATION"
        elif sha256_of(path) != entry.sha256.lower():
            status = f"DIFFERS (sha256 {sha256_of(path)}, expected {entry.sha256})"
        else:
            status = "ok"
        print(f"{entry.id}: {status}")
        if status != "ok":
            problems.append(entry)
    if problems:
        print(f"\n{len(problems)} of {len(entries)} texts need restoring:", file=sys.stderr)
        for entry in problems:
            print(f"  {text_path(root, entry.id)}  <- {entry.url or '(no url recorded)'}", file=sys.stderr)
        return 1
    print(f"\nall {len(entries)} texts present and matching")
    return 0


def write_sidecars(root: Path) -> int:
    """Write ``texts/<id>.meta.json`` for every annotation; return 0."""
    entries = load_entries(root)
    (root / "texts").mkdir(exist_ok=True)
    for entry in entries:
        meta = {
            "title": entry.title,
            "outlet": entry.outlet,
            "published": entry.published,
            "url": entry.url,
            "language": "en",
        }
        path = root / "texts" / f"{entry.id}.meta.json"
        path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the check, the sidecar writer, or both (check by default)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report missing or differing texts (exit 1 if any)")
    parser.add_argument("--sidecars", action="store_true", help="write texts/<id>.meta.json from the annotations")
    parser.add_argument("--root", type=Path, default=HERE, help="the dev-set folder (default: this script's)")
    args = parser.parse_args(argv)
    try:
        status = write_sidecars(args.root) if args.sidecars else 0
        if args.check or not args.sidecars:
            status = check(args.root) or status
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
