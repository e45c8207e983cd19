// The search page's search without the page (search.js holds the form and the list): which index
// bundles to read and in what order, the literal re-ranking of Chinese queries, the status text.
// No DOM: the Pagefind instance comes in as `engine` ({using(bundles), search(query, options)}) and
// the names the index is built with as `record`, so tests/browser/test_search_core.py runs it
// against an in-memory fake.

// The Pagefind names of the index (the search form's data-record, rendered by the build).
export const RECORD = {
  filters: { kind: "类型", bundle: "批次", org: "机构", township: "乡镇", domain: "领域", column: "栏目",
             year: "年份", topic: "主题分类", validity: "有效性" },
  meta: { title: "title", published: "发布日期", index_number: "索引号", number: "发文字号", validity: "有效性",
          org: "机构", chars: "字" },
  sort: "date",
  kinds: { document: "文件", column: "栏目" },
};

// `given` (parsed data-record, possibly absent or partial) over the defaults.
export function contract(given) {
  const g = given || {};
  return {
    filters: { ...RECORD.filters, ...g.filters }, meta: { ...RECORD.meta, ...g.meta },
    sort: g.sort || RECORD.sort, kinds: { ...RECORD.kinds, ...g.kinds },
  };
}

export const PROMPT = "请输入关键词或选择筛选条件。";
export const SEARCHING = "正在搜索…";

// The index is one bundle (a small site: [] or one bundle of kind "") or bundles (govsite search):
// documents by publication period, newest first, then column descriptions. A step reads some
// bundles for some kinds of page. Sorted by date: one document bundle at a time in date order,
// then the columns; sorted by relevance: every document bundle at once, then every column bundle.
export function plan(bundles, { order = "date-desc", kinds, record = RECORD } = {}) {
  const { document, column } = record.kinds;
  kinds = kinds || [document, column];
  if (!bundles.length || bundles[0].kind === "") return [{ bundles: bundles.length ? bundles : [{ path: "", kind: "" }], kinds }];
  const of = (kind) => (kinds.includes(kind) ? bundles.filter((b) => b.kind === kind) : []);
  const docs = order === "date-asc" ? of(document).reverse() : of(document);
  const steps = order === "relevance" ? [{ bundles: docs, kinds: [document] }]
    : docs.map((b) => ({ bundles: [b], kinds: [document] }));
  steps.push({ bundles: of(column), kinds: [column] });
  return steps.filter((step) => step.bundles.length);
}

// Ranking, on top of Pagefind's:
// 1. documents before column descriptions;
// 2. for a date-sorted search, a document whose title or 发文字号 contains the query comes first;
// 3. Chinese: pages whose text literally contains the query before pages that only match its
//    segmented words. Pagefind segments Chinese differently when indexing (jieba) and when
//    searching (Intl.Segmenter), so 脱贫 indexed inside 脱贫攻坚 is not found (Pagefind#1237); every
//    page also indexes each of its Han characters (hidden 字 metadata), so a search for the query's
//    characters finds the pages, which are kept only when their text really contains the query.
// Sorted by date, the document bundles are read one at a time, in date order, until the results
// wanted are there (and, for Chinese, a literal match is among them).
export class Search {
  constructor({ engine, bundles = [], record = RECORD, query = null, filters = {}, order = "date-desc" }) {
    Object.assign(this, { engine, record, query, filters, order });
    this.sort = order === "relevance" ? null : { [record.sort]: order === "date-asc" ? "asc" : "desc" };
    const kind = filters[record.filters.kind];
    this.steps = plan(bundles, { order, kinds: kind ? [kind] : null, record });
    this.done = 0;
    this.hits = 0; // literal matches found so far
    this.results = [];
    this.reached = ""; // the date read back (or forward) to, for the status
  }

  get complete() {
    return this.done >= this.steps.length;
  }

  get columnsNext() {
    return !this.complete && this.steps[this.done].kinds[0] === this.record.kinds.column;
  }

  // Read steps until there are `wanted` results (and a literal match, for a Chinese query). A first
  // fill puts literal matches first, per kind; later ones append after what is shown already.
  async fill(wanted) {
    const chinese = isChinese(this.query);
    const first = !this.results.length;
    const found = new Map(); // kind -> {hits, rest}, first fill only
    const count = () => this.results.length + [...found.values()].reduce((n, f) => n + f.hits.length + f.rest.length, 0);
    while (!this.complete && (count() < wanted || (chinese && !this.hits))) {
      const step = this.steps[this.done++];
      await this.engine.using(step.bundles);
      // Merged bundles rank by score; one bundle's results alone keep their date order.
      const one = step.bundles.length === 1 && step.bundles[0].kind === this.record.kinds.document ? step.bundles[0] : null;
      for (const kind of step.kinds) {
        const filters = { ...this.filters, [this.record.filters.kind]: kind };
        if (one) filters[this.record.filters.bundle] = one.path;
        const { hits, rest } = await findKind(this.engine, this.query, this.sort ? { filters, sort: this.sort } : { filters }, this.record);
        this.hits += hits.length;
        if (!first) this.results.push(...hits, ...rest);
        else if (found.has(kind)) { found.get(kind).hits.push(...hits); found.get(kind).rest.push(...rest); }
        else found.set(kind, { hits, rest });
      }
      if (one) this.reached = cnDate(this.order === "date-asc" ? one.newest : one.oldest);
    }
    if (first) this.results = [...found.values()].flatMap((f) => [...f.hits, ...f.rest]);
    return this;
  }
}

export function statusText(search) {
  const n = search.results.length;
  if (!n) return "没有找到结果，请换个关键词或减少筛选条件。";
  if (search.complete) return `找到 ${n} 条结果`;
  if (search.columnsNext) return `找到 ${n} 条文件（“显示更多结果”继续搜索栏目说明）`;
  if (search.order === "date-asc") return `找到 ${n} 条结果（已搜索${search.reached}以前发布的文件，“显示更多结果”继续向后搜索）`;
  return `找到 ${n} 条结果（已搜索${search.reached}以来发布的文件，“显示更多结果”继续向前搜索）`;
}

const HAN = /\p{Script=Han}/u;
const CHECKED = 10; // results per list whose text is checked for the literal query
const PINNED = 5; // relevance-ranked results whose title and 发文字号 are checked

export const isChinese = (query) => !!query && HAN.test(query);

export const cnDate = (iso) => (iso ? `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日` : "");

const squash = (text) => (text || "").replace(/\s+/g, "");

async function literal(results, wanted, record) {
  const data = await Promise.all(results.map((r) => r.data()));
  return data.map((d, i) => ({
    result: results[i], data: d, meta: d.meta || {},
    hit: (squash(d.meta && d.meta[record.meta.title]) + squash(d.content)).includes(wanted),
  }));
}

// One kind's results in one step: {hits: literal matches, in order; rest: Pagefind's other results}.
export async function findKind(engine, query, options, record = RECORD) {
  const exact = (await engine.search(query, options)).results;
  if (!isChinese(query)) return { hits: [], rest: exact };
  const wanted = squash(query);
  const head = await literal(exact.slice(0, CHECKED), wanted, record);
  const seen = new Set(exact.map((r) => r.id));
  const chars = [...query].filter((c) => HAN.test(c)).join(" ");
  const loose = (await engine.search(chars, { filters: options.filters })).results.filter((r) => !seen.has(r.id));
  const extra = (await literal(loose.slice(0, CHECKED), wanted, record)).filter((x) => x.hit);
  let hits = head.filter((x) => x.hit).concat(extra);
  if (options.sort) {
    const sign = Object.values(options.sort)[0] === "asc" ? 1 : -1;
    const date = (x) => x.meta[record.meta.published] || "";
    hits.sort((a, b) => sign * date(a).localeCompare(date(b)));
    const top = await literal((await engine.search(query, { filters: options.filters })).results.slice(0, PINNED), wanted, record);
    const pinned = top.filter((x) => [x.meta[record.meta.title], x.meta[record.meta.number]].some((v) => squash(v).includes(wanted)));
    const ids = new Set(pinned.map((x) => x.result.id));
    hits = pinned.concat(hits.filter((x) => !ids.has(x.result.id)));
  }
  const ids = new Set(hits.map((x) => x.result.id));
  return { hits: hits.map((x) => x.result), rest: exact.filter((r) => !ids.has(r.id)) };
}
