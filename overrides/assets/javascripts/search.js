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

const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
await pagefind.options({ baseUrl: base.pathname });
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

async function fillFilters(params) {
  const available = await pagefind.filters();
  for (const select of form.querySelectorAll("select[data-filter]")) {
    const values = Object.keys(available[select.dataset.filter] || {});
    values.sort((a, b) => select.dataset.filter === "年份" ? b.localeCompare(a) : a.localeCompare(b, "zh-CN"));
    for (const value of values) select.add(new Option(value, value));
    const wanted = params.get(select.dataset.filter);
    if (wanted) {
      if (!values.includes(wanted)) select.add(new Option(wanted, wanted));
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
  status.textContent = results.length ? `找到 ${results.length} 条结果` : "没有找到结果，请换个关键词或减少筛选条件。";
  await render(true);
}

// Pagefind segments Chinese differently when indexing (jieba) and when searching (Intl.Segmenter),
// so 脱贫 indexed inside 脱贫攻坚 is not found (Pagefind#1237). Every page also indexes each of its
// Han characters (hidden 字 metadata), so a search for the query's characters finds candidates;
// those whose text really contains the query are added after the exact matches.
const HAN = /\p{Script=Han}/u;
const CANDIDATES = 30;

async function find(query, options) {
  const exact = (await pagefind.search(query, options)).results;
  if (!query || !HAN.test(query)) return exact;
  const chars = [...query].filter((c) => HAN.test(c)).join(" ");
  const seen = new Set(exact.map((r) => r.id));
  const loose = (await pagefind.search(chars, { filters: options.filters })).results
    .filter((r) => !seen.has(r.id)).slice(0, CANDIDATES);
  const wanted = query.replace(/\s+/g, "");
  const checked = await Promise.all(loose.map(async (r) => {
    const data = await r.data();
    const text = ((data.meta && data.meta.title) || "") + (data.content || "");
    return text.replace(/\s+/g, "").includes(wanted) ? { result: r, date: (data.meta || {})["发布日期"] || "" } : null;
  }));
  const extra = checked.filter(Boolean);
  if (options.sort) {
    const sign = options.sort.date === "asc" ? 1 : -1;
    extra.sort((a, b) => sign * a.date.localeCompare(b.date));
  }
  return exact.concat(extra.map((x) => x.result));
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
