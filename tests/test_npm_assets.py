"""guide/npm_assets.py: a pinned npm tarball is used only when it is the published one, downloaded
once into the project's .cache/npm/, and read in memory. No network here: the download is replaced."""
from __future__ import annotations

import io
import tarfile
import urllib.error

import pytest
from mkdocs.exceptions import PluginError

from guide import npm_assets

SCRIPT = "package/dist/umd/index.js"
LICENSE = "package/LICENSE.txt"


def tarball(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


PUBLISHED = tarball({SCRIPT: "var published = 1;\n", LICENSE: "Copyright the authors\n"})
PACKAGE = npm_assets.NpmPackage("examplepkg", "1.2.3", npm_assets.integrity_of(PUBLISHED))


def cache_path(project):
    return project / npm_assets.CACHE / PACKAGE.tarball


@pytest.fixture
def downloads(monkeypatch):
    """The URLs downloaded; by default the download fails as without a network."""
    calls = []

    def offline(url):
        calls.append(url)
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    monkeypatch.setattr(npm_assets, "download", offline)
    return calls


def test_a_good_cached_tarball_yields_its_files_without_a_download(tmp_path, downloads):
    cache_path(tmp_path).parent.mkdir(parents=True)
    cache_path(tmp_path).write_bytes(PUBLISHED)
    files = npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT, LICENSE])
    assert files == {SCRIPT: "var published = 1;\n", LICENSE: "Copyright the authors\n"}
    assert downloads == []


def test_a_cached_tarball_that_is_not_the_published_one_is_refused_and_never_read(tmp_path, downloads):
    # A well-formed tarball with other code in it: only the integrity check can tell.
    cache_path(tmp_path).parent.mkdir(parents=True)
    cache_path(tmp_path).write_bytes(tarball({SCRIPT: "var tampered = 1;\n", LICENSE: "Copyright\n"}))
    with pytest.raises(PluginError) as refused:
        npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT])
    message = str(refused.value)
    assert str(cache_path(tmp_path)) in message
    assert "is not the published examplepkg 1.2.3" in message
    assert "delete it and build again" in message
    assert "tampered" not in message
    assert downloads == []  # refused, not silently replaced


def test_a_missing_tarball_without_a_network_says_what_is_missing_and_how_to_get_it(tmp_path, downloads):
    with pytest.raises(PluginError) as failed:
        npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT])
    message = str(failed.value)
    assert downloads == [PACKAGE.url]
    assert str(cache_path(tmp_path)) in message  # where it goes
    assert "examplepkg 1.2.3" in message and "npm registry" in message  # what, from where, which version
    assert "Connection refused" in message  # why
    assert "build again" in message and "npm pack examplepkg@1.2.3" in message  # how to fix
    assert not cache_path(tmp_path).exists()


def test_a_version_the_registry_does_not_have_is_named_as_such(tmp_path, monkeypatch):
    def not_found(url):
        raise urllib.error.HTTPError(url, 404, "Not Found", None, None)

    monkeypatch.setattr(npm_assets, "download", not_found)
    with pytest.raises(PluginError, match="answered .* with HTTP 404 .*check the name and version pinned"):
        npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT])
    assert not cache_path(tmp_path).exists()


def test_a_missing_tarball_is_downloaded_once_checked_and_kept(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(npm_assets, "download", lambda url: calls.append(url) or PUBLISHED)
    monkeypatch.delenv("npm_config_registry", raising=False)
    monkeypatch.delenv("NPM_CONFIG_REGISTRY", raising=False)
    assert npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT]) == {SCRIPT: "var published = 1;\n"}
    assert npm_assets.read_files(PACKAGE, tmp_path, [LICENSE]) == {LICENSE: "Copyright the authors\n"}
    assert calls == ["https://registry.npmjs.org/examplepkg/-/examplepkg-1.2.3.tgz"]
    assert cache_path(tmp_path).read_bytes() == PUBLISHED
    assert [p.name for p in cache_path(tmp_path).parent.iterdir()] == [PACKAGE.tarball]  # no temporary file left


def test_a_download_that_is_not_the_published_tarball_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(npm_assets, "download", lambda url: tarball({SCRIPT: "var other = 1;\n"}))
    with pytest.raises(PluginError, match="is not the published examplepkg 1.2.3.*nothing was saved"):
        npm_assets.read_files(PACKAGE, tmp_path, [SCRIPT])
    assert not cache_path(tmp_path).exists()


def test_npm_config_registry_names_a_mirror(monkeypatch):
    monkeypatch.setenv("npm_config_registry", "https://npm.example.org/")
    assert PACKAGE.url == "https://npm.example.org/examplepkg/-/examplepkg-1.2.3.tgz"


def test_a_file_the_pinned_version_does_not_have_is_named(tmp_path, downloads):
    cache_path(tmp_path).parent.mkdir(parents=True)
    cache_path(tmp_path).write_bytes(PUBLISHED)
    with pytest.raises(PluginError, match="examplepkg 1.2.3 has no file package/dist/missing.js"):
        npm_assets.read_files(PACKAGE, tmp_path, ["package/dist/missing.js"])


def test_every_pinned_package_has_a_sha512_integrity():
    for package in npm_assets.PACKAGES:
        algorithm, _, digest = package.integrity.partition("-")
        assert algorithm == "sha512" and len(digest) == 88, package
