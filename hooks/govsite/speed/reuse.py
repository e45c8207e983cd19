"""Incremental builds: a page whose inputs are those of the last build is not rendered again; its HTML,
and a search bundle whose pages are unchanged, are hard-linked from the last site into the new one.

A page's key is made from its content, not from a list of what it depends on kept by hand: the site-wide
inputs (tool versions, mkdocs.yml, hooks/, overrides/, catalog/, every _org.yml, the frame and the
navigation), every field of its final view (``content``: a field added to a view is in the key without
touching this module), and for a document its file's digest (the body it converts). The same key, the
same page: forgetting a dependency cannot give a stale page.

Files MkDocs copies or writes as they are (theme assets, attachments, feeds, open data: ``take_static``) are
linked too when their source (size, times, inode) or their content is what the last build wrote.

The checks page is always rendered (it depends on the day). The keys of the last good build are kept
next to the site (``.site.keys.json``): no keys, or any site-wide change, and everything is rendered.
``make bench`` checks that a rebuild after an edit equals a full build of the edited content.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..urls import SEARCH_BUNDLES
from ..render.output import Linker

FORMAT = 4  # bump when the keys below change meaning
TEMPLATE = "govsite-reuse.html"  # an empty template: MkDocs writes nothing, the old page is linked


def _hash(*parts) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def inherited(config_file: Path) -> list[Path]:
    """The files ``config_file`` inherits (MkDocs ``INHERIT``, e.g. the product's govsite.yml), nearest first."""
    out: list[Path] = []
    path = config_file
    while len(out) < 10:
        try:
            match = _INHERIT.search(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            break
        if match is None:
            break
        path = Path(os.path.normpath(path.parent / match[1].strip("'\"")))
        if not path.is_file() or path in out:
            break
        out.append(path)
    return out


_INHERIT = re.compile(r"^INHERIT\s*:\s*(\S+)", re.M)


def site_key(root: Path, config_file: Path, folders: list[Path], org_files: list[Path]) -> str:
    """Everything every page depends on: tool versions, mkdocs.yml and the file it inherits (govsite.yml),
    the hooks, templates and catalog."""
    h = hashlib.blake2b(digest_size=12)
    for package in ("mkdocs", "properdocs", "mkdocs-material", "pagefind-bin-extended", "Markdown", "Jinja2"):
        try:
            h.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            pass
    h.update(f"format={FORMAT}\0".encode())
    files = [config_file, *inherited(config_file), *org_files]
    for folder in folders:
        files += [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(set(files)):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        h.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def content(value, text: _Text | None = None) -> str:
    """Every field of a view, deeply, as text: dataclass fields by name (whatever their ``repr``), mappings,
    sequences, and plain values by ``repr``. Views hold plain data (``views.pages``), never the model.
    ``text``: a ``_Text`` kept over many calls (``page_keys``: each type's way is looked up once)."""
    parts: list[str] = []
    (text or _Text()).write(value, parts)
    return "".join(parts)


_DATACLASS, _MAPPING, _SEQUENCE, _SET, _PLAIN = range(5)


class _Text:
    """``content``'s walk, with how each type is written decided once per type (at 70,000 views, asking
    ``dataclasses.is_dataclass`` and ``fields`` of every value was most of a no-change rebuild's keys).
    The text is the same as deciding it for each value: the same tests, in the same order."""

    def __init__(self) -> None:
        self.ways: dict[type, tuple] = {}

    def _way(self, kind: type) -> tuple:
        if dataclasses.is_dataclass(kind):
            way = (_DATACLASS, kind.__qualname__ + "(", tuple(f.name for f in dataclasses.fields(kind)))
        elif issubclass(kind, dict):
            way = (_MAPPING,)
        elif issubclass(kind, (list, tuple)):
            way = (_SEQUENCE,)
        elif issubclass(kind, (set, frozenset)):
            way = (_SET,)
        else:  # (a class itself, a dataclass's included, is written by its repr: its type is not a dataclass)
            way = (_PLAIN,)
        self.ways[kind] = way
        return way

    def write(self, value, parts: list[str]) -> None:
        kind = type(value)
        way = self.ways.get(kind) or self._way(kind)
        tag = way[0]
        if tag == _PLAIN:
            parts.append(repr(value))
        elif tag == _DATACLASS:
            parts.append(way[1])
            for name in way[2]:
                parts.append(name + "=")
                self.write(getattr(value, name), parts)
                parts.append(",")
            parts.append(")")
        elif tag == _SEQUENCE:
            parts.append("[")
            for item in value:
                self.write(item, parts)
                parts.append(",")
            parts.append("]")
        elif tag == _MAPPING:
            parts.append("{")
            for key, item in value.items():
                parts.append(repr(key) + ":")
                self.write(item, parts)
                parts.append(",")
            parts.append("}")
        else:
            parts.append("{" + ",".join(sorted(repr(item) for item in value)) + "}")


def with_content(site_wide: str, *values) -> str:
    """The site-wide key with what every page shows besides its view (the frame, the navigation)."""
    return _hash(site_wide, *(content(value) for value in values))


def page_keys(views: dict, documents: list, dest, site_wide: str,
              always: set[str], known=None) -> tuple[dict[str, str], dict[str, str]]:
    """{dest: key} of every page, and {dest: key} of what each indexed page gives the search index. A page's
    key: the site-wide key, its view's ``content`` and, for a document (or an annual report's data file), its
    file's digest. What a page gives the index is what its view declares (``indexed``: a column page gives
    only its description and sort key, so a title edit does not index every column bundle again). ``known``
    (``memo.ViewMemo``): the content digests of views it kept from the last build, and it learns the others'."""
    bodies = {doc.src_uri: doc.digest for doc in documents}
    keys: dict[str, str] = {}
    indexed: dict[str, str] = {}
    text = _Text()
    for uri, view in views.items():
        if uri in always:
            continue
        page = dest(uri)
        viewed = known.digest(view) if known is not None else None
        if viewed is None:
            viewed = _hash(content(view, text))
            if known is not None:
                known.learn(view, viewed)
        keys[page] = _hash(site_wide, viewed, bodies.get(uri, ""))
        given = view.indexed()
        if given is not None:
            indexed[page] = _hash(site_wide, *given, bodies.get(uri, ""))
    return keys, indexed


def bundle_keys(bundles, indexed: dict[str, str]) -> dict[str, str]:
    return {bundle.name: _hash(*(indexed.get(page, "") for page in bundle.pages)) for bundle in bundles}


def keys_file(site: Path) -> Path:
    """Where the keys of the site at ``site`` are kept: ``.site.keys.json`` beside it."""
    return site.with_name(f".{site.name}.keys.json")


def read_keys(site: Path) -> dict:
    """The keys the last build saved beside the site at ``site`` ({} when there are none to trust)."""
    try:
        last = json.loads(keys_file(site).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return last if isinstance(last, dict) and last.get("format") == FORMAT else {}


class Reuse:
    """What the last build left that this one can take over."""

    def __init__(self, site: Path, site_wide: str):
        self.site = site
        self.keys_file = keys_file(site)
        self.site_wide = site_wide
        self.pages: set[str] = set()
        self.bundles: set[str] = set()
        self.keys: dict = {}
        self.linker = Linker()
        self.last_static: dict[str, str] = {}
        self.last: dict | None = None  # the last build's keys: what the live site holds
        self.spare: dict | None = None  # the keys of the spare (the staging folder was made from it)
        self.kept: set[str] = set()  # files of the spare this build keeps in place (``clear``)
        self.kept_bundles: set[str] = set()  # search bundles of the spare kept in place, whole
        self.emptied: set[str] = set()

    def plan(self, keys: dict[str, str], bundles: dict[str, str], spare: dict | None = None,
             last: dict | None = None) -> None:
        """``spare``: the keys of the site before the last one, when the staging folder is made from it
        (``speed.spare.recycle``). ``last``: the last build's keys when the caller has read them
        (``read_keys``), else they are read here."""
        self.keys = {"format": FORMAT, "site": self.site_wide, "pages": keys, "bundles": bundles}
        last = last if last is not None else read_keys(self.site)
        if not last:
            return
        if last.get("format") != FORMAT or last.get("site") != self.site_wide or not self.site.is_dir():
            return
        self.last = last
        old_pages, old_bundles = last.get("pages", {}), last.get("bundles", {})
        self.last_static = last.get("static", {})
        self.pages = {page for page, key in keys.items() if old_pages.get(page) == key and (self.site / page).is_file()}
        self.bundles = {name for name, key in bundles.items() if old_bundles.get(name) == key}
        if spare is not None and spare.get("format") == FORMAT and spare.get("site") == self.site_wide:
            self.spare = spare
            spare_pages, spare_bundles = spare.get("pages", {}), spare.get("bundles", {})
            self.kept = {page for page in self.pages if spare_pages.get(page) == keys[page]}
            self.kept_bundles = {name for name in self.bundles if spare_bundles.get(name) == bundles[name]}

    @property
    def recycles(self) -> bool:
        """The staging folder is the spare, and some of its files are this build's."""
        return self.spare is not None

    def clear(self, staging: Path) -> int:
        """Make the staging folder (the spare) hold only what this build keeps: every file it would write
        the same (page, static file or search bundle, its key equal in the last site and in the spare). Everything
        else goes before anything is written: a file of the spare may be a link to the live site's, and
        MkDocs writes into an existing file. Returns how many files were kept."""
        root = str(staging)
        kept = 0
        bundles = tuple(f"{SEARCH_BUNDLES}/{name}/" if name else f"{SEARCH_BUNDLES}/" for name in self.kept_bundles)
        for folder, _, names in os.walk(root):  # (folders below root: root, a separator, their path)
            prefix = "" if folder == root else folder[len(root) + 1:].replace(os.sep, "/") + "/"
            whole = bool(bundles) and prefix.startswith(bundles)  # a search bundle kept as it is
            for name in names:
                if whole or prefix + name in self.kept:
                    kept += 1
                else:
                    os.unlink(os.path.join(folder, name))
                    self.emptied.add(folder)
        return kept

    def prune(self, staging: Path) -> None:
        """After the build: the folders ``clear`` emptied that nothing was written into again."""
        root = os.path.normpath(str(staging))
        for folder in sorted(self.emptied, key=len, reverse=True):
            while os.path.normpath(folder) != root:
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        self.emptied.clear()

    def link_page(self, dest_uri: str, staging: str) -> None:
        self.linker.link(os.path.join(str(self.site), dest_uri), os.path.join(staging, dest_uri))

    def take_static(self, files, staging: str) -> int:
        """Files MkDocs copies or writes as they are (theme assets, attachments, the form editor's bundle;
        feeds, open data, sitemap) that are what the last build wrote: a copied file whose source has the size,
        times and inode it had then, a generated one with the same content. They are linked from the
        last site instead (``File.copy_file`` of that file). Returns how many."""
        static = self.keys.setdefault("static", {})
        taken = 0
        for file in files:
            if file.is_documentation_page():
                continue
            content = getattr(file, "_content", None)
            if content is not None:
                key = "=" + _hash(content)
            elif file.abs_src_path:
                try:
                    stat = os.stat(file.abs_src_path)
                except OSError:
                    continue
                # ctime and inode too: npm gives every file of a package the same mtime (1985), and a file
                # written or replaced anew (npm ci, git checkout, an editor) gets a new ctime
                key = f"{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}:{stat.st_size}:{file.abs_src_path}"
            else:
                continue
            static[file.dest_uri] = key
            if self.last_static.get(file.dest_uri) == key and os.path.isfile(os.path.join(str(self.site), file.dest_uri)):
                file.copy_file = functools.partial(self._link_static, file.dest_uri, staging)
                taken += 1
                if self.spare is not None and self.spare.get("static", {}).get(file.dest_uri) == key:
                    self.kept.add(file.dest_uri)
        return taken

    def _link_static(self, dest_uri: str, staging: str, dirty: bool = False) -> None:
        self.link_page(dest_uri, staging)

    def link_bundle(self, name: str, target: Path) -> bool:
        """Hard-link the last build's bundle ``name`` into ``target``; False if it is not there."""
        source = os.path.join(str(self.site), SEARCH_BUNDLES, name)
        if not os.path.isfile(os.path.join(source, "pagefind-entry.json")):
            return False
        for folder, _, names in os.walk(source):
            into = os.path.join(str(target), os.path.relpath(folder, source))
            for file_name in names:
                self.linker.link(os.path.join(folder, file_name), os.path.join(into, file_name))
        return True

    def forget(self) -> None:
        """Before the site is swapped: until the new keys are written, nothing is reused."""
        self.keys_file.unlink(missing_ok=True)

    def save(self, pending: tuple[str, ...] | list[str] = ()) -> None:
        """After the new site is in place. ``pending``: search bundles whose new index is not in it yet
        (mkdocs serve): no key, so a build that comes before they are indexes them again."""
        keys = dict(self.keys, bundles={name: "" if name in pending else key
                                        for name, key in self.keys.get("bundles", {}).items()})
        temporary = self.keys_file.with_suffix(".tmp")
        try:
            temporary.write_text(json.dumps(keys, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.keys_file)
        except OSError:  # (e.g. the disk filled): the site is in place; the next build renders every page
            temporary.unlink(missing_ok=True)


