// Search page: Pagefind JS API behind a plain, accessible form (native inputs and selects,
// a polite live region for the result count, results as a list of dated links).
const form = document.getElementById("gov-search-page");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const base = new URL(form.dataset.base, location.href);
const PAGE = 20;
let shown = 0;
let generation = 0;

// The index comes as one bundle (a small county) or as bundles (govsite/search.py): documents in
// date order (d1 holds the newest), then column descriptions. Newest first, the page reads d1 and
// goes back a bundle at a time, only as far as the results shown need: a first query downloads
// one small bundle's metadata and chunks, not the whole county's.
const bundles = JSON.parse(form.dataset.shards || "[]");
if (!bundles.length) bundles.push({ path: "", kind: "" });
const docBundles = bundles.filter((b) => b.kind === "文件");
const columnBundles = bundles.filter((b) => b.kind === "栏目");
const bundlePath = (b) => new URL(`pagefind/${b.path ? b.path + "/" : ""}`, base).pathname;
const pagefind = await import(new URL(bundlePath(bundles[0]) + "pagefind.js", base).href);
let engine = null; // one Pagefind instance: bundles are merged into it as they are first needed
const merged = new Set();

async function using(list) {
  if (!engine) {
    engine = pagefind.createInstance({ basePath: bundlePath(list[0]) });
    await engine.options({ baseUrl: base.pathname });
    merged.add(list[0].path);
  }
  for (const b of list) {
    if (!merged.has(b.path)) {
      merged.add(b.path);
      await engine.mergeIndex(bundlePath(b), { baseUrl: base.pathname });
    }
  }
  await engine.init();
  return engine;
}

const params = new URLSearchParams(location.search);
form.elements.q.value = params.get("q") || "";
await fillFilters(params);
if (params.get("排序")) form.elements["排序"].value = params.get("排序");
document.getElementById("gov-search-q")?.setAttribute("value", form.elements.q.value);

form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
form.addEventListener("change", () => run(true));
more.addEventListener("click", () => showMore());

// The options are in the page (rendered from the content at build time): nothing to download here.
async function fillFilters(params) {
  for (const select of form.querySelectorAll("select[data-filter]")) {
    const wanted = params.get(select.dataset.filter);
    if (wanted) {
      if (![...select.options].some((o) => o.value === wanted)) select.add(new Option(wanted, wanted));
      select.value = wanted;
    }
  }
}

function hasFilters() {
  return [...form.querySelectorAll("select[data-filter]")].some((s) => s.value);
}

function currentFilters() {
  const filters = {};
  for (const select of form.querySelectorAll("select[data-filter]")) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  return filters;
}

let search = null; // the current Search

async function run(updateUrl) {
  const mine = ++generation;
  const query = form.elements.q.value.trim() || null;
  const filters = currentFilters();
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren(); more.hidden = true; status.textContent = "请输入关键词或选择筛选条件。";
    return;
  }
  if (updateUrl) {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const [k, v] of Object.entries(filters)) next.set(k, v);
    if (form.elements["排序"].value !== "date-desc") next.set("排序", form.elements["排序"].value);
    history.replaceState(null, "", "?" + next.toString());
  }
  status.textContent = "正在搜索…";
  const current = new Search(query, filters, form.elements["排序"].value);
  await current.fill(PAGE);
  if (mine !== generation) return; // a newer search started meanwhile
  search = current;
  shown = 0;
  list.replaceChildren();
  await render(true);
  if (mine !== generation) return;
  announce(); // once the list is there (polite live region)
}

async function showMore() {
  const mine = generation;
  more.disabled = true;
  await search.fill(shown + PAGE);
  more.disabled = false;
  if (mine !== generation) return;
  await render(false);
  announce();
}

function announce() {
  const n = search.results.length;
  if (!n) status.textContent = "没有找到结果，请换个关键词或减少筛选条件。";
  else if (search.complete) status.textContent = `找到 ${n} 条结果`;
  else if (search.columnsNext) status.textContent = `找到 ${n} 条文件（“显示更多结果”继续搜索栏目说明）`;
  else status.textContent = `找到 ${n} 条结果（已搜索${search.reached}以来发布的文件，“显示更多结果”继续向前搜索）`;
}

// Ranking, on top of Pagefind's:
// 1. documents before column descriptions;
// 2. for a date-sorted search, a document whose title or 发文字号 contains the query comes first;
// 3. Chinese: pages whose text literally contains the query before pages that only match its
//    segmented words. Pagefind segments Chinese differently when indexing (jieba) and when
//    searching (Intl.Segmenter), so 脱贫 indexed inside 脱贫攻坚 is not found (Pagefind#1237); every
//    page also indexes each of its Han characters (hidden 字 metadata), so a search for the query's
//    characters finds the pages, which are kept when their text really contains the query.
// Sorted by date, the document bundles are read one at a time, in date order, until a page of
// results is filled (and, for Chinese, until a literal match is among them).
const HAN = /\p{Script=Han}/u;
const CHECKED = 10; // results per list whose text is checked for the literal query
const PINNED = 5;

class Search {
  constructor(query, filters, order) {
    this.query = query;
    this.order = order;
    this.options = { filters };
    if (order !== "relevance") this.options.sort = { date: order === "date-asc" ? "asc" : "desc" };
    const kind = filters["类型"];
    const kinds = kind ? [kind] : ["文件", "栏目"];
    this.steps = []; // each reads some bundles for some kinds of page
    if (bundles[0].kind === "") this.steps.push({ bundles, kinds });
    else if (order === "relevance") {
      this.steps.push({ bundles: kinds.includes("文件") ? docBundles : [], kinds: ["文件"] });
      this.steps.push({ bundles: kinds.includes("栏目") ? columnBundles : [], kinds: ["栏目"] });
    } else {
      const ordered = order === "date-asc" ? [...docBundles].reverse() : docBundles;
      if (kinds.includes("文件")) for (const b of ordered) this.steps.push({ bundles: [b], kinds: ["文件"] });
      if (kinds.includes("栏目")) this.steps.push({ bundles: columnBundles, kinds: ["栏目"] });
    }
    this.steps = this.steps.filter((step) => step.bundles.length);
    this.done = 0;
    this.hits = 0; // literal matches found so far
    this.results = [];
    this.reached = "";
  }

  get complete() {
    return this.done >= this.steps.length;
  }

  get columnsNext() {
    return !this.complete && this.steps[this.done].kinds[0] === "栏目";
  }

  // Read bundles until there are `wanted` results (and a literal match, for a Chinese query).
  async fill(wanted) {
    const han = this.query && HAN.test(this.query);
    const first = !this.results.length;
    const hits = { 文件: [], 栏目: [] }, rest = { 文件: [], 栏目: [] }; // first fill: literal matches first, per kind
    const count = () => this.results.length + [...Object.values(hits), ...Object.values(rest)].reduce((n, l) => n + l.length, 0);
    while (!this.complete && (count() < wanted || (han && !this.hits))) {
      const step = this.steps[this.done++];
      const pagefind = await using(step.bundles);
      // Merged bundles rank by score; one bundle's results alone keep their date order.
      const only = step.bundles.length === 1 && step.bundles[0].kind === "文件" ? { 批次: step.bundles[0].path } : {};
      for (const kind of step.kinds) {
        const found = await findKind(pagefind, this.query,
          { ...this.options, filters: { ...this.options.filters, ...only, 类型: kind } });
        this.hits += found.hits.length;
        if (first) { hits[kind].push(...found.hits); rest[kind].push(...found.rest); }
        else this.results = this.results.concat(found.hits, found.rest); // after what is shown already
      }
      if (step.bundles.length === 1 && step.bundles[0].kind === "文件") {
        this.reached = cnDate(this.order === "date-asc" ? step.bundles[0].newest : step.bundles[0].oldest);
      }
    }
    if (first) this.results = [...hits.文件, ...rest.文件, ...hits.栏目, ...rest.栏目];
  }
}

const cnDate = (iso) => (iso ? `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日` : "");

const squash = (text) => (text || "").replace(/\s+/g, "");

async function literal(results, wanted) {
  const data = await Promise.all(results.map((r) => r.data()));
  return results.map((r, i) => ({
    result: r, data: data[i],
    hit: (squash(data[i].meta && data[i].meta.title) + squash(data[i].content)).includes(wanted),
  }));
}

async function findKind(pagefind, query, options) {
  const exact = (await pagefind.search(query, options)).results;
  if (!query || !HAN.test(query)) return { hits: [], rest: exact };
  const wanted = squash(query);
  const head = await literal(exact.slice(0, CHECKED), wanted);
  const seen = new Set(exact.map((r) => r.id));
  const chars = [...query].filter((c) => HAN.test(c)).join(" ");
  const loose = (await pagefind.search(chars, { filters: options.filters })).results.filter((r) => !seen.has(r.id));
  const extra = (await literal(loose.slice(0, CHECKED), wanted)).filter((x) => x.hit);
  let hits = head.filter((x) => x.hit).concat(extra);
  if (options.sort) {
    const sign = options.sort.date === "asc" ? 1 : -1;
    const date = (x) => (x.data.meta && x.data.meta["发布日期"]) || "";
    hits.sort((a, b) => sign * date(a).localeCompare(date(b)));
    const top = await literal((await pagefind.search(query, { filters: options.filters })).results.slice(0, PINNED), wanted);
    const pinned = top.filter((x) => [x.data.meta.title, x.data.meta["发文字号"]].some((v) => squash(v).includes(wanted)));
    const ids = new Set(pinned.map((x) => x.result.id));
    hits = pinned.concat(hits.filter((x) => !ids.has(x.result.id)));
  }
  const ids = new Set(hits.map((x) => x.result.id));
  return { hits: hits.map((x) => x.result), rest: exact.filter((r) => !ids.has(r.id)) };
}

async function render(first) {
  const mine = generation;
  const batch = await Promise.all(search.results.slice(shown, shown + PAGE).map((r) => r.data()));
  if (mine !== generation) return;
  for (const data of batch) list.append(item(data));
  shown += batch.length;
  more.hidden = shown >= search.results.length && search.complete;
  if (!first) list.children[shown - batch.length]?.querySelector("a")?.focus();
}

function item(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  const heading = document.createElement("p");
  heading.className = "gov-result__title";
  heading.append(link);
  if (meta["有效性"] && meta["有效性"] !== "有效") {
    const badge = document.createElement("span");
    badge.className = "gov-badge";
    badge.textContent = meta["有效性"];
    heading.append(" ", badge);
  }
  li.append(heading);
  const details = document.createElement("p");
  details.className = "gov-result__meta";
  if (meta["发布日期"]) {
    const time = document.createElement("time");
    time.dateTime = meta["发布日期"];
    time.textContent = meta["发布日期"];
    details.append("发布日期 ", time);
  }
  for (const key of ["机构", "发文字号", "索引号"]) {
    if (meta[key]) details.append(`　${key} ${meta[key]}`);
  }
  li.append(details);
  if (data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "gov-result__excerpt";
    excerpt.innerHTML = data.excerpt; // Pagefind escapes page text and adds only <mark>
    li.append(excerpt);
  }
  return li;
}

// Last: the class and constants above must be initialised before the first search.
if (form.elements.q.value || hasFilters()) run(false);
