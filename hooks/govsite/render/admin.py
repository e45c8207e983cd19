"""The form editor's files in the site (``admin/``): its page, its configuration (``views.cms``) and the
Decap CMS bundle copied from ``node_modules/decap-cms/dist`` (``npm ci``; nothing from a CDN).

The page is a plain file, not a MkDocs page: it is in no navigation, no sitemap.xml and no search
bundle, and it says ``noindex``. It carries its own Content-Security-Policy (``csp.admin_policy``):
Decap compiles its configuration schema with ajv (``new Function``), so ``'unsafe-eval'`` is needed
there and nowhere else, and it talks to its backend (connect-src). Without the bundle (node absent,
``npm ci`` not run) the site is built without admin/: the public site never needs it.
"""

from __future__ import annotations

import datetime
import html
import json
from pathlib import Path

from ..model.documents import Validity
from ..parse import weburl
from ..parse.settings import BACKEND_FETCHED, CmsOptions
from ..views import cms
from . import csp, preview

BUNDLE = Path("node_modules") / "decap-cms" / "dist"
SCRIPT = "decap-cms.js"
OWN_SCRIPT = "govsite.js"  # the product's additions (render/admin.js): loaded after Decap, before it starts
OWN_SOURCE = Path(__file__).with_name("admin.js")
VALID = "GOVSITE_VALID"  # admin.js: 有效性's default, which alone does not open the fold of 更多
TITLE = "表单编辑器"


def bundle(root: Path) -> dict[str, Path] | None:
    """The bundle's files by their URI under admin/ (the script, its chunks, WebAssembly, licence), or
    None when it is not installed."""
    folder = root / BUNDLE
    if not (folder / SCRIPT).is_file():
        return None
    return {f"{cms.FOLDER}/{path.name}": path for path in sorted(folder.iterdir())
            if path.is_file() and (path.name == SCRIPT or path.name.endswith((f".{SCRIPT}", ".wasm", f"{SCRIPT}.LICENSE.txt")))}


def origins(options: CmsOptions) -> tuple[str, ...]:
    """Where the editor's page connects: decap-server, and the configured backend's addresses it fetches
    from (``settings.BACKEND_FETCHED``), as origins made from their parsed parts, never from the text
    written: the settings refused any value that is not an address (a path on the site is 'self')."""
    backend = options.backend if isinstance(options.backend, dict) else {}
    out = []
    for value in [options.local_backend] + [backend.get(key) for key in BACKEND_FETCHED]:
        try:
            origin = weburl.parse(value).origin
        except weburl.Refused:
            continue  # absent, a path, or refused by the settings before any build
        if origin not in out:
            out.append(origin)
    return tuple(out)


def page(options: CmsOptions) -> str:
    policy = html.escape(csp.admin_policy(origins(options)), quote=True)
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>表单编辑器需要启用 JavaScript。</noscript>
<script src="{SCRIPT}"></script>
<script src="{OWN_SCRIPT}"></script>
</body>
</html>
"""


def own_script() -> str:
    """admin.js with what the build knows: the preview's error box and 有效性's default."""
    return preview.fill(OWN_SOURCE.read_text(encoding="utf-8"), {
        preview.ERRORS_BOX: preview.errors_box(), VALID: json.dumps(Validity.VALID.value, ensure_ascii=False)})


def files(site, options: CmsOptions, root: Path, *, content: str, today: datetime.date,
          site_url: str | None = None) -> tuple[dict[str, str], dict[str, Path]] | None:
    """(generated files by URI → text, bundle files by URI → path), or None without the bundle."""
    found = bundle(root)
    if found is None:
        return None
    generated = {cms.PAGE: page(options), f"{cms.FOLDER}/{OWN_SCRIPT}": own_script(),
                 cms.CONFIG: cms.dump(cms.config(site, options, content=content, today=today, site_url=site_url))}
    return generated, found
