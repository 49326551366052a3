"""The report folder's life: a hidden temporary folder, the swap into place, and what a killed run left.

A report is built in ``OUT/.<slug>.<host>-<pid>-<random>.tmp`` and renamed to ``OUT/<slug>`` only
when it is complete; the report it replaces is first renamed to ``OUT/.<slug>.old-<host>-<pid>-<random>``
and then removed. The owner's host and process id are in both names, so the next run can tell a
killed run's leftovers (owner gone: removed, or an old report put back if the swap was cut in half)
from a concurrent run's live folders (left alone).

Folders are made with a plain :func:`os.mkdir`, so they get the mode the user's umask gives (0755
under umask 022); :func:`tempfile.mkdtemp` would make them 0700, which a shared drive or a web
server serving ``OUT/`` refuses.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from functools import cache
from pathlib import Path

#: A leftover whose owner cannot be checked (another host, an older kit) is removed after this long idle.
STALE_SECONDS = 3600

_OURS = re.compile(r"^\.(?P<slug>[a-z0-9-]+)\.(?P<old>old-)?(?P<host>[0-9a-f]{6})-(?P<pid>[0-9]+)-[0-9a-f]+"
                   r"(?P<tmp>\.tmp)?$")
# Names earlier versions of the kit used: tempfile.mkdtemp's ``.slug.XXXXXXXX.tmp`` and ``.slug.old-PID-NS``.
_LEGACY = re.compile(r"^\.(?P<slug>[a-z0-9-]+)\.(?:[a-z0-9_]{8}\.tmp|old-(?P<pid>[0-9]+)-[0-9]+)$")


@cache
def host_tag() -> str:
    """Six hex digits naming this machine (a hash of its host name), so pids are only compared on it."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def _owner_tag() -> str:
    return f"{host_tag()}-{os.getpid()}-{secrets.token_hex(4)}"


def make_folder(path: Path) -> Path:
    """``os.mkdir`` with the umask's mode (never 0700 like mkdtemp); raises FileExistsError if taken."""
    os.mkdir(path)
    return path


def make_temp_folder(out: Path, slug: str) -> Path:
    """A new, empty ``OUT/.<slug>.<host>-<pid>-<random>.tmp`` with the umask's mode."""
    for _ in range(100):
        try:
            return make_folder(out / f".{slug}.{_owner_tag()}.tmp")
        except FileExistsError:
            continue
    raise FileExistsError(f"{out}: could not make a temporary folder for {slug}")


def swap_into_place(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` with renames, so readers see the old or the new report, never half."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{_owner_tag()}")
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    """True when process ``pid`` exists on this machine (or cannot be checked)."""
    if os.name == "nt":  # os.kill would terminate it on Windows: the age rule decides there
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, owned by someone else
        return True
    return True


def _idle_seconds(folder: Path) -> float:
    """Seconds since anything in ``folder`` (or its direct entries) last changed."""
    newest = folder.lstat().st_mtime
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                newest = max(newest, entry.stat(follow_symlinks=False).st_mtime)
    except OSError:
        pass
    return time.time() - newest


def _abandoned(folder: Path, match: re.Match[str], *, stale: float) -> bool:
    """True when the folder's owner is gone: a dead pid on this host; else (unknown owner) idle for ``stale`` s.

    A live pid on this host always keeps its folder, however long it has been idle: a reused pid
    leaves a hidden leftover, which is better than deleting a long report run's work.
    """
    if match.re is _OURS and match["host"] == host_tag():
        return not _alive(int(match["pid"]))
    return _idle_seconds(folder) > stale


def sweep_leftovers(out: Path, *, stale: float = STALE_SECONDS) -> list[str]:
    """Clear what killed runs left in ``out``; return the names handled.

    Temporary folders (``.<slug>.*.tmp``) whose owner process on this host is gone, or that have
    been idle for ``stale`` seconds when the owner cannot be checked (another host, an older kit),
    are removed. A replaced report
    (``.<slug>.old-*``) is put back as ``OUT/<slug>`` when the run was killed between the two
    renames (so no report is lost), otherwise removed. A live run's folders are left alone.
    """
    from kit.report.build import is_report_folder

    handled = []
    try:
        entries = sorted(p for p in out.iterdir() if p.name.startswith("."))
    except OSError:
        return handled
    for path in entries:
        match = _OURS.match(path.name) or _LEGACY.match(path.name)
        if match is None or path.is_symlink() or not path.is_dir():
            continue
        try:
            if not _abandoned(path, match, stale=stale):
                continue
            is_old = path.name.startswith(f".{match['slug']}.old-")
            target = out / match["slug"]
            if is_old and not os.path.lexists(target) and is_report_folder(path):
                os.replace(path, target)
            else:
                shutil.rmtree(path)
        except OSError:
            continue  # another run got there first, or it cannot be removed: try again next run
        handled.append(path.name)
    # atomic_write_text's temporary files (``.index.html.<pid>.tmp``) from a killed run
    for path in out.glob(".*.*.tmp"):
        m = re.fullmatch(r"\.\.?(?:index|kit-index)\.(?:html|json)\.([0-9]+)\.tmp", path.name)
        if m and path.is_file() and (not _alive(int(m[1])) or _idle_seconds(path) > stale):
            try:
                path.unlink()
                handled.append(path.name)
            except OSError:
                pass
    return handled
