"""Build the site without ever leaving a half-built one behind.

    python -m guide.build site      # hosted site -> site/
    python -m guide.build offline   # offline bundle -> dist/offline/ and dist/<short_name>-offline.zip

MkDocs writes into a fresh temporary folder beside the target; only a build
that succeeded replaces the target, in one rename. A failed build leaves the
previous site exactly as it was. SOURCE_DATE_EPOCH defaults to the last
commit's time, so two builds of one commit give the same bytes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `guide` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from guide import linkcheck  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def source_date_epoch(root: Path = ROOT) -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "315532800"  # 1980-01-01, the earliest date a zip can hold


def run_mkdocs(config: Path, out_dir: Path, root: Path = ROOT) -> int:
    # Material's notice about its end of life is known (see README); keep build output to our own messages.
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(root), NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
           "--config-file", str(config), "--site-dir", str(out_dir)]
    return subprocess.run(cmd, cwd=root, env=env).returncode


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new; the old copy is removed only after the rename."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(config: Path, target: Path, root: Path = ROOT) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shown = target.relative_to(root) if target.is_relative_to(root) else target
        if run_mkdocs(config, tmp, root) != 0:
            print(f"The build failed; {shown} was left as it was.", file=sys.stderr)
            return False
        # Links in raw HTML (macros, theme) escape MkDocs' own validation: check the output
        # before it replaces a working site.
        broken, _checked = linkcheck.check_site(tmp)
        if broken:
            for link in broken:
                print(f"Broken link: {link}", file=sys.stderr)
            print(f"The build failed: {len(broken)} broken internal link{'s' if len(broken) != 1 else ''}; "
                  f"{shown} was left as it was.", file=sys.stderr)
            return False
        tmp.chmod(0o755)  # mkdtemp makes it private; a web server may run as another user
        swap_into_place(tmp, target)
        return True
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "site"
    root = Path(os.environ.get("GUIDE_ROOT", ROOT)).resolve()
    if what == "site":
        ok = build(root / "mkdocs.yml", root / "site", root)
        if ok:
            print(f"Built the site into {root / 'site'}")
        return 0 if ok else 1
    if what == "offline":
        from guide import offline
        return offline.main(root)
    print(f"usage: python -m guide.build [site|offline]; unknown target {what!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
