"""索引号: duplicates and malformed numbers stop the build already (documents.load); here, the year part
should be the year of 发布日期 (《政府信息公开目录系统实施指引（试行）》: "后段码为4位年份数字加上5位数字
流水号…可由计算机按信息发布的日期自动生成").
"""

from __future__ import annotations

import re

from .context import Context
from .rules import Finding

RULES = ("index_number",)
_YEAR = re.compile(r"/(\d{4})-\d{5}$")


def check(ctx: Context):
    for doc in ctx.site.documents:
        match = _YEAR.search(doc.index_number)
        if match and int(match[1]) != doc.published.year:
            yield Finding("index_number",
                          f"索引号 {doc.index_number} 的年份 {match[1]} 与发布日期 {doc.published} 的年份不一致；"
                          "索引号一经分配不再改变，今后按发布年份编号即可",
                          org=doc.org, column=doc.item.id, file=doc.file, field="索引号")
