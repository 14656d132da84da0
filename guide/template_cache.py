"""Compiled templates kept between builds, in the project's .cache/jinja/ (Jinja's bytecode cache).

Every build compiles the theme's templates and each page's Markdown (a Jinja template for the
macros) to Python code before running them; that is about a tenth of a build of this guide. Jinja
can keep the compiled code on disk and reuse it while the template's text is unchanged: each file
holds a checksum of the text and is recompiled when it differs, and a new Jinja or Python version
starts afresh. The pages come out the same with or without the cache, so a cache that cannot be
read or written (a read-only checkout, a damaged file) is only slower, never an error.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

CACHE_DIR = Path(".cache") / "jinja"  # beside mkdocs.yml, where Material's plugins keep theirs


class _QuietCache(FileSystemBytecodeCache):
    """Jinja's file cache, which gives up quietly instead of failing the build."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or foreign file: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:  # read-only checkout, full disk: the next build compiles again
            pass


def for_project(project_dir: str | Path) -> FileSystemBytecodeCache:
    return _QuietCache(str(Path(project_dir) / CACHE_DIR), pattern="%s.cache")


def compile_text(jinja_env: jinja2.Environment, text: str, key: str) -> jinja2.Template:
    """`jinja_env.from_string(text)`, through the environment's bytecode cache if it has one.
    `key` names the entry (a page's path): an edited page replaces its entry instead of adding one."""
    cache = jinja_env.bytecode_cache
    if cache is None:
        return jinja_env.from_string(text)
    bucket = cache.get_bucket(jinja_env, f"page:{key}", None, text)
    if bucket.code is None:
        bucket.code = jinja_env.compile(text)  # filename "<template>", as from_string gives
        cache.set_bucket(bucket)
    return jinja_env.template_class.from_code(jinja_env, bucket.code, jinja_env.make_globals(None), None)
