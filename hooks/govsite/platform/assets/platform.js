// The platform's search (信息资源库): the county search's ranking (search-core.js) over the platform's one
// Pagefind bundle of every site's documents; a result links to the document on its own site (the 链接
// metadata), not to the record page Pagefind indexed. Text goes in with textContent only.
import { PROMPT, SEARCHING, Search, contract, statusText } from "./search-core.js";

const form = document.getElementById("platform-search");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const base = new URL("./", document.baseURI);
const PAGE = 10;
const record = contract(JSON.parse(form.dataset.record));
const fixed = { [form.dataset.kind]: form.dataset.kindValue }; // documents only: no column records here
let search = null;
let shown = 0;
let generation = 0;

// Every record of the platform index is a document: the kind filter search-core.js adds to each search
// selects them all, and would cost the kind's filter file (a list of every record) on the first query.
function documentsOnly(options) {
  const { [record.filters.kind]: _kind, ...rest } = (options && options.filters) || {};
  const out = { ...options };
  if (Object.keys(rest).length) out.filters = rest;
  else delete out.filters;
  return out;
}

const engine = (() => {
  const path = new URL("search/pagefind/", base).pathname;
  const loading = import(path + "pagefind.js");
  let instance = null;
  let table = null;
  return {
    async using() {
      if (!instance) {
        instance = (await loading).createInstance({ basePath: path });
        await instance.options({ ranking: { metaWeights: record.weights } });
      }
      await instance.init();
    },
    search: (query, options) => instance.search(query, documentsOnly(options)),
    table() {
      table ??= fetch(new URL(record.t2s, base)).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
      return table;
    },
  };
})();

const selects = () => [...form.querySelectorAll("select[data-filter]")];
const params = new URLSearchParams(location.search);
form.elements.q.value = params.get("q") || "";
for (const select of selects()) {
  const wanted = params.get(select.dataset.filter);
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
}
if (params.get("排序")) form.elements["排序"].value = params.get("排序");

form.addEventListener("submit", (event) => { event.preventDefault(); run(true); });
form.addEventListener("change", () => run(true));
more.addEventListener("click", () => showMore());

function filters() {
  const chosen = {};
  for (const select of selects()) if (select.value) chosen[select.dataset.filter] = select.value;
  return chosen;
}

async function run(updateUrl) {
  const mine = ++generation;
  const query = form.elements.q.value.trim() || null;
  const chosen = filters();
  const order = form.elements["排序"].value;
  if (!query && !Object.keys(chosen).length) {
    list.replaceChildren(); more.hidden = true; status.textContent = PROMPT;
    return;
  }
  if (updateUrl) {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const [k, v] of Object.entries(chosen)) next.set(k, v);
    if (order !== "relevance") next.set("排序", order);
    history.replaceState(null, "", "?" + next.toString());
  }
  status.textContent = SEARCHING;
  const current = await new Search({ engine, bundles: [], record, query, filters: { ...chosen, ...fixed }, order }).fill(PAGE);
  if (mine !== generation) return;
  search = current;
  shown = 0;
  list.replaceChildren();
  await render(true);
  if (mine !== generation) return;
  status.textContent = statusText(search);
}

async function showMore() {
  const mine = generation;
  more.disabled = true;
  await search.fill(shown + PAGE);
  more.disabled = false;
  if (mine !== generation) return;
  await render(false);
  status.textContent = statusText(search);
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

const safe = (href) => (/^(https?:\/\/|\/)/.test(href || "") ? href : "#");

function item(data) {
  const meta = data.meta || {};
  const field = (key) => meta[record.meta[key]];
  const li = document.createElement("li");
  const heading = document.createElement("p");
  const link = document.createElement("a");
  link.href = safe(field("link"));
  link.textContent = field("title") || field("link");
  heading.append(link);
  li.append(heading);
  const details = document.createElement("p");
  details.className = "meta";
  details.append(field("site") || "");
  if (field("published")) {
    const time = document.createElement("time");
    time.dateTime = field("published");
    time.textContent = field("published");
    details.append("　发布日期 ", time);
  }
  for (const [key, label] of [["org", "发布机构"], ["number", "发文字号"]]) if (field(key)) details.append(`　${label} ${field(key)}`);
  li.append(details);
  return li;
}

if (form.elements.q.value || Object.keys(filters()).length) run(false);
