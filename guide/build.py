"""Build the site without ever leaving a half-built one behind (`python -m guide site`).

MkDocs writes into a fresh temporary folder beside the target; only a build that succeeded (no
MkDocs warning, no broken link) replaces the target, in one rename. A failed build leaves the
previous site exactly as it was. One build of a project runs at a time: a second one waits for
the first. SOURCE_DATE_EPOCH defaults to the last commit's time, so two builds of one commit give
the same bytes.
"""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from guide import linkcheck

ROOT = Path(__file__).resolve().parent.parent
EARLIEST = 315532800  # 1980-01-01, the earliest date a zip can hold


class BuildError(Exception):
    """A build that cannot go on; the message says what to do. Nothing was replaced."""


def source_date_epoch(root: Path = ROOT) -> str:
    """SOURCE_DATE_EPOCH as a whole number of seconds: from the environment, else the last commit."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        if not given.strip().isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {given!r}; "
                             "unset it to use the last commit's time")
        return given.strip()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             check=True).stdout.strip()
        if out.isdigit():
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return str(EARLIEST)


def generator() -> str:
    """The module that builds: MkDocs 1.6 (requirements.txt), or ProperDocs, the maintained
    continuation of MkDocs 1.x, in an environment without MkDocs (requirements-compat.txt)."""
    if importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs") is not None:
        return "properdocs"
    return "mkdocs"


def cannot_write(exc: OSError) -> str:
    """What to say when writing a product under dist/ failed."""
    return (f"cannot write {exc.filename or 'dist/'} ({exc.strerror}); "
            "check that dist/ is a folder you may write to")


def run_mkdocs(config: Path, out_dir: Path, root: Path = ROOT) -> tuple[int, str]:
    """Build strictly. MkDocs counts warnings through its logger, so its output is kept (not
    --quiet, which would hide every warning from --strict) and only what went wrong is shown."""
    # Material's notice about its end of life is known (see README); keep build output to our own messages.
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(root), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", generator(), "build", "--strict", "--clean",
           "--config-file", str(config), "--site-dir", str(out_dir)]
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, errors="replace")
    return proc.returncode, proc.stdout + proc.stderr


def problems_of(output: str) -> str:
    """MkDocs' output less its INFO chatter: the warnings and errors, with their continuation lines."""
    kept, keep = [], False
    for line in output.splitlines():
        if line.startswith(("INFO", "DEBUG")):
            keep = False
        elif line.startswith(("WARNING", "ERROR", "Aborted", "Error", "Usage")) or not line.startswith(" "):
            keep = True
        if keep and line.strip():
            kept.append(line)
    return "\n".join(kept)


@contextlib.contextmanager
def project_lock(root: Path):
    """One build of a project at a time: a second waits (and says so) instead of racing the first."""
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another build of this guide is running; waiting for it to finish...", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def clear_leftovers(target: Path) -> None:
    """Temporary folders of a build that was killed (we hold the lock: nothing else uses them)."""
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new; the old copy is removed only after the rename, and put back if the
    rename fails."""
    old = target.with_name(f".{target.name}.old")
    moved = False
    try:
        if target.exists() or target.is_symlink():
            target.rename(old)
            moved = True
        new.rename(target)
    except OSError as exc:
        if moved and not target.exists():
            old.rename(target)
        raise BuildError(f"could not replace {target.name}/ ({exc.strerror}); check that you may write to "
                         f"{target.parent} and that {target.name} is a folder, then build again") from None
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def replace_file(target: Path, data: bytes) -> None:
    """Write data as target through a temporary file beside it and a rename: a reader, or a build
    running beside this one, sees the old file or the whole new one, never half of it. The file is
    readable by all (rw-r--r--), as a published or cached file should be."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)  # only left if something failed


def shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def build(config: Path, target: Path, root: Path = ROOT, verify=None) -> bool:
    """Build config into target atomically. Prints what went wrong and returns False on failure.

    `verify(folder)`, if given, checks the finished build before it replaces anything; it raises
    BuildError to stop.
    """
    made_parent = not target.parent.exists()
    ok = False
    try:
        if target.parent.exists() and not target.parent.is_dir():
            raise BuildError(f"{shown(target.parent, root)} is a file, not a folder; move it away and build again")
        if target.exists() and not target.is_dir():
            raise BuildError(f"{shown(target, root)} is a file, not a folder; move it away and build again")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        except OSError as exc:
            raise BuildError(f"cannot write to {shown(target.parent, root)} ({exc.strerror}); "
                             "check its permissions") from None
        try:
            code, output = run_mkdocs(config, tmp, root)
            if code != 0:
                print(problems_of(output) or output.strip(), file=sys.stderr)
                print(f"The build failed; {shown(target, root)} was left as it was.", file=sys.stderr)
                return False
            # Links in raw HTML (macros, theme) escape MkDocs' own validation: check the output
            # before it replaces a working site.
            broken, _checked = linkcheck.check_site(tmp)
            if broken:
                for link in broken:
                    print(f"Broken link: {link}", file=sys.stderr)
                print(f"The build failed: {len(broken)} broken internal link{'s' if len(broken) != 1 else ''}; "
                      f"{shown(target, root)} was left as it was.", file=sys.stderr)
                return False
            if verify is not None:
                verify(tmp)
            tmp.chmod(0o755)  # mkdtemp makes it private; a web server may run as another user
            swap_into_place(tmp, target)
            ok = True
            return True
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    except BuildError as exc:
        print(f"The build failed: {exc}", file=sys.stderr)
        return False
    finally:
        if made_parent and not ok and target.parent.is_dir() and not any(target.parent.iterdir()):
            target.parent.rmdir()  # a failed first build leaves no empty dist/ behind


def build_site(root: Path) -> int:
    with project_lock(root):
        clear_leftovers(root / "site")
        ok = build(root / "mkdocs.yml", root / "site", root)
    if ok:
        print(f"Built the site into {root / 'site'}")
    return 0 if ok else 1
