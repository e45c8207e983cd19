"""Material's two CSS-checkbox toggles (drawer, search) as valid HTML.

Material (9.8.1, ``base.html``, outside any block) writes ``<input type="checkbox" … autocomplete="off">``
for the drawer and its search; ``autocomplete`` is not allowed on a checkbox (Nu Html Checker,
mkdocs-material#4101). The checkboxes stay: Material's CSS opens the drawer from their ``:checked`` state
and its script requires both. Nobody operates them directly any more: the header's menu control is a
real button (``partials/header.html``, ``assets/javascripts/gov.js``), which also closes a drawer a
browser restored open (what ``autocomplete="off"`` was for).
"""

from __future__ import annotations

import re

_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\2")'
                     r' autocomplete="off">')
_ANY_TOGGLE = 'data-md-toggle="drawer"'


def valid(html: str) -> str:
    """``html`` without ``autocomplete`` on the two toggles. Raises ``ValueError`` when the page has
    Material's toggles in a form this does not know (a theme upgrade changed ``base.html``)."""
    out, count = _TOGGLE.subn(r"\1>", html, count=2)
    if count != 2 and _ANY_TOGGLE in html[:20000] and 'autocomplete="off"' in html[:20000]:
        raise ValueError("Material's drawer/search toggles changed (base.html): update govsite/render/toggles.py")
    return out
