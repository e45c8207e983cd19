"""Deterministic synthetic counties for the benchmark (issue 6).

A generated project is a real county project: the repository's ``catalog/`` (copied), organisations
written as ``_org.yml`` in the editors' format, and documents with Chinese front matter (docs/editors-guide.md
“编辑指南”), placed only in the columns (栏目) the product opens for each organisation: the columns are
computed by the product itself (``govsite.model.site.load`` on the organisations before any document is
written). Same size and seed, same bytes.

Alongside, the same documents are written as a Hugo site (``hugo/content``): one section per
organisation and per column, the front matter as Hugo params, for the reference build of run.py.

Usage: ``python -m tests.bench.generate --size S --out .bench/S`` (run.py calls ``generate()``).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The example county's settings and catalog: the repository's own, or examples/county/ in a county's
# repository (make new-county moves them there; tests/conftest.py EXAMPLE).
EXAMPLE = ROOT / "examples" / "county" if (ROOT / "examples" / "county" / "mkdocs.yml").is_file() else ROOT
DATA = Path(__file__).resolve().parent / "data"
HUGO_TEMPLATE = Path(__file__).resolve().parent / "hugo"
COUNTY = "示例县"  # the repository's mkdocs.yml names this county; the generated project reuses that file
AREA = "522799"  # 行政区划代码 in the 统一社会信用代码 of every generated organisation
FIRST_DAY = datetime.date(2019, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)  # fixed (not "today"), so output does not depend on the clock
YEAR_WEIGHTS = {2019: 7, 2020: 9, 2021: 11, 2022: 13, 2023: 14, 2024: 16, 2025: 17, 2026: 13}


@dataclass(frozen=True)
class Shape:
    """How big a county is: documents and organisations (the catalog is always the real one)."""

    documents: int
    departments: int
    townships: int
    villages: int


# L follows issue 6 (~40 departments, ~20 townships, ~300 villages). S and M are scaled so that every
# column can hold at least one document (inspections count empty columns: 国办秘函〔2019〕19号).
SHAPES = {
    "XS": Shape(50, 3, 1, 2),  # the tests' tiny county
    "S": Shape(2_000, 15, 4, 12),
    "M": Shape(10_000, 28, 10, 90),
    "L": Shape(50_000, 40, 20, 300),
}

# Share of the documents beyond the first of each column, by publishing organisation kind.
KIND_SHARES = {"县政府": 0.12, "部门": 0.40, "乡镇": 0.26, "街道": 0.26, "村": 0.22, "社区": 0.22}

# (folder, name, short name, 发文字号 abbreviation, 负责领域): the first 17 are the example county's.
DEPARTMENTS = [
    ("fagai", "发展和改革局", "县发改局", "发改", ["zhongda-jianshe-xiangmu", "gonggong-ziyuan-jiaoyi"]),
    ("jiaoyu", "教育局", "县教育局", "教", ["yiwu-jiaoyu"]),
    ("minzheng", "民政局", "县民政局", "民", ["shehui-jiuzhu", "yanglao-fuwu"]),
    ("sifa", "司法局", "县司法局", "司", ["gonggong-falv-fuwu"]),
    ("caizheng", "财政局", "县财政局", "财", ["caizheng-yujuesuan"]),
    ("renshe", "人力资源和社会保障局", "县人社局", "人社", ["jiuye-chuangye", "shehui-baoxian"]),
    ("ziranziyuan", "自然资源局", "县自然资源局", "自然资源", ["guotu-kongjian-guihua", "zhengdi-buchang"]),
    ("zhujian", "住房和城乡建设局", "县住建局", "住建",
     ["baozhangxing-zhufang", "nongcun-weifang-gaizao", "guoyou-tudi-fangwu-zhengshou", "shizheng-fuwu"]),
    ("nongye", "农业农村局", "县农业农村局", "农", ["shenong-butie", "fupin"]),
    ("weijian", "卫生健康局", "县卫健局", "卫", ["yiliao-weisheng"]),
    ("yingji", "应急管理局", "县应急局", "应急", ["anquan-shengchan", "jiuzai"]),
    ("huanbao", "生态环境分局", "县环保分局", "环", ["huanjing-baohu"]),
    ("wenlv", "文体广电旅游局", "县文旅局", "文旅", ["gonggong-wenhua-fuwu"]),
    ("shijian", "市场监督管理局", "县市监局", "市监", ["shipin-yaopin-jianguan"]),
    ("gongan", "公安局", "县公安局", "公", ["huji-guanli"]),
    ("zhifa", "综合行政执法局", "县执法局", "执法", ["chengshi-zonghe-zhifa"]),
    ("shuiwu", "税务局", "县税务局", "税", ["shuishou-guanli"]),
    ("tongji", "统计局", "县统计局", "统", []),
    ("shenji", "审计局", "县审计局", "审", []),
    ("shuili", "水务局", "县水务局", "水", []),
    ("linye", "林业局", "县林业局", "林", []),
    ("jiaotong", "交通运输局", "县交通局", "交", []),
    ("gongxin", "工业和信息化局", "县工信局", "工信", []),
    ("shangwu", "商务局", "县商务局", "商", []),
    ("keji", "科学技术局", "县科技局", "科", []),
    ("tuijun", "退役军人事务局", "县退役军人局", "退役", []),
    ("yibao", "医疗保障局", "县医保局", "医保", []),
    ("minzong", "民族宗教事务局", "县民宗局", "民宗", []),
    ("xinfang", "信访局", "县信访局", "信访", []),
    ("zhengwu", "政务服务管理局", "县政务服务局", "政务", []),
    ("touzi", "投资促进局", "县投促局", "投促", []),
    ("renfang", "人民防空办公室", "县人防办", "人防", []),
    ("gongxiao", "供销合作社联合社", "县供销社", "供销", []),
    ("qixiang", "气象局", "县气象局", "气", []),
    ("dangan", "档案馆", "县档案馆", "档", []),
    ("guozi", "国有资产事务服务中心", "县国资中心", "国资", []),
    ("nongji", "农业机械化服务中心", "县农机中心", "农机", []),
    ("xiangzhen", "乡村振兴局", "县乡村振兴局", "乡振", []),
    ("tiyu", "体育事业发展中心", "县体育中心", "体", []),
    ("jiguan", "机关事务管理局", "县机关事务局", "机关", []),
]

TOWNSHIPS = [  # (folder, name stem, kind)
    ("chengguan", "城关", "乡镇"), ("longquan", "龙泉", "乡镇"), ("hexi", "河西", "街道"), ("xicheng", "西城", "街道"),
    ("dongcheng", "东城", "街道"), ("qingshan", "青山", "乡镇"), ("shimen", "石门", "乡镇"), ("taoyuan", "桃园", "乡镇"),
    ("xinchang", "新场", "乡镇"), ("chayuan", "茶园", "乡镇"), ("machang", "马场", "乡镇"), ("jinzhu", "金竹", "乡镇"),
    ("changba", "长坝", "乡镇"), ("fenghuang", "凤凰", "乡镇"), ("pingba", "平坝", "乡镇"), ("shuanghe", "双河", "乡镇"),
    ("daping", "大坪", "乡镇"), ("guanyin", "观音", "乡镇"), ("gaoqiao", "高桥", "乡镇"), ("liuxi", "柳溪", "乡镇"),
]
VILLAGE_FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("新", "xin"), ("大", "da"), ("小", "xiao"),
                 ("石", "shi"), ("水", "shui"), ("河", "he"), ("山", "shan"), ("龙", "long"), ("凤", "feng"), ("金", "jin"),
                 ("银", "yin"), ("桃", "tao"), ("李", "li"), ("杨", "yang"), ("柳", "liu"), ("松", "song"), ("竹", "zhu"),
                 ("茶", "cha"), ("花", "hua"), ("马", "ma"), ("牛", "niu"), ("白", "bai"), ("黄", "huang"), ("青", "qing"),
                 ("红", "hong"), ("高", "gao")]
VILLAGE_SECOND = [("坪", "ping"), ("坝", "ba"), ("寨", "zhai"), ("沟", "gou"), ("湾", "wan"), ("岩", "yan"), ("林", "lin"),
                  ("桥", "qiao"), ("田", "tian"), ("塘", "tang"), ("冲", "chong"), ("口", "kou")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴"
GIVEN = "明华建国志军平秀英丽红玉兰海涛文杰俊伟芳娟敏静磊强勇德福贵富顺成林荣昌发祥兴旺春梅桂珍凤琴云霞忠义仁礼智信安宁"

# 主题分类 of each domain (catalog/_topics.yml); documents of unknown domains fall back to 综合政务\其他.
TOPICS = {
    "xxgk": "综合政务\\政务公开", "guotu-kongjian-guihua": "城乡建设、环境保护\\城市规划",
    "zhongda-jianshe-xiangmu": "国民经济管理、国有资产监管\\重大建设项目",
    "gonggong-ziyuan-jiaoyi": "国民经济管理、国有资产监管\\其他", "caizheng-yujuesuan": "财政、金融、审计\\财政",
    "anquan-shengchan": "市场监管、安全生产监管\\安全生产监管", "shuishou-guanli": "财政、金融、审计\\税务",
    "zhengdi-buchang": "国土资源、能源\\土地", "guoyou-tudi-fangwu-zhengshou": "城乡建设、环境保护\\城乡建设（含住房）",
    "baozhangxing-zhufang": "城乡建设、环境保护\\城乡建设（含住房）",
    "nongcun-weifang-gaizao": "城乡建设、环境保护\\城乡建设（含住房）",
    "huanjing-baohu": "城乡建设、环境保护\\环境监测、保护与治理", "gonggong-wenhua-fuwu": "文化、广电、新闻出版\\文化",
    "gonggong-falv-fuwu": "公安、安全、司法\\司法", "fupin": "民政、扶贫、救灾\\扶贫", "jiuzai": "民政、扶贫、救灾\\减灾救灾",
    "shipin-yaopin-jianguan": "市场监管、安全生产监管\\食品药品监管", "chengshi-zonghe-zhifa": "城乡建设、环境保护\\其他",
    "jiuye-chuangye": "劳动、人事、监察\\劳动就业", "shehui-baoxian": "劳动、人事、监察\\社会保障",
    "shehui-jiuzhu": "民政、扶贫、救灾\\社会福利", "yanglao-fuwu": "民政、扶贫、救灾\\社会福利",
    "huji-guanli": "公安、安全、司法\\公安", "shenong-butie": "农业、林业、水利\\农业、畜牧业、渔业",
    "yiwu-jiaoyu": "科技、教育\\教育", "yiliao-weisheng": "卫生、体育\\卫生", "shizheng-fuwu": "城乡建设、环境保护\\城乡建设（含住房）",
    "cunwu-gongkai": "民政、扶贫、救灾\\其他",
}
FDZDGK_TOPICS = ["综合政务\\政务公开", "综合政务\\其他", "国民经济管理、国有资产监管\\宏观经济", "财政、金融、审计\\财政",
                 "劳动、人事、监察\\人事工作", "城乡建设、环境保护\\城市规划", "综合政务\\应急管理"]
SECTION_HEADINGS = ["总体要求", "工作目标", "主要任务", "重点任务", "工作措施", "实施范围", "补助标准", "申报程序",
                    "实施步骤", "保障措施", "工作要求", "监督管理", "职责分工", "其他事项"]
LIST_ITEMS = ("名单", "公示", "结果", "对象", "补贴", "救助", "发放", "资金", "收支", "财务", "预算", "决算", "项目", "补偿")
DIGITS = "一二三四五六七八九十"


# --- organisations ----------------------------------------------------------------------------------------

@dataclass
class OrgSpec:
    folder: str
    name: str
    kind: str
    code: str
    short: str
    abbr: str  # 发文字号 prefix, e.g. 示教发
    domains: list[str] = field(default_factory=list)
    order: int = 1000
    parent: "OrgSpec | None" = None


def _org_code_check(body: str) -> str:
    """GB 11714 组织机构代码 check character of an 8-character body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(registry: str, category: str, body: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015) around an 8-character organisation body."""
    head = registry + category + AREA + body + _org_code_check(body)
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(head, weights))
    return head + USCC_CHARS[(31 - total % 31) % 31]


def plan_orgs(shape: Shape, rng: random.Random) -> list[OrgSpec]:
    county = OrgSpec("county", f"{COUNTY}人民政府", "县政府", credit_code("1", "1", "MB1A0000"), "县政府", "示府发", order=0)
    orgs = [county]
    for n, (slug, name, short, abbr, domains) in enumerate(DEPARTMENTS[:shape.departments], 1):
        full = f"市{name[:-2]}局{COUNTY}分局" if slug == "huanbao" else f"{COUNTY}{name}"
        orgs.append(OrgSpec(f"departments/{slug}", full, "部门", credit_code("1", "1", f"MB1A{n:04d}"), short,
                            f"示{abbr}发", list(domains), order=10 + n))
    township_slugs = {slug for slug, _, _ in TOWNSHIPS}
    combos = [(a + b, sa + sb) for a, sa in VILLAGE_FIRST for b, sb in VILLAGE_SECOND if sa + sb not in township_slugs]
    rng.shuffle(combos)
    townships = []
    for n, (slug, stem, kind) in enumerate(TOWNSHIPS[:shape.townships], 1):
        suffix = "镇" if kind == "乡镇" else "街道"
        name = f"{stem}{suffix}人民政府" if kind == "乡镇" else f"{stem}街道办事处"
        t = OrgSpec(f"townships/{slug}", name, kind, credit_code("1", "1", f"MB1B{n:04d}"), stem + suffix,
                    f"{stem}{'府' if kind == '乡镇' else '街办'}发", order=100 + n)
        townships.append(t)
    orgs += townships
    for n in range(shape.villages):
        township = townships[n % len(townships)]
        stem, slug = combos[n]
        kind = "社区" if rng.random() < 0.1 else "村"
        name = f"{COUNTY}{township.short}{stem}{'社区居民委员会' if kind == '社区' else '村民委员会'}"
        orgs.append(OrgSpec(f"{township.folder}/{slug}", name, kind, credit_code("5", "4", f"MF1C{n + 1:04d}"),
                            stem + kind, "", order=n // len(townships) + 1, parent=township))
    return orgs


def _org_yaml(org: OrgSpec, rng: random.Random) -> str:
    lines = [f"名称: {org.name}", f"类型: {org.kind}", f"机构代码: {org.code}", f"简称: {org.short}"]
    head = _person(rng)
    if org.kind in ("村", "社区"):
        lines += [f"职能: 负责办理本{org.kind}公共事务和公益事业，协助{org.parent.short}做好社会救助、养老服务和村（居）务公开等工作。",
                  f"负责人: 党组织书记、主任：{head}", f"地址: {org.parent.short}{org.short}便民服务站"]
    else:
        lines += [f"职能: 负责{org.short}职责范围内的政务公开工作，按标准目录及时公开本单位信息。",
                  f"负责人: 主要负责人：{head}（主持全面工作）", f"地址: {COUNTY}城关镇人民路{rng.randint(1, 300)}号"]
    lines += [f"电话: 0851-2{rng.randint(100000, 999999)}", "办公时间: '周一至周五 上午9:00—12:00，下午13:30—17:30'"]
    if org.domains:
        lines.append(f"负责领域: [{', '.join(org.domains)}]")
    lines.append(f"排序: {org.order}")
    return "\n".join(lines) + "\n"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


# --- documents --------------------------------------------------------------------------------------------

@dataclass(eq=False)
class DocSpec:
    org: object  # govsite Organisation
    item: object  # govsite Item
    written: datetime.date
    published: datetime.date
    title: str = ""
    number: str | None = None
    index_number: str = ""
    src_uri: str = ""
    validity: str | None = None
    policy: "DocSpec | None" = None  # set on a 解读: the policy it interprets
    keywords: str | None = None
    attachment: tuple[str, str] | None = None  # (名称, file name)


def _random_date(rng: random.Random) -> datetime.date:
    year = rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()))[0]
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), LAST_DAY)
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _dates(item, rng: random.Random) -> tuple[datetime.date, datetime.date]:
    """成文日期 and 发布日期 within the item's 公开时限 (calendar days never exceed working days)."""
    rule = item.time_rule
    if rule.kind == "每年" and rule.deadline:
        year = rng.choices(list(YEAR_WEIGHTS), weights=list(YEAR_WEIGHTS.values()))[0]
        deadline = datetime.date(year, *rule.deadline)
        published = deadline - datetime.timedelta(days=rng.randint(1, 25))
        return published - datetime.timedelta(days=rng.randint(0, 5)), published
    written = _random_date(rng)
    limit = {"工作日": rule.days or 0, "自然日": rule.days or 0, "实时": 0}.get(rule.kind, 10)
    delta = rng.randint(0, min(limit, 7))
    published = min(written + datetime.timedelta(days=delta), LAST_DAY)
    return written, published


def _interpretation_item(catalog):
    """The 政策解读 column's item (fdzdgk-02 in the default catalog)."""
    for item in catalog.items.values():
        if item.has_columns and item.name == "政策解读":
            return item
    return None


def plan_documents(site, shape: Shape, rng: random.Random) -> list[DocSpec]:
    """Every column first gets one document (as many as there are documents), the rest follow weights;
    about half the policies whose item needs a 解读 get one in the 政策解读 column of their county/township."""
    columns = list(site.columns.values())
    interp_item = _interpretation_item(site.catalog)
    county = site.tree.county
    weights = [KIND_SHARES.get(c.org.kind, 0.1) * rng.lognormvariate(0, 1.0) for c in columns]
    kind_totals: dict[str, float] = {}
    for c, w in zip(columns, weights):
        kind_totals[c.org.kind] = kind_totals.get(c.org.kind, 0) + w
    weights = [KIND_SHARES.get(c.org.kind, 0.1) * w / kind_totals[c.org.kind] for c, w in zip(columns, weights)]
    if shape.documents >= len(columns):
        picks = rng.sample(columns, len(columns))  # every column once (in random order), then by weight
        picks += rng.choices(columns, weights=weights, k=shape.documents - len(columns))
    else:
        picks = rng.sample(columns, shape.documents)
    docs: list[DocSpec] = []
    for column in picks:
        if len(docs) >= shape.documents:
            break
        written, published = _dates(column.item, rng)
        doc = DocSpec(column.org, column.item, written, published)
        docs.append(doc)
        if (column.item.needs_interpretation and interp_item and len(docs) < shape.documents
                and rng.random() < 0.5 and column.item is not interp_item):
            org = column.org if column.org.is_township else county
            if (org.id, interp_item.id) in site.columns:
                day = published + datetime.timedelta(days=rng.randint(0, 2))  # 3 working days (国办发〔2016〕19号)
                if day <= LAST_DAY:
                    docs.append(DocSpec(org, interp_item, day, day, policy=doc))
    return docs


def _assign_numbers(docs: list[DocSpec]) -> None:
    """索引号 = 机构代码/发布年份-流水号, in publication order per organisation and year."""
    serial: dict[tuple[str, int], int] = {}
    for doc in sorted(docs, key=lambda d: (d.org.id, d.published, d.written)):
        key = (doc.org.id, doc.published.year)
        serial[key] = serial.get(key, 0) + 1
        doc.index_number = f"{doc.org.code}/{doc.published.year}-{serial[key]:05d}"
        doc.src_uri = f"{doc.org.folder}/{doc.published.year}/{doc.item.id}-{serial[key]:05d}.md"


class Writer:
    """Titles, 发文字号 and bodies from the sentence pool and the catalog's own wording."""

    def __init__(self, rng: random.Random, specs: dict[str, OrgSpec]):
        self.rng = rng
        self.specs = specs
        lines = (DATA / "sentences.txt").read_text(encoding="utf-8").splitlines()
        self.sentences = [s for s in lines if s and not s.startswith("#")]
        self.numbers: dict[tuple[str, int], int] = {}

    def title(self, doc: DocSpec) -> str:
        rng, org, name, year = self.rng, doc.org, doc.item.name, doc.written.year
        label = self.specs[org.id].short
        if doc.policy is not None:
            return rng.choice(["《{}》政策解读", "图解：《{}》", "关于《{}》的解读"]).format(doc.policy.title)
        if org.is_village:
            return rng.choice([f"{label}{year}年{doc.written.month}月{name}公示", f"关于{label}{name}的公示",
                               f"{label}{year}年第{(doc.written.month - 1) // 3 + 1}季度{name}公开"])
        return rng.choice([
            f"{org.name}关于印发《{COUNTY}{year}年{name}工作方案》的通知", f"{org.name}关于做好{year}年{name}工作的通知",
            f"{org.name}关于{name}有关事项的公告", f"{label}{year}年{name}情况公示", f"{org.name}关于{year}年度{name}的报告",
            f"{COUNTY}{year}年{name}实施细则", f"关于进一步加强{name}工作的实施意见（{label}）", f"{label}{year}年{name}信息公开",
        ])

    def number(self, doc: DocSpec) -> str | None:
        spec = self.specs[doc.org.id]
        share = {"县政府": 0.7, "部门": 0.6, "乡镇": 0.4, "街道": 0.4}.get(doc.org.kind, 0)
        if not spec.abbr or doc.policy is not None or self.rng.random() >= share:
            return None
        abbr = spec.abbr if doc.org.kind != "县政府" else self.rng.choice(["示府发", "示府办发", "示府函"])
        key = (abbr, doc.written.year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{abbr}〔{doc.written.year}〕{self.numbers[key]}号"

    def _sentences(self, n: int) -> str:
        return "".join(self.rng.choice(self.sentences) for _ in range(n))

    def _item_sentence(self, doc: DocSpec) -> str:
        item, rng = doc.item, self.rng
        return rng.choice([
            f"依据{item.basis[0]}，{doc.org.name}按照“{item.time_limit}”的要求主动公开{item.name}相关信息。",
            f"本次公开的内容包括：{item.content.rstrip('。；;')}。",
            f"{item.name}信息通过{'、'.join(item.channels)}等渠道向{item.audience}公开，接受社会监督。",
            f"经{_person(rng)}等{rng.randint(3, 15)}名同志审核，相关数据已于{doc.written.month}月{doc.written.day}日核对无误。",
        ])

    def _table(self, doc: DocSpec) -> str:
        rng = self.rng
        rows = ["| 序号 | 姓名（项目） | 金额（元） | 备注 |", "| --- | --- | --- | --- |"]
        for n in range(1, rng.randint(3, 9)):
            rows.append(f"| {n} | {_person(rng)} | {rng.randint(200, 98000):,}.{rng.randint(0, 99):02d} | "
                        f"{rng.choice(['已公示', '按标准发放', '经民主评议', '动态调整', '—'])} |")
        return "\n".join(rows)

    def body(self, doc: DocSpec) -> str:
        rng, org, item = self.rng, doc.org, doc.item
        target = rng.randint(300, 1500)
        parts: list[str] = []
        if doc.policy is not None:
            parts.append(f"为便于社会公众准确理解《{doc.policy.title}》，现就有关内容解读如下。")
            headings = ["制定背景", "主要内容", "适用范围", "解读机关及联系方式"]
        elif org.is_village:
            parts.append(f"根据《中华人民共和国村民委员会组织法》和村（居）务公开有关规定，现将{self.specs[org.id].short}"
                         f"{doc.written.year}年{doc.written.month}月{item.name}公开如下。")
            headings = []
        else:
            parts.append(f"为做好{item.name}工作，根据{item.basis[0]}等规定，结合{COUNTY}实际，现将有关事项公开如下。")
            headings = rng.sample(SECTION_HEADINGS, rng.randint(2, 4))
        if any(word in item.name for word in LIST_ITEMS) and rng.random() < 0.6:
            parts.append(self._table(doc))
        parts.append(self._item_sentence(doc))
        section = 0
        while sum(len(p) for p in parts) < target:
            if headings and section < len(headings) and rng.random() < 0.6:
                parts.append(f"## {DIGITS[section]}、{headings[section]}")
                section += 1
            parts.append(self._sentences(rng.randint(1, 3)) + (self._item_sentence(doc) if rng.random() < 0.3 else ""))
        if org.is_village:
            parts.append(f"公示期为{rng.randint(5, 10)}天。如有异议，请在公示期内向村务监督委员会反映，监督电话：0851-2{rng.randint(100000, 999999)}。")
        parts += [org.name, f"{doc.written.year}年{doc.written.month}月{doc.written.day}日"]
        return "\n\n".join(parts) + "\n"


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^#:]*$")


def yaml_str(value) -> str:
    """A YAML scalar: plain when unambiguous, else double-quoted (JSON strings are valid YAML)."""
    text = str(value)
    if _PLAIN.match(text) and "\n" not in text and not text.endswith(" ") and text.lower() not in ("true", "false", "null", "yes", "no"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _front_matter(pairs: list[tuple[str, object]]) -> str:
    lines = ["---"]
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            for entry in value:
                if isinstance(entry, dict):
                    first = True
                    for k, v in entry.items():
                        lines.append(f"  {'- ' if first else '  '}{k}: {yaml_str(v)}")
                        first = False
                else:
                    lines.append(f"  - {yaml_str(entry)}")
        elif isinstance(value, datetime.date):
            lines.append(f"{key}: {value.isoformat()}")
        else:
            lines.append(f"{key}: {yaml_str(value)}")
    return "\n".join(lines + ["---", ""])


# --- the project ------------------------------------------------------------------------------------------

def install_product(project: Path) -> None:
    """Copy the repository's mkdocs.yml, hooks/ and overrides/ into ``project`` (fresh each time)."""
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(ROOT / "govsite.yml", project / "govsite.yml")  # the product's settings mkdocs.yml inherits
    for folder in ("hooks", "overrides"):
        shutil.rmtree(project / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))


def fingerprint(size: str, seed: int) -> str:
    """Changes whenever the generated bytes could: generator code, data, catalog, size, seed."""
    digest = hashlib.sha256(f"{size}:{seed}".encode())
    sources = [Path(__file__), *sorted(DATA.rglob("*")), *sorted((EXAMPLE / "catalog").rglob("*")),
               *sorted(HUGO_TEMPLATE.rglob("*"))]
    for path in sources:
        if path.is_file():
            digest.update(path.as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shape_of(size: str) -> Shape:
    return SHAPES[size]


def generate(out: Path, size: str = "S", *, seed: int = 1, hugo: bool = True) -> dict:
    """Write ``out/project`` (product) and, with ``hugo``, ``out/hugo/content``; return a summary."""
    sys.path.insert(0, str(ROOT / "hooks")) if str(ROOT / "hooks") not in sys.path else None
    from govsite.model import site as model

    shape = shape_of(size)
    rng = random.Random(f"govsite-bench:{seed}:{size}")
    project = out / "project"
    for stale in (project / "content", project / "catalog", out / "hugo" / "content"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.copytree(EXAMPLE / "catalog", project / "catalog")
    content = project / "content"

    specs = plan_orgs(shape, rng)
    for spec in specs:
        (content / spec.folder).mkdir(parents=True, exist_ok=True)
        (content / spec.folder / "_org.yml").write_text(_org_yaml(spec, rng), encoding="utf-8")
    site = model.load(project, content, project / "catalog")  # the product decides which columns exist
    by_id = {spec.folder.rsplit("/", 1)[-1]: spec for spec in specs}

    docs = plan_documents(site, shape, rng)
    _assign_numbers(docs)
    writer = Writer(rng, by_id)
    for doc in sorted(docs, key=lambda d: d.src_uri):
        if doc.policy is not None and not doc.policy.title:
            doc.policy.title = writer.title(doc.policy)
        if not doc.title:
            doc.title = writer.title(doc)
        doc.number = writer.number(doc)
        if doc.published < datetime.date(2023, 1, 1) and doc.policy is None:
            doc.validity = rng.choices([None, "失效", "废止"], weights=[92, 6, 2])[0]
        if rng.random() < 0.1:
            doc.keywords = f"{doc.item.domain.name} {doc.item.name}"
        if not doc.org.is_village and rng.random() < 0.03:
            stem = doc.src_uri.rsplit("/", 1)[-1][:-3]
            doc.attachment = (f"附件1：{doc.item.name}明细表", f"files/{stem}-fj1.csv")

    hugo_content = out / "hugo" / "content" if hugo else None
    for doc in sorted(docs, key=lambda d: d.src_uri):
        _write_document(content, hugo_content, doc, writer)
    if hugo_content:
        _write_hugo_sections(hugo_content, site, specs)
    summary = {"size": size, "seed": seed, "documents": len(docs), "organisations": len(specs),
               "departments": shape.departments, "townships": shape.townships, "villages": shape.villages,
               "columns": len(site.columns), "empty_columns": max(0, len(site.columns) - len({(d.org.id, d.item.id) for d in docs})),
               "interpretations": sum(1 for d in docs if d.policy), "attachments": sum(1 for d in docs if d.attachment),
               "fingerprint": fingerprint(size, seed)}
    (out / "generated.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def _write_document(content: Path, hugo_content: Path | None, doc: DocSpec, writer: Writer) -> None:
    body = writer.body(doc)
    attachments = [{"名称": doc.attachment[0], "文件": doc.attachment[1]}] if doc.attachment else None
    meta = [("标题", doc.title), ("栏目", doc.item.id), ("成文日期", doc.written), ("发布日期", doc.published),
            ("发文字号", doc.number), ("主题分类", _topic(doc, writer.rng)), ("有效性", doc.validity),
            ("索引号", doc.index_number), ("附件", attachments),
            ("解读对象", doc.policy.index_number if doc.policy else None), ("主题词", doc.keywords)]
    path = content / doc.src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_front_matter(meta) + "\n" + body, encoding="utf-8")
    if doc.attachment:
        (path.parent / "files").mkdir(exist_ok=True)
        (path.parent / doc.attachment[1]).write_text("序号,项目,金额（元）\n1,合计,10000.00\n", encoding="utf-8")
    if hugo_content is None:
        return
    org = doc.org
    township = org.parent or (org if org.is_township else None)
    hugo_meta = [("title", doc.title), ("date", doc.published), ("索引号", doc.index_number),
                 ("发布机构", org.name), ("成文日期", doc.written), ("发文字号", doc.number or "无"),
                 ("主题分类", dict(meta)["主题分类"]), ("有效性", doc.validity or "有效"), ("栏目名", doc.item.name),
                 ("领域名", doc.item.domain.name), ("乡镇", township.name if township else None)]
    stem = doc.src_uri.rsplit("/", 1)[-1][:-3]
    target = hugo_content / org.folder / doc.item.id / f"{doc.published.year}-{stem}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_front_matter(hugo_meta) + "\n" + body, encoding="utf-8")


def _topic(doc: DocSpec, rng: random.Random) -> str:
    if doc.item.domain.id == "fdzdgk":
        return FDZDGK_TOPICS[hash_index(doc.index_number, len(FDZDGK_TOPICS))]
    return TOPICS.get(doc.item.domain.id, "综合政务\\其他")


def hash_index(text: str, n: int) -> int:
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16) % n


def _write_hugo_sections(hugo_content: Path, site, specs: list[OrgSpec]) -> None:
    """Section pages: home, the departments/townships groups, every organisation and every column."""
    from govsite import urls

    def write(path: Path, pairs):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_front_matter(pairs), encoding="utf-8")

    write(hugo_content / "_index.md", [("title", "首页")])
    write(hugo_content / "departments" / "_index.md", [("title", "县政府部门")])
    write(hugo_content / "townships" / "_index.md", [("title", "乡镇（街道）")])
    for org in site.tree.orgs.values():
        write(hugo_content / org.folder / "_index.md",
              [("title", org.name), ("类型", org.kind), ("职能", org.functions), ("负责人", org.head),
               ("地址", org.address), ("电话", org.phone), ("weight", org.order)])
    for column in site.columns.values():
        item = column.item
        write(hugo_content / urls.column_folder(column.org, item.id) / "_index.md",
              [("title", item.name), ("机构", column.org.name), ("领域名", item.domain.name), ("公开事项", item.path),
               ("公开内容", item.content), ("公开依据", "；".join(item.basis)), ("公开时限", item.time_limit),
               ("公开主体", item.subject), ("公开渠道和载体", "、".join(item.channels)), ("公开对象", item.audience),
               ("公开方式", item.mode), ("公开层级", "、".join(item.tiers)), ("column", True)])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=list(SHAPES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    summary = generate(args.out, args.size, seed=args.seed)
    install_product(args.out / "project")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
