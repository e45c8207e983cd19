"""Site identity items that inspections check in the footer (国办发〔2017〕47号; 国办秘函〔2019〕19号):
read from ``extra.gov.identity`` in mkdocs.yml; missing ones produce one build warning listing them.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.plugins.govsite.identity")

# key in mkdocs.yml → what it is (shown in the warning)
ITEMS = {
    "主办单位": "网站主办单位，如 示例县人民政府办公室",
    "联系方式": "联系电话或邮箱",
    "网站标识码": "10位网站标识码（全国政府网站基本信息数据库）",
    "ICP备案号": "如 黔ICP备12345678号（链接到工信部备案系统）",
    "公安机关备案号": "如 黔公网安备52272202000001号（链接到公安部备案系统）",
    "找错链接": "“我为政府网站找错”平台链接",
    "网站标识图片": "党政机关网站标识图片（放在 content/ 下的路径，如 assets/dzjg.png）",
    "网站标识链接": "党政机关网站标识证书链接",
}


def resolve(extra: dict) -> dict:
    """Return the identity settings plus derived values; warn once about missing items."""
    identity = dict((extra.get("gov") or {}).get("identity") or {})
    unknown = sorted(set(identity) - set(ITEMS))
    if unknown:
        log.warning("extra.gov.identity 中有不认识的设置：%s（可用：%s）", "、".join(unknown), "、".join(ITEMS))
    missing = [k for k in ITEMS if not identity.get(k)]
    if missing:
        log.warning("网站标识信息不完整，页脚缺少：%s。请在 mkdocs.yml 的 extra.gov.identity 中填写：\n%s",
                    "、".join(missing), "\n".join(f"    {k}: {ITEMS[k]}" for k in missing))
    police = str(identity.get("公安机关备案号") or "")
    identity["公安备案编号"] = "".join(re.findall(r"\d", police))
    return identity
