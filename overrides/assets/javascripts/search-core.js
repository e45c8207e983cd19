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
          org: "机构", chars: "字", pinyin: "拼" },
  sort: "date",
  kinds: { document: "文件", column: "栏目" },
  t2s: "search/t2s.json", // the traditional → simplified table (views.search.T2S)
  readings: "search/pinyin.json", // each common character's pinyin (views.search.READINGS)
  pinyin_query: 11, // letters of a pinyin query looked up (views.search.PINYIN_QUERY)
  pinyin_letters: 16, // letters of a 拼 term at most (views.search.PINYIN_LETTERS)
  pinyin_span: 6, // letters of a 拼 initials term at most (views.search.PINYIN_SPAN)
  weights: { title: 5, 发文字号: 5 }, // Pagefind's metaWeights (views.search.META_WEIGHTS)
  void: ["失效", "废止"], // 有效性 values a result is badged with (model.documents.Validity.void)
};

// `given` (parsed data-record, possibly absent or partial) over the defaults.
export function contract(given) {
  const g = given || {};
  return {
    filters: { ...RECORD.filters, ...g.filters }, meta: { ...RECORD.meta, ...g.meta },
    sort: g.sort || RECORD.sort, kinds: { ...RECORD.kinds, ...g.kinds }, t2s: g.t2s || RECORD.t2s,
    readings: g.readings || RECORD.readings,
    pinyin_query: g.pinyin_query || RECORD.pinyin_query, pinyin_letters: g.pinyin_letters || RECORD.pinyin_letters,
    pinyin_span: g.pinyin_span || RECORD.pinyin_span,
    weights: { ...RECORD.weights, ...g.weights }, void: g.void || RECORD.void,
  };
}

// The badge a result carries for its 有效性, or null: only a value the build declares void is marked
// (model.documents.Validity), the way the lists and the document page mark it.
export const voidBadge = (value, record = RECORD) => (value && record.void.includes(value) ? value : null);

export const PROMPT = "请输入关键词或选择筛选条件。";
export const SEARCHING = "正在搜索…";
export const COUNT_ASK = "统计全部结果"; // the button that counts the whole index (search.js), on request
export const COUNTING = "正在统计…";

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
// 3. pages that really match the query (`prepare`: its text for Chinese, the 拼 field for pinyin)
//    before pages Pagefind found otherwise. Pagefind segments Chinese differently when indexing
//    (jieba) and when searching (Intl.Segmenter), so 脱贫 indexed inside 脱贫攻坚 is not found
//    (Pagefind#1237); every page also indexes each of its Han characters (hidden 字 metadata), so a
//    search for the query's characters finds the pages, which are kept only when their text really
//    contains the query. That second search costs an index chunk per character and the fragments it
//    checks, so it runs only when the first did not fill a page with real matches.
// Sorted by date, the document bundles are read one at a time, in date order, until the results
// wanted are there (and a real match is among them). A Chinese query that matches nothing in the
// first bundle read is tried in simplified characters (the t2s table), once.
export class Search {
  constructor({ engine, bundles = [], record = RECORD, query = null, filters = {}, order = "date-desc" }) {
    Object.assign(this, { engine, record, query, filters, order });
    this.sort = order === "relevance" ? null : { [record.sort]: order === "date-asc" ? "asc" : "desc" };
    const kind = filters[record.filters.kind];
    this.steps = plan(bundles, { order, kinds: kind ? [kind] : null, record });
    this.done = 0;
    this.hits = 0; // real matches found so far
    this.results = [];
    this.reached = ""; // the date read back (or forward) to, for the status
    this.readings = null; // the pinyin table (readingsOf), read for a mixed query
    this.typed = null; // the query as typed, when it was searched in simplified characters
    this.suggestion = null; // 您是不是要找: a title's words that read as the query does
    this.total = null; // results in every bundle (count); null when not counted
    this.capped = false; // counting stopped at COUNT_LIMIT: there are more
    this.counts = "结果"; // what total counts: 文件 (a query: the document bundles) or 结果 (filters: every page)
  }

  get complete() {
    return this.done >= this.steps.length;
  }

  get columnsNext() {
    return !this.complete && this.steps[this.done].kinds[0] === this.record.kinds.column;
  }

  // Read steps until there are `wanted` results (and a real match, when the query can be checked).
  // A first fill puts real matches first, per kind; later ones append after what is shown already.
  async fill(wanted) {
    let checked = prepare(this.query, this.record).mode !== NONE;
    // a mixed query (防汛kh) is spelt in pinyin: the table is read for it (22 KB gzip), once
    if (this.readings === null && prepare(this.query, this.record).mode === MIXED && this.engine.readings) {
      this.readings = readingsOf(await this.engine.readings());
    }
    const first = !this.results.length;
    const found = new Map(); // kind -> {hits, rest}, first fill only
    const count = () => this.results.length + [...found.values()].reduce((n, f) => n + f.hits.length + f.rest.length, 0);
    while (!this.complete && (count() < wanted || (checked && !this.hits))) {
      const step = this.steps[this.done++];
      await this.engine.using(step.bundles);
      // Merged bundles rank by score; one bundle's results alone keep their date order.
      const one = step.bundles.length === 1 && step.bundles[0].kind === this.record.kinds.document ? step.bundles[0] : null;
      for (const kind of step.kinds) {
        const filters = stepFilters(this.engine, this.filters, this.record, kind, one);
        const { hits, rest } = await findKind(this.engine, this.query, this.sort ? { filters, sort: this.sort } : { filters },
                                              this.record, wanted - count(), this.readings);
        this.hits += hits.length;
        if (!first) this.results.push(...hits, ...rest);
        else if (found.has(kind)) { found.get(kind).hits.push(...hits); found.get(kind).rest.push(...rest); }
        else found.set(kind, { hits, rest });
      }
      if (one) this.reached = cnDate(this.order === "date-asc" ? one.newest : one.oldest);
      if (first && this.done === 1 && !this.hits && this.typed === null && isChinese(this.query) && this.engine.table) {
        const simplified = toSimplified(this.query, await this.engine.table());
        this.typed = this.query;
        if (simplified !== this.query) { // start again with the query in simplified characters
          this.query = simplified;
          this.done = 0;
          found.clear();
          checked = prepare(this.query, this.record).mode !== NONE;
        }
      }
    }
    if (first) this.results = [...found.values()].flatMap((f) => [...f.hits, ...f.rest]);
    // Nothing (or nothing literal) in the whole index: perhaps a homophone slip (棚护区改造 for 棚户区改造).
    if (first && this.complete && !this.hits && prepare(this.query, this.record).mode === HANZI
        && [...squash(this.query)].length >= SUGGEST_FROM && this.engine.readings && this.engine.suggester) {
      // the slip finder is its own module (search-suggest.js, ~1 KB gzip): the engine reads it only now
      const { suggest } = await this.engine.suggester();
      this.suggestion = await suggest(this.engine, this.query, await this.engine.readings(), this.filters, this.record);
    }
    return this;
  }

  // How many documents the whole index holds for a query, without showing them: Pagefind's search
  // returns its results' ids before any fragment is loaded, so each document bundle not read yet costs
  // its metadata and the index chunks of the query's words, not its fragments (column descriptions are
  // not counted: their bundles are large, and they come after every document anyway). Bundles are
  // counted in the order they would be read and counting stops at COUNT_LIMIT ("100 条以上") or after
  // COUNT_BUNDLES bundles ("N 条以上": at least N). A Chinese
  // query counts the pages its words find in the bundles not read (the per-character search is not
  // run for them). Filters alone count every page they select (their filter files). Not counted (null):
  // a pinyin query (telling its matches needs each page's 拼 field, a fragment each), and filters
  // without a query beyond one filter and the kind: Pagefind answers those from its filter files'
  // counts, as a search without words would load every index chunk of every bundle.
  async count() {
    const q = prepare(this.query, this.record);
    if (this.complete) this.total = this.results.length;
    if (!this.countable) return this;
    const rest = this.steps.slice(this.done);
    if (!q.text) return this.countFilters(rest);
    let total = this.results.length;
    this.counts = "文件";
    for (const [n, step] of rest.filter((step) => step.kinds[0] === this.record.kinds.document).entries()) {
      // enough to say "100 条以上"; or as many bundles as a first query may cost: "N 条以上"
      if (total >= COUNT_LIMIT || n >= COUNT_BUNDLES) { this.capped = true; break; }
      await this.engine.using(step.bundles);
      const one = step.bundles.length === 1 && step.bundles[0].kind === this.record.kinds.document ? step.bundles[0] : null;
      for (const kind of step.kinds) {
        const filters = { ...this.filters, [this.record.filters.kind]: kind };
        if (one) filters[this.record.filters.bundle] = one.path;
        total += (await this.engine.search(q.text, { filters })).results.length;
      }
    }
    this.total = total;
    return this;
  }

  // Whether count() would say more than the status does: the search stopped before the end of the index,
  // it has not been counted, and it is a query of words or one filter (see count). The page counts only
  // when the reader asks: counting reads more bundles than the first page needs.
  get countable() {
    if (this.complete || this.total !== null) return false;
    const q = prepare(this.query, this.record);
    if (q.mode === PINYIN || q.mode === MIXED) return false;
    if (q.text) return this.steps.slice(this.done).some((step) => step.kinds[0] === this.record.kinds.document);
    const kind = this.record.filters.kind;
    const chosen = Object.entries(this.filters).filter(([name]) => name !== kind);
    return !(chosen.length > 1 || (chosen.length && this.filters[kind]) || !this.engine.filters);
  }

  async countFilters(rest) {
    const kind = this.record.filters.kind;
    const chosen = Object.entries(this.filters).filter(([name]) => name !== kind);
    const [name, value] = chosen.length ? chosen[0] : [kind, this.filters[kind]];
    const bundles = rest.flatMap((step) => step.bundles);
    await this.engine.using(bundles.slice(0, COUNT_BUNDLES)); // metadata; filters() reads their filter files
    this.capped = bundles.length > COUNT_BUNDLES;
    this.total = ((await this.engine.filters())[name] || {})[value] || 0;
    this.counts = "结果";
    return this;
  }
}

// The filters of one kind's search in one step: the reader's, and what keeps the step to its kind and bundle.
// Each filter Pagefind applies costs its filter file (~1 KB gzip at M), so none that cannot change the
// results: a document bundle holds only documents (no 类型), and an instance holding that bundle alone needs
// no 批次 (engine.alone; an engine without it gets the filter).
function stepFilters(engine, chosen, record, kind, one) {
  const filters = { ...chosen, [record.filters.kind]: kind };
  if (!one) return filters;
  delete filters[record.filters.kind];
  if (!(engine.alone && engine.alone(one.path))) filters[record.filters.bundle] = one.path;
  return filters;
}

export const COUNT_LIMIT = 100; // results counted at most: past it the page says "100 条以上"
// Bundles counted beyond those read, at most: each costs its metadata and the index chunks of the query's
// words (measured at M, 10,000 documents in 21 bundles: counting them all took a rare query's first
// search from ~310 KB to 1,246 KB gzip); past it the page says "N 条以上".
export const COUNT_BUNDLES = 2;

export function statusText(search) {
  const n = search.results.length;
  const as = search.typed !== null && search.typed !== search.query ? `已按简体“${search.query}”搜索。` : "";
  if (!n) return as + "没有找到结果，请换个关键词或减少筛选条件。";
  if (search.complete) return `${as}找到 ${n} 条结果`;
  if (search.total !== null && search.total > n) {
    const total = `${search.capped ? `${Math.min(search.total, COUNT_LIMIT)} 条以上` : `${search.total} 条`}${search.counts}`;
    if (search.columnsNext) return `${as}找到 ${total}，已列出 ${n} 条文件（“显示更多结果”继续搜索栏目说明）`;
    const when = search.order === "date-asc" ? `${search.reached}以前` : `${search.reached}以来`;
    const further = search.order === "date-asc" ? "向后" : "向前";
    return `${as}找到 ${total}，已列出${when}发布的 ${n} 条（“显示更多结果”继续${further}搜索）`;
  }
  if (search.columnsNext) return `${as}找到 ${n} 条文件（“显示更多结果”继续搜索栏目说明）`;
  if (search.order === "date-asc") return `${as}找到 ${n} 条结果（已搜索${search.reached}以前发布的文件，“显示更多结果”继续向后搜索）`;
  return `${as}找到 ${n} 条结果（已搜索${search.reached}以来发布的文件，“显示更多结果”继续向前搜索）`;
}

export const HAN = /\p{Script=Han}/u;
const LATIN = /[a-zA-Zü]/u;
export const CHECKED = 10; // results per list whose text is checked for the query
const PINNED = 5; // relevance-ranked results whose title and 发文字号 are checked

export const isChinese = (query) => !!query && HAN.test(query);

export const cnDate = (iso) => (iso ? `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日` : "");

export const squash = (text) => (text || "").replace(/\s+/g, "");

// The traditional → simplified table ({"t2s": "繁简繁简…"}, search.t2s) applied character by character.
export function toSimplified(query, table) {
  const pairs = [...((table && table.t2s) || "")]; // by code point: some characters are beyond the BMP
  const map = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
  return [...query].map((c) => map.get(c) || c).join("");
}

// Latin letters as pinyin the way the 拼 field writes it (views.search.pinyin_terms): lowercase, no
// spaces or apostrophes, ü (also typed u: or v) as v, lue/nue as lve/nve; the first `letters` letters.
export function pinyinOf(latin, letters = RECORD.pinyin_query) {
  return latin.toLowerCase().normalize("NFC").replace(/u:/g, "v").replace(/ü/g, "v").replace(/[^a-z]/g, "")
    .replace(/([ln])ue/g, "$1ve").slice(0, letters);
}

const NONE = "none", HANZI = "han", PINYIN = "pinyin", MIXED = "mixed";

// What a query asks of Pagefind and how a result is known to really match it:
//   han (Chinese, digits, punctuation): the text contains the query;
//   pinyin (latin letters only, e.g. fangxun kanghan, fxkh, falü): a 拼 term begins with its pinyin
//     (or the text contains the query as typed);
//   mixed (防汛kh): the text contains the Chinese part and a 拼 term begins with the Chinese part's
//     pinyin (its initials, or in full) followed by the latin part: fxkh, fangxunkh (or the text contains
//     the whole query). Without the pinyin table (`readings`, readingsOf), or with the latin part first or
//     in the middle: a 拼 term begins with the latin part.
// {mode, text: Pagefind's query, loose: the 字 search (or ""), test(data)}.
export function prepare(query, record = RECORD, readings = null) {
  const raw = (query || "").trim();
  const han = isChinese(raw), latin = LATIN.test(raw);
  const whole = squash(raw).toLowerCase();
  const text = (d) => (squash(d.meta && d.meta[record.meta.title]) + squash(d.content) +
    squash(d.meta && d.meta[record.meta.number]) + squash(d.meta && d.meta[record.meta.index_number])).toLowerCase();
  if (!han && !latin) return { mode: NONE, text: query, loose: "", test: () => false }; // none, or digits only
  if (!latin) {
    // words apart (村民 自治) are each looked for, not as one phrase; titled: the title or 发文字号 has them
    const parts = raw.toLowerCase().split(/\s+/).filter(Boolean);
    const chars = [...raw].filter((c) => HAN.test(c)).join(" ");
    const titled = (d) => [d.meta && d.meta[record.meta.title], d.meta && d.meta[record.meta.number]]
      .some((v) => parts.every((p) => squash(v).toLowerCase().includes(p)));
    return { mode: HANZI, text: query, loose: chars, test: (d) => parts.every((p) => text(d).includes(p)), titled };
  }
  const pinyin = pinyinOf(raw.replace(/[^a-zA-Zü: ']/gu, " "), record.pinyin_query);
  const spelt = (d) => ((d.meta && d.meta[record.meta.pinyin]) || "").split(" ").some((t) => t && t.startsWith(pinyin));
  if (!han) return { mode: PINYIN, text: pinyin || raw, loose: "", test: (d) => spelt(d) || text(d).includes(whole) };
  const chinese = squash(raw.replace(/[a-zA-Zü:']/gu, " ")).toLowerCase();
  const chars = [...chinese].filter((c) => HAN.test(c)).join(" ");
  const spells = readings && /^[^a-zA-Zü:']+[a-zA-Zü:' ]+$/u.test(raw) ? spellings(chinese, pinyin, readings, record) : null;
  if (spells) {
    const terms = (d) => ((d.meta && d.meta[record.meta.pinyin]) || "").split(" ");
    const begins = (d) => terms(d).some((t) => t && spells.some((s) => t.startsWith(s)));
    return { mode: MIXED, text: spells[0], loose: spells[1],
             test: (d) => text(d).includes(whole) || (text(d).includes(chinese) && begins(d)) };
  }
  return { mode: MIXED, text: `${chinese} ${pinyin}`, loose: `${chars} ${pinyin}`,
           test: (d) => text(d).includes(whole) || (text(d).includes(chinese) && spelt(d)) };
}

const MIXED_READINGS = 4; // readings of a mixed query's Chinese part tried (polyphonic characters), at most

// A mixed query's Chinese part (its usual readings first) spelt as the 拼 field writes it, followed by the
// latin part: initials (fxkh), then in full (fangxunkh, fangxunkanghan), for each reading tried; null when a
// character has no reading in the table.
function spellings(chinese, latin, readings, record) {
  const options = [...chinese].filter((c) => HAN.test(c)).map((c) => (readings.get(c) || []).slice(0, 2));
  if (!options.length || options.some((o) => !o.length)) return null;
  let combos = [[]];
  for (const o of options) combos = combos.flatMap((c) => o.map((s) => [...c, s])).slice(0, MIXED_READINGS);
  const initials = combos.map((c) => (c.map((s) => s[0]).join("") + latin).slice(0, record.pinyin_span));
  const full = combos.map((c) => (c.join("") + latin).slice(0, record.pinyin_query));
  return [...new Set([initials[0], full[0], ...initials, ...full])];
}

async function check(results, test) {
  const data = await Promise.all(results.map((r) => r.data()));
  return data.map((d, i) => ({ result: results[i], data: d, meta: d.meta || {}, hit: test(d) }));
}

// Checks `results` in order, a few at a time, until `need` of them are real matches or `most` are
// checked: each check costs the result's fragment (~4 KB gzip), so no more than the page needs.
async function checkUntil(results, test, need, most) {
  const out = [];
  let hits = 0;
  while (hits < need && out.length < Math.min(most, results.length)) {
    const batch = await check(results.slice(out.length, out.length + Math.min(need - hits, most - out.length)), test);
    hits += batch.filter((x) => x.hit).length;
    out.push(...batch);
  }
  return out;
}

// One kind's results in one step: {hits: real matches, in order; rest: Pagefind's other results}.
// `need`: the real matches the page still wants from this step (the results it shows are checked).
export async function findKind(engine, query, options, record = RECORD, need = CHECKED, readings = null) {
  const q = prepare(query, record, readings);
  const exact = (await engine.search(q.text, options)).results;
  if (q.mode === NONE) return { hits: [], rest: exact };
  // pinyin: a bundle without any word that begins with the query answers with the pages of the
  // query's longest indexed prefix (fang for fangxun…), none of them a match. A bundle with such words
  // answers with the pages that have them: when every checked result matched, all of them stay, in
  // Pagefind's order; else (merged bundles, some answering that way) only the checked matches.
  if (q.mode === PINYIN) {
    const head = await check(exact.slice(0, CHECKED), q.test);
    const hits = head.filter((x) => x.hit);
    return { hits: hits.length === head.length ? exact : hits.map((x) => x.result), rest: [] };
  }
  // Sorted by date, a Chinese query's title or 发文字号 matches come first: Pagefind's best few for it
  // (title and 发文字号 weigh most) are checked first, and they count towards the page.
  let pinned = [];
  if (options.sort && q.mode === HANZI) {
    const top = await check((await engine.search(q.text, { filters: options.filters })).results.slice(0, PINNED), q.test);
    pinned = top.filter((x) => x.hit && q.titled(x.data));
  }
  const ids = new Set(pinned.map((x) => x.result.id));
  need = Math.max(pinned.length ? 0 : 1, Math.min(need, CHECKED) - pinned.length);
  const words = exact.filter((r) => !ids.has(r.id));
  const head = await checkUntil(words, q.test, need, CHECKED + need);
  let hits = head.filter((x) => x.hit);
  // the per-character search only when the words did not give the page its real matches
  if (q.loose && hits.length < need) {
    const seen = new Set(exact.map((r) => r.id));
    const loose = (await engine.search(q.loose, { filters: options.filters })).results.filter((r) => !seen.has(r.id));
    let found = (await checkUntil(loose, q.test, need - hits.length, CHECKED)).filter((x) => x.hit);
    // it ranks every page that has the characters alike: those with the query in their title first
    if (q.titled) found = [...found.filter((x) => q.titled(x.data)), ...found.filter((x) => !q.titled(x.data))];
    hits = hits.concat(found);
  }
  if (options.sort) {
    const sign = Object.values(options.sort)[0] === "asc" ? 1 : -1;
    const date = (x) => x.meta[record.meta.published] || "";
    hits.sort((a, b) => sign * date(a).localeCompare(date(b)));
  }
  hits = pinned.concat(hits);
  for (const x of hits) ids.add(x.result.id);
  return { hits: hits.map((x) => x.result), rest: exact.filter((r) => !ids.has(r.id)) };
}

// -- 您是不是要找: homophone and near-homophone slips ---------------------------------------------------------------

export const SUGGEST_FROM = 3; // Han characters a query needs before a slip is guessed (two are too ambiguous)

// The pinyin table ({"py": {"hu": "呼乎…|雇核…"}}, search.readings): character → its readings, usual first.
export function readingsOf(table) {
  const map = new Map();
  for (const [syllable, chars] of Object.entries((table && table.py) || {})) {
    const [usual, other = ""] = chars.split("|");
    for (const c of usual) map.set(c, [syllable, ...(map.get(c) || [])]);
    for (const c of other) map.set(c, [...(map.get(c) || []), syllable]);
  }
  return map;
}
