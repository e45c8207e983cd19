"""Site identity items that inspections check in the footer (国办发〔2017〕47号; 国办秘函〔2019〕19号):
declared in ``parse.settings.Identity``; missing ones produce one build warning listing them.
"""

from __future__ import annotations

from ..parse import schema
from ..parse.settings import Identity


def missing(identity: Identity) -> str | None:
    """The build warning for missing identity items, or None when all are there."""
    absent = [f for f in schema.fields(Identity) if not getattr(identity, f.attr)]
    if not absent:
        return None
    return ("网站标识信息不完整，页脚缺少：" + "、".join(f.key for f in absent)
            + "。请在 mkdocs.yml 的 extra.gov.identity 中填写：\n"
            + "\n".join(f"    {f.key}: {f.doc}" for f in absent))
