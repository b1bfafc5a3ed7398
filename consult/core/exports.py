"""Files built once per version of their data and shared by all the server's processes (the
open-data CSV of a whole consultation: 100,000 rows take seconds to write, a few milliseconds to
send from disk).

The files of one version are a folder, `<family>-<version>`. The first request that needs a
version builds it under a file lock; the requests that come meanwhile send the data another
way (read from the database) rather than wait, and later ones read the file. The folder is
written under a temporary name and renamed: no one reads half a file. Building a version
removes the older ones of its family; a reader that opened one before keeps reading it (a
removed file stays readable while it is open).
"""
from __future__ import annotations

import fcntl
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

from flask import current_app

log = logging.getLogger(__name__)
T = TypeVar("T")


def exports_folder() -> Path:
    return Path(current_app.config.get("EXPORTS_FOLDER") or Path(current_app.instance_path) / "exports")


def shared_folder(family: str, version_of: Callable[[], str], build: Callable[[Path], None],
                  read: Callable[[Path], T], create: bool = True) -> tuple[T, str] | None:
    """(`read(folder)` of the current version, that version), the folder first written by
    `build(folder)` if no process has written it yet. `family`: the folders that replace one
    another (one consultation's CSV); `version_of()`: a name that changes whenever anything in
    the files would, read before the data (the files then hold at least that version);
    `read(folder)` opens what the caller needs, FileNotFoundError when the folder is gone.
    None when the version is not written and `create` is false, another request is writing it,
    or the folder cannot be written (the caller sends the data another way)."""
    root = exports_folder()
    version = version_of()
    try:
        return read(root / f"{family}-{version}"), version
    except FileNotFoundError:
        if not create:
            return None
    try:
        root.mkdir(parents=True, exist_ok=True)
        with open(root / f".{family}.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # Another request is writing (seconds at 100,000 rows): this one does not wait
                # (a web worker waiting is a worker the site lacks); the caller sends the data
                # another way.
                return None
            version = version_of()      # what the data is now (it may have changed meanwhile)
            folder = root / f"{family}-{version}"
            try:
                return read(folder), version
            except FileNotFoundError:
                pass
            scratch = Path(tempfile.mkdtemp(prefix=f".{family}-", dir=root))
            try:
                build(scratch)
                for path in scratch.iterdir():
                    with open(path, "rb+") as written:
                        os.fsync(written.fileno())     # never a renamed file whose end a crash lost
                scratch.chmod(0o755)
                scratch.rename(folder)
            except BaseException:
                shutil.rmtree(scratch, ignore_errors=True)
                raise
            opened = read(folder)
            # Only a lock holder writes or removes: what is left besides ours is older (or the
            # scratch folder of a build that died).
            for stale in [*root.glob(f"{family}-*"), *root.glob(f".{family}-*")]:
                if stale != folder and stale.is_dir():
                    shutil.rmtree(stale, ignore_errors=True)
            return opened, version
    except OSError:
        log.exception("could not write the shared export %s in %s", family, root)
        return None
