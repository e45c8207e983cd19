"""The editors' guide's screenshots (docs/editors-guide.md), taken in the tests' Chromium.

``GOVSITE_SCREENSHOTS=1`` writes them into docs/images/ as ``editors-<name>.png``; otherwise each is taken
and checked (a PNG of the expected size) but not written, so the steps that make them are tested on every
run and the images never go stale silently: regenerate with
``GOVSITE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_editors_guide.py tests/browser/test_cms.py``.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
PNG = b"\x89PNG\r\n\x1a\n"


def shoot(target, name: str, **options) -> bytes:
    """Screenshot of a page or a locator; written to docs/images/editors-<name>.png when asked."""
    data = target.screenshot(**options)
    assert data[:8] == PNG, name
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 100, (name, width, height)
    if os.environ.get("GOVSITE_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        (IMAGES / f"editors-{name}.png").write_bytes(data)
    return data
