// Search page: Pagefind JS API behind a plain, accessible form (native inputs and selects,
// a polite live region for the result count, results as a list of dated links).
const form = document.getElementById("gov-search-page");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const base = new URL(form.dataset.base, location.href);
const PAGE = 20;
let results = [];
let shown = 0;
let generation = 0;

// A large county's index comes in shards (one per township, one for the rest): load the first and
// merge the others (govsite/search.py).
const shards = (form.dataset.shards || "").split(",").filter(Boolean).map((s) => `pagefind/${s}/`);
const bundles = shards.length ? shards : ["pagefind/"];
const pagefind = await import(new URL(bundles[0] + "pagefind.js", base).href);
await pagefind.options({ baseUrl: base.pathname });
for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(new URL(bundle, base).pathname, { baseUrl: base.pathname });
pagefind.init();

const params = new URLSearchParams(location.search);
form.elements.q.value = params.get("q") || "";
await fillFilters(params);
if (params.get("排序")) form.elements["排序"].value = params.get("排序");
document.getElementById("gov-search-q")?.setAttribute("value", form.elements.q.value);

form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
form.addEventListener("change", () => run(true));
more.addEventListener("click", () => render(false));
if (form.elements.q.value || hasFilters()) run(false);

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
  const order = form.elements["排序"].value;
  const options = { filters };
  if (order !== "relevance") options.sort = { date: order === "date-asc" ? "asc" : "desc" };
  const found = await find(query, options);
  if (mine !== generation) return; // a newer search started meanwhile
  results = found;
  shown = 0;
  list.replaceChildren();
  await render(true);
  if (mine !== generation) return;
  // Announced once the list is there (polite live region).
  status.textContent = results.length ? `找到 ${results.length} 条结果` : "没有找到结果，请换个关键词或减少筛选条件。";
}

// Ranking, on top of Pagefind's:
// 1. documents before column descriptions (two searches on the 类型 filter: no extra downloads);
// 2. for a date-sorted search, a document whose title or 发文字号 contains the query comes first;
// 3. Chinese: pages whose text literally contains the query before pages that only match its
//    segmented words. Pagefind segments Chinese differently when indexing (jieba) and when
//    searching (Intl.Segmenter), so 脱贫 indexed inside 脱贫攻坚 is not found (Pagefind#1237); every
//    page also indexes each of its Han characters (hidden 字 metadata), so a search for the query's
//    characters finds the pages, which are kept when their text really contains the query.
const HAN = /\p{Script=Han}/u;
const CHECKED = 10; // results per list whose text is checked for the literal query
const PINNED = 5;

async function find(query, options) {
  const kinds = options.filters["类型"] ? [options.filters["类型"]] : ["文件", "栏目"];
  let found = [];
  for (const kind of kinds) {
    found = found.concat(await findKind(query, { ...options, filters: { ...options.filters, 类型: kind } }));
  }
  return found;
}

const squash = (text) => (text || "").replace(/\s+/g, "");

async function literal(results, wanted) {
  const data = await Promise.all(results.map((r) => r.data()));
  return results.map((r, i) => ({
    result: r, data: data[i],
    hit: (squash(data[i].meta && data[i].meta.title) + squash(data[i].content)).includes(wanted),
  }));
}

async function findKind(query, options) {
  const exact = (await pagefind.search(query, options)).results;
  if (!query || !HAN.test(query)) return exact;
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
  return hits.map((x) => x.result).concat(exact.filter((r) => !ids.has(r.id)));
}

async function render(first) {
  const mine = generation;
  const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
  if (mine !== generation) return;
  for (const data of batch) list.append(item(data));
  shown += batch.length;
  more.hidden = shown >= results.length;
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
