"""Validity dates (施行日期, 失效日期): the documents whose 失效日期 has passed at the check date while
their front matter still says 有效. The site already shows them as 失效 (``Document.validity``, on the check date
the model was made for: ``model.load(as_of=…)``); the report lists them so the front matter can be brought in line.
"""

from __future__ import annotations

from .context import Context
from .rules import Finding

RULES = ("lapsed",)


def check(ctx: Context):
    for doc in ctx.site.documents:
        if doc.lapses_by(ctx.as_of) and not doc.stated_validity.void:
            yield Finding("lapsed", f"失效日期 {doc.expires} 已到（检查日期 {ctx.as_of}），网站上已显示为“失效”，"
                                    "文件信息中的有效性仍是“有效”：请改为“有效性: 失效”",
                          org=doc.org, file=doc.file, field="失效日期")
