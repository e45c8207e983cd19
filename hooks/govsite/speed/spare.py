"""The spare: the site before the last one (``.site.spare``, its keys in ``.site.spare.keys.json``), kept to
build the next site in. The staging folder is then the spare, and a build leaves in place the files it would
write the same (``speed.reuse.Reuse.clear``) instead of making every folder and link of the site again (at
50,000 documents, 75,000 folders and 170,000 links: ~16 s on the project's disk, and ~9 s more to delete
the old copy). The swap itself (``render.output.AtomicOutput``) is the same with or without it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..render.output import AtomicOutput, discard

SPARE = "spare"  # .site.spare (+ .keys.json)


def paths(target: Path) -> tuple[Path, Path]:
    """The spare of the site at ``target``, and its keys."""
    spare = target.with_name(f".{target.name}.{SPARE}")
    return spare, spare.with_name(spare.name + ".keys.json")


def recycle(output: AtomicOutput) -> dict | None:
    """The spare becomes the staging folder (before anything is written into it, and after MkDocs emptied
    the staging folder: it cleans the site folder after on_config). Returns the spare's keys; None when
    there is no spare (the staging folder is then empty)."""
    if output.staging is None:
        return None
    spare, keys = paths(output.target)
    if not spare.is_dir():
        return None
    try:
        recycled = json.loads(keys.read_text(encoding="utf-8"))
        keys.unlink()  # from here on, the folder is the staging folder, not a known spare
        if output.staging.exists():
            output.staging.rmdir()  # empty (MkDocs cleaned it)
        os.replace(spare, output.staging)
    except (OSError, ValueError):
        discard(spare)
        output.staging.mkdir(exist_ok=True)
        return None
    return recycled


def fresh(output: AtomicOutput) -> None:
    """An empty staging folder after all (the recycled spare's files are of no use to this build)."""
    if output.staging is not None:
        discard(output.staging)
        output.staging.mkdir()


def keep(target: Path, old: Path, keys: dict | None) -> None:
    """After the swap: the replaced site ``old`` becomes the spare when ``keys`` say what is in it (the keys
    it was built with); the spare before it goes either way."""
    spare, spare_keys = paths(target)
    discard(spare)
    spare_keys.unlink(missing_ok=True)
    if keys is None:
        return
    try:
        os.replace(old, spare)
        temporary = spare_keys.with_suffix(".tmp")
        temporary.write_text(json.dumps(keys, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, spare_keys)
    except OSError:
        pass
