"""What the build may read or publish: regular files inside the project, of a sane size.

A data file, a brand image or a file under docs/ that is a link to somewhere else (for example
/etc/passwd), a folder, a device such as /dev/zero or a pipe stops the build with its path:
nothing outside the project is ever read as data or copied into the site.
"""
from __future__ import annotations

import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_TEXT_BYTES = 20 * 1024 * 1024  # a data or brand file; the largest upstream one is well under 100 KB
MAX_IMAGE_BYTES = 1024 * 1024  # a logo or favicon


class FileProblem(Exception):
    """Why a path may not be read; the message names what to do."""


def check_regular(path: Path, inside: list[Path]) -> Path:
    """The path itself if it is a regular file whose real location is inside one of `inside`."""
    try:
        info = path.stat()  # follows links: what would actually be read
    except FileNotFoundError:
        if path.is_symlink():
            raise FileProblem("is a link to a file that does not exist; replace it with the file itself") from None
        raise FileProblem("does not exist") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
        raise FileProblem(f"is {what}; it must be a regular file")
    real = path.resolve()
    if not any(real.is_relative_to(folder.resolve()) for folder in inside):
        raise FileProblem(f"is a link to {real}, outside the project; copy the file into the project instead")
    return path


def read_bytes(path: Path, inside: list[Path], limit: int = MAX_TEXT_BYTES) -> bytes:
    check_regular(path, inside)
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(f"is larger than {limit // (1024 * 1024)} MB; a file this big is not data")
    return data


# --- brand images -------------------------------------------------------------------------------

# The image types a logo or favicon may be, each with its MIME type and how its content starts.
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp", ".ico": "image/x-icon", ".gif": "image/gif"}
SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
              ".gif": (b"GIF87a", b"GIF89a"), ".ico": (b"\x00\x00\x01\x00",)}
SVG_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video"}
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.I)


def check_image(path: Path, data: bytes) -> None:
    """The image is what its name says, and an SVG holds nothing that runs or fetches."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_TYPES:
        raise FileProblem(f"is not an image; use an {', '.join(sorted(IMAGE_TYPES))} file")
    if suffix == ".webp":
        if not (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
            raise FileProblem("is named .webp but is not a WebP image")
    elif suffix in SIGNATURES:
        if not data.startswith(SIGNATURES[suffix]):
            raise FileProblem(f"is named {suffix} but its content is not a {suffix[1:].upper()} image")
    else:
        _check_svg(data)


def _check_svg(data: bytes) -> None:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise FileProblem("is an SVG with a DOCTYPE or entities; save it without them (plain SVG)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FileProblem(f"is not a valid SVG ({exc}); export it again from your editor") from None
    if root.tag.rsplit("}", 1)[-1].lower() != "svg":
        raise FileProblem("is named .svg but its content is not an SVG image")
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1].lower() if isinstance(el.tag, str) else ""
        if name in SVG_FORBIDDEN_TAGS:
            raise FileProblem(f"is an SVG with a <{name}> element; remove it (a logo holds no script or embedded page)")
        if name == "style" and EXTERNAL_URL.search(el.text or ""):
            raise FileProblem("is an SVG whose style loads something from elsewhere; remove the url(...)")
        for key, value in el.attrib.items():
            attr = key.rsplit("}", 1)[-1].lower()
            if attr.startswith("on"):
                raise FileProblem(f"is an SVG with an event handler ({attr}); remove it")
            if attr == "href" and not value.strip().startswith("#"):
                raise FileProblem("is an SVG that links or loads something from elsewhere (href); keep only "
                                  "references inside the file (#id)")
            if attr == "style" and EXTERNAL_URL.search(value):
                raise FileProblem("is an SVG whose style loads something from elsewhere; remove the url(...)")
