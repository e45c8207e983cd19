// Search page: Pagefind JS API behind a plain, accessible form (native inputs and selects,
// a polite live region for the result count, results as a list of dated links). What to search
// and how to rank is search-core.js; this is the form, the URL and the list.
import { COUNT_ASK, COUNTING, PROMPT, SEARCHING, Search, contract, statusText, voidBadge } from "./search-core.js";

const form = document.getElementById("gov-search-page");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const base = new URL(form.dataset.base, location.href);
const PAGE = 10; // results per page: on a phone, ten fill a few screens; each result shown costs a fragment download
// Counting the whole index reads more bundles than a page of results needs (at M, ~90 KB gzip on top of a
// first query of ~250 KB): the first query leaves it out, and the reader asks for it. Made here, so a page
// without it works.
const counter = document.createElement("button");
counter.type = "button";
counter.id = "search-count";
counter.textContent = COUNT_ASK;
const counterLine = document.createElement("p");
counterLine.append(counter);
status.after(counterLine);
const showCounter = (shown) => { counter.hidden = counterLine.hidden = !shown; };
showCounter(false);
let shown = 0;
let generation = 0;
let search = null; // the current Search

// The build renders the Pagefind names (data-record) and the bundles (data-bundles; data-shards
// before) into the form; without data-record the default names apply.
const json = (text, fallback) => (text ? JSON.parse(text) : fallback);
const record = contract(json(form.dataset.record, null));
const bundles = json(form.dataset.bundles ?? form.dataset.shards, []);
const engine = pagefindEngine(bundles[0] || { path: "" });

// One Pagefind instance: bundles are merged into it as a search first needs them. The 发文字号 weighs
// as much as the title (record.weights: Pagefind's metaWeights). The traditional → simplified table
// and the pinyin table are read only when a search asks for them (search-core.js), once each.
function pagefindEngine(first) {
  const path = (b) => new URL(`pagefind/${b.path ? b.path + "/" : ""}`, base).pathname;
  const loading = import(new URL(path(first) + "pagefind.js", base).href);
  const options = { baseUrl: base.pathname, ranking: { metaWeights: record.weights } };
  const merged = new Set();
  let instance = null;
  let table = null;
  let readings = null;
  return {
    async using(needed) {
      if (!instance) {
        instance = (await loading).createInstance({ basePath: path(needed[0]) });
        await instance.options(options);
        merged.add(needed[0].path);
      }
      for (const b of needed) {
        if (!merged.has(b.path)) {
          merged.add(b.path);
          await instance.mergeIndex(path(b), options);
        }
      }
      await instance.init();
    },
    search: (query, opts) => instance.search(query, opts),
    filters: () => instance.filters(), // every merged bundle's filter values, with their page counts
    alone: (bundlePath) => merged.size === 1 && merged.has(bundlePath), // the instance holds this bundle only
    table() {
      table ??= fetch(new URL(record.t2s, base)).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
      return table;
    },
    suggester: () => import("./search-suggest.js"), // 您是不是要找 (search-core.js asks only when nothing was found)
    readings() {
      readings ??= fetch(new URL(record.readings, base)).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
      return readings;
    },
  };
}

const filterSelects = () => [...form.querySelectorAll("select[data-filter]")];

// The options are in the page (rendered from the content at build time): nothing to download here.
const params = new URLSearchParams(location.search);
form.elements.q.value = params.get("q") || "";
for (const select of filterSelects()) {
  const wanted = params.get(select.dataset.filter);
  if (wanted) {
    if (![...select.options].some((o) => o.value === wanted)) select.add(new Option(wanted, wanted));
    select.value = wanted;
  }
}
if (params.get("排序")) form.elements["排序"].value = params.get("排序");
document.getElementById("gov-search-q")?.setAttribute("value", form.elements.q.value);

form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
form.addEventListener("change", () => run(true));
more.addEventListener("click", () => showMore());
counter.addEventListener("click", () => countAll());

function currentFilters() {
  const filters = {};
  for (const select of filterSelects()) if (select.value) filters[select.dataset.filter] = select.value;
  return filters;
}

async function run(updateUrl) {
  const mine = ++generation;
  const query = form.elements.q.value.trim() || null;
  const filters = currentFilters();
  const order = form.elements["排序"].value;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren(); more.hidden = true; showCounter(false); status.textContent = PROMPT; offer(null);
    return;
  }
  if (updateUrl) {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const [k, v] of Object.entries(filters)) next.set(k, v);
    if (order !== "date-desc") next.set("排序", order);
    history.replaceState(null, "", "?" + next.toString());
  }
  status.textContent = SEARCHING;
  showCounter(false);
  const current = await new Search({ engine, bundles, record, query, filters, order }).fill(PAGE);
  if (mine !== generation) return; // a newer search started meanwhile
  search = current;
  shown = 0;
  list.replaceChildren();
  await render(true);
  if (mine !== generation) return;
  status.textContent = statusText(search); // once, when the list is there (polite live region)
  offerCount();
  offer(search.suggestion);
}

function offerCount() {
  showCounter(search.countable);
  counter.disabled = false;
  counter.textContent = COUNT_ASK;
}

// 统计全部结果: the whole index counted (or "N 条以上"), on request.
async function countAll() {
  const mine = generation;
  counter.disabled = true;
  counter.textContent = COUNTING;
  await search.count();
  if (mine !== generation) return;
  showCounter(false);
  status.textContent = statusText(search);
  status.tabIndex = -1;
  status.focus(); // the button the reader pressed is gone: the answer is where the focus goes
}

// 您是不是要找：a link to the corrected query, with the same filters and order.
function offer(suggestion) {
  document.getElementById("search-suggestion")?.remove();
  if (!suggestion) return;
  const next = new URLSearchParams(location.search);
  next.set("q", suggestion);
  const link = document.createElement("a");
  link.href = "?" + next.toString();
  link.textContent = suggestion;
  const p = document.createElement("p");
  p.id = "search-suggestion";
  p.className = "gov-search-suggestion";
  p.append("您是不是要找：", link);
  status.after(p);
}

async function showMore() {
  const mine = generation;
  more.disabled = true;
  await search.fill(shown + PAGE);
  more.disabled = false;
  if (mine !== generation) return;
  await render(false);
  status.textContent = statusText(search);
  if (!search.countable) showCounter(false);
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

const LABELS = [["org", "机构"], ["number", "发文字号"], ["index_number", "索引号"]]; // record.meta key, label

function item(data) {
  const meta = data.meta || {};
  const field = (key) => meta[record.meta[key]];
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = field("title") || data.url;
  const heading = document.createElement("p");
  heading.className = "gov-result__title";
  heading.append(link);
  const badged = voidBadge(field("validity"), record);
  if (badged) {
    const badge = document.createElement("span");
    badge.className = "gov-badge";
    badge.textContent = badged;
    heading.append(" ", badge);
  }
  li.append(heading);
  const details = document.createElement("p");
  details.className = "gov-result__meta";
  if (field("published")) {
    const time = document.createElement("time");
    time.dateTime = field("published");
    time.textContent = field("published");
    details.append("发布日期 ", time);
  }
  for (const [key, label] of LABELS) if (field(key)) details.append(`　${label} ${field(key)}`);
  li.append(details);
  if (data.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "gov-result__excerpt";
    excerpt.innerHTML = data.excerpt; // Pagefind escapes page text and adds only <mark>
    li.append(excerpt);
  }
  return li;
}

// Last: everything above must be initialised before the first search.
if (form.elements.q.value || Object.keys(currentFilters()).length) run(false);
