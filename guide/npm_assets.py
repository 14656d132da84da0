"""Files the built site ships from pinned npm packages, fetched from the npm registry, never committed.

Each package is pinned here by name, version and the integrity the registry publishes for its
tarball (what `npm view NAME@VERSION dist.integrity` prints; package-lock.json holds the same
string). The first build downloads the tarball into the project's own .cache/npm/ (where MkDocs
plugins keep their caches); every build checks the cached file against the pinned integrity
before it reads anything from it, and reads the files it needs from the archive in memory.

npm_config_registry (npm's own setting, for a mirror) changes where the tarball is downloaded
from; the integrity check is the same.
"""
from __future__ import annotations

import base64
import hashlib
import http.client
import io
import os
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from guide.build import replace_file

DEFAULT_REGISTRY = "https://registry.npmjs.org"
DOWNLOAD_TIMEOUT = 30  # seconds; the tarballs are a few hundred KB
CACHE = Path(".cache") / "npm"  # in the project, beside mkdocs.yml


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    integrity: str  # "sha512-<base64 digest>", as the registry publishes it

    @property
    def tarball(self) -> str:
        return f"{self.name}-{self.version}.tgz"

    @property
    def url(self) -> str:
        return f"{registry()}/{self.name}/-/{self.tarball}"


# The search engine (guide/search.py). To update: change the version, and the integrity to what
# `npm view minisearch@VERSION dist.integrity` prints.
MINISEARCH = NpmPackage(
    "minisearch", "7.2.0",
    "sha512-dqT2XBYUOZOiC5t2HRnwADjhNS2cecp9u+TJRiJ1Qp/f5qjkeT5APcGPjHw+bz89Ms8Jp+cG4AlE+QZ/QnDglg==")
PACKAGES = (MINISEARCH,)  # every package the build reads from (the tests copy their tarballs)


def registry() -> str:
    given = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")
    return (given or DEFAULT_REGISTRY).rstrip("/")


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def download(url: str) -> bytes:
    """The bytes at url; raises OSError (URLError, timeouts) or HTTPException when it cannot."""
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
        return response.read()


def cached_tarball(package: NpmPackage, project: Path) -> bytes:
    """The package's published tarball, from project/.cache/npm/, downloaded there first if missing.

    Raises PluginError, with what to do, when it is missing and cannot be downloaded, or when the
    file there is not the published tarball: a file that fails the check is never used.
    """
    path = project / CACHE / package.tarball
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        raise PluginError(f"cannot read {path} ({exc.strerror}); delete it and build again") from None
    if data is not None:
        if integrity_of(data) != package.integrity:
            raise PluginError(
                f"{path} is not the published {package.name} {package.version} (its sha512 differs from the "
                f"integrity pinned in guide/npm_assets.py); delete it and build again, which downloads it afresh")
        return data

    url = package.url
    try:
        data = download(url)
    except urllib.error.HTTPError as exc:  # the registry answered: no use waiting for a network
        raise PluginError(
            f"{package.name} {package.version} is needed and {path} does not exist yet; the npm registry "
            f"answered {url} with HTTP {exc.code} ({exc.reason}): check the name and version pinned in "
            "guide/npm_assets.py") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise PluginError(
            f"{package.name} {package.version} is needed and {path} does not exist yet; it comes from the npm "
            f"registry, but downloading {url} failed ({getattr(exc, 'reason', None) or exc}). Connect to the "
            f"internet once and build again, or put that tarball (`npm pack {package.name}@{package.version}` "
            f"makes it) at {path}") from None
    if integrity_of(data) != package.integrity:
        raise PluginError(
            f"{url} sent something that is not the published {package.name} {package.version} (its sha512 "
            f"differs from the integrity pinned in guide/npm_assets.py); nothing was saved. Build again; if it "
            f"happens again, check the registry (npm_config_registry)")
    save(data, path)
    return data


def save(data: bytes, path: Path) -> None:
    """Keep the tarball, written whole or not at all (a build running beside this one, or one killed
    half-way, never sees half a tarball)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)
    except OSError as exc:
        raise PluginError(f"cannot save the downloaded tarball as {path} ({exc.strerror}); check that you "
                          f"may write to {path.parent}, then build again") from None


def read_files(package: NpmPackage, project: Path, members: list[str]) -> dict[str, str]:
    """The given files of the package's tarball (names as in the archive: package/...), as text."""
    data = cached_tarball(package, project)
    found = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in members:
            try:
                member = archive.extractfile(name)
            except KeyError:
                member = None
            if member is None:
                raise PluginError(f"{package.name} {package.version} has no file {name}: the version pinned in "
                                  "guide/npm_assets.py is laid out differently; update the file names the guide "
                                  "reads from it")
            found[name] = member.read().decode("utf-8")
    return found
