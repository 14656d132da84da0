"""The offline bundle: the guide built to open from disk, packed as one zip.

    python -m guide offline   # dist/offline/ and dist/<short_name>-offline.zip

The offline flavour (mkdocs-offline.yml) is built atomically into dist/offline/, then packed into a
zip that opens on Windows, macOS and Linux: plain deflate, forward slashes, regular files only,
everything inside one folder named after the brand's short_name (so unzipping never scatters files
into the reader's Downloads folder), with a README.txt at that folder's top. Two builds of one
commit give the same bytes: entries are sorted, every timestamp is SOURCE_DATE_EPOCH and every
permission is the same. The zip is written to a temporary file and renamed into place, so a failed
build never replaces a good zip.
"""
from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path

from guide.build import BuildError, build, cannot_write, clear_leftovers, project_lock, replace_file, source_date_epoch
from guide.data import DataErrors
from guide.site import load_site

CONFIG = "mkdocs-offline.yml"
README_NAME = "README.txt"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: a zip cannot hold an earlier date
ZIP_EPOCH_MAX = 4354819198  # 2107-12-31: nor a later one
FILE_MODE = 0o100644  # a regular file, rw-r--r--


# What the offline flavour changes in the build (guide/hooks.py applies it when mkdocs-offline.yml
# sets extra.guide_flavour: offline). It leaves out what only a web server uses (404 page, sitemap,
# canonical links) and what nothing opens offline (source maps), so the zip stays small.
UNUSED = re.compile(r"\.map$|^sitemap\.xml$|-offline\.zip$")  # and never an older bundle inside the new one
SERVER_ONLY_FEATURES = {"navigation.instant"}  # fetches pages with XHR, which file:// forbids


def configure_flavour(config) -> None:
    # No canonical <link> to the hosted site, and no absolute URLs in generated pages.
    config["site_url"] = None
    # A 404 page and a sitemap mean something only on a web server.
    config.theme.static_templates.discard("404.html")
    config.theme.static_templates.discard("sitemap.xml")
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if f not in SERVER_ONLY_FEATURES]


def drop_server_files(files) -> None:
    for f in [f for f in files if UNUSED.search(f.dest_uri)]:
        files.remove(f)


def readme(name: str) -> str:
    return (f"{name}: offline edition\r\n"
            "\r\n"
            "Open index.html (double-click it) to read the guide in your web browser.\r\n"
            "Keep all the files together in this folder: the pages link to each other.\r\n"
            "Everything works without internet, including search, glossary tooltips,\r\n"
            "the quizzes and the flashcards. Your progress stays in this browser.\r\n")


def zip_time(epoch: str) -> tuple[int, int, int, int, int, int]:
    return time.gmtime(min(max(int(epoch), ZIP_EPOCH_MIN), ZIP_EPOCH_MAX))[:6]


# What Windows, macOS and Linux unzip tools all accept in a name: no drive or absolute path, no
# "..", no backslash, none of < > : " | ? * or control characters, no device name such as CON,
# no part ending in a dot or a space, and parts of at most 255 characters.
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f]')
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)


def zip_name_problem(name: str) -> str | None:
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            return "it has an empty, '.' or '..' part"
        if WINDOWS_FORBIDDEN.search(part):
            return "it has a character Windows forbids in file names (< > : \" | ? * \\ or a control character)"
        if DEVICE_NAMES.match(part):
            return "Windows reserves that name for a device"
        if part[-1] in ". ":
            return "a part ends in a dot or a space"
        if len(part) > 255:
            return "a part is longer than 255 characters"
    return None


def bundle_files(folder: Path) -> list[tuple[str, Path]]:
    """(name in the zip, file) for every regular file under folder, sorted by name."""
    entries = []
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise BuildError(f"{name} in the built site is not a regular file; the offline bundle holds regular "
                             "files only")
        problem = zip_name_problem(name)
        if problem:
            raise BuildError(f"the built file {name!r} cannot go into the offline zip: {problem}; rename the page "
                             "or file under docs/ it comes from")
        if path.is_file():
            entries.append((name, path))
    return sorted(entries)


def write_zip(folder: Path, target: Path, readme_text: str, date_time: tuple, top: str) -> None:
    """Pack folder into target under the folder `top`/, replacing target only once the new zip is
    complete."""
    problem = zip_name_problem(top)
    if problem or "/" in top:
        raise BuildError(f"the brand's short_name {top!r} cannot name the offline zip's folder: "
                         f"{problem or 'it has a slash'}")
    entries = [(README_NAME, readme_text.encode("utf-8"))]
    entries += [(name, path.read_bytes()) for name, path in bundle_files(folder)]
    if len({name for name, _ in entries}) != len(entries):
        raise BuildError(f"the built site has its own {README_NAME}; rename that page so the bundle's note fits")
    entries = sorted((f"{top}/{name}", data) for name, data in entries)
    replace_file(target, zip_bytes(entries, date_time))


def zip_bytes(entries: list[tuple[str, bytes]], date_time: tuple) -> bytes:
    """A zip of (name, bytes) with fixed dates and modes, in the order given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr is read as the mode below
            info.external_attr = FILE_MODE << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def build_offline(root: Path) -> int:
    root = Path(root).resolve()
    dist = root / "dist"
    site_dir = dist / "offline"
    try:
        date_time = zip_time(source_date_epoch(root))  # a bad SOURCE_DATE_EPOCH stops before building
        with project_lock(root):
            if dist.is_dir():
                clear_leftovers(site_dir)
            # The zip's names are checked before the new build replaces dist/offline/.
            if not build(root / CONFIG, site_dir, root, verify=bundle_files):
                return 1
            brand = load_site(root).brand  # honours $BRAND, as the build did
            target = dist / f"{brand['short_name']}-offline.zip"
            clear_leftovers(target)
            write_zip(site_dir, target, readme(brand["name"]), date_time, brand["short_name"])
    except (BuildError, DataErrors) as exc:
        print(f"The offline build failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"The offline build failed: {cannot_write(exc)}", file=sys.stderr)
        return 1
    print(f"Built the offline guide into {site_dir} and packed it as {target}")
    return 0
