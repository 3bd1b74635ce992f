"""Publish a build all at once: a failed or killed build never touches the site folder.

MkDocs writes straight into ``site_dir``: it empties it first, then writes page after
page, and ``--strict`` only fails the build after everything is written (even after
``on_post_build``). A content error, a strict warning or a killed process would leave
a half-written or wrong site where the last good one was.

So the build writes into a staging folder next to ``site_dir`` (same file system, so
the swap is a rename), and only a build that ended without error replaces the
published folder:

- Linux: one ``renameat2(RENAME_EXCHANGE)`` swaps the two folders atomically; the
  old site is then deleted from the staging name.
- elsewhere (or a file system without it): two renames through a backup name; a
  process killed between them leaves the backup, which the next build puts back
  (``recover``) before anything else.

A killed build leaves its staging folder behind (hidden: ``.<site>.knowledge-<pid>-…``);
the next build deletes those whose process is gone. No MkDocs here.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _prefix(target: Path) -> str:
    return f".{target.name}.knowledge-"


def backup_dir(target: Path) -> Path:
    """Where the previous site waits during a non-atomic swap."""
    return target.with_name(_prefix(target) + "previous")


def staging_dir(target: str | os.PathLike[str]) -> Path:
    """A new, empty staging folder next to ``target`` for this process's build."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{_prefix(target)}{os.getpid()}-", dir=target.parent))
    # mkdtemp makes it private (0700); the published folder keeps the mode it had,
    # or gets the one a plain mkdir would give, so web servers can still read it.
    if target.is_dir():
        mode = target.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    os.chmod(staging, mode)
    return staging


def recover(target: str | os.PathLike[str]) -> None:
    """Undo what a killed build may have left: put back a previous site caught between
    the two renames of a non-atomic swap, delete staging folders of dead processes."""
    target = Path(target).resolve()
    backup = backup_dir(target)
    if backup.is_dir():
        if not target.exists():
            os.rename(backup, target)
        else:  # the swap had finished: the backup is the site before it
            shutil.rmtree(backup, ignore_errors=True)
    if not target.parent.is_dir():
        return
    own = re.compile(re.escape(_prefix(target)) + r"(\d+)-")
    for sibling in target.parent.iterdir():
        found = own.match(sibling.name)
        if found and sibling.is_dir() and not _alive(int(found.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)


def publish(staging: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Put the finished ``staging`` folder where ``target`` is, replacing it whole."""
    staging, target = Path(staging), Path(target).resolve()
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now the previous site
        return
    backup = backup_dir(target)
    os.rename(target, backup)
    os.rename(staging, target)
    shutil.rmtree(backup)


def discard(staging: str | os.PathLike[str]) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):  # no libc (Windows) or an old one
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
