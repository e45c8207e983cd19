// 您是不是要找: the query a homophone or near-homophone slip was meant to be (棚护区改造 → 棚户区改造). Its own
// module: search-core.js imports it only when a Chinese query of SUGGEST_FROM or more characters found
// nothing, so a search that finds something does not download it.
import { CHECKED, HAN, RECORD, SUGGEST_FROM, readingsOf, squash } from "./search-core.js";

// Syllables a reader may confuse (模糊音): zh/z, ch/c, sh/s, n/l, f/h initials; ang/an, eng/en, ing/in finals.
export const fuzzy = (syllable) => syllable.replace(/^([zcs])h/, "$1").replace(/^n(?!g)/, "l").replace(/^f/, "h")
  .replace(/([aei])ng$/, "$1n");

// The corrected query, or null: the query spelt in pinyin (each character's usual reading) is looked up
// in the 拼 field (the titles' pinyin, Pagefind's prefix match), from its first character, then with one
// syllable at a time swapped for a near one, then from its second character and so on (a later start
// reaches further: 生态环境资量 is told from 生态环境局 by huanjingzhiliang); in the titles found, the
// run of characters that reads as the query does (every character the same or a near sound, at most
// half of them different) is the suggestion. Fewest characters changed first, then the most titles.
// Documents are looked up before column descriptions (unless the reader chose a kind): a bundle with no
// 拼 word beginning with a spelling answers with the pages of its longest word that begins it (Pagefind's
// find_word_extensions: jueding for juedingxinxi), and short column pages of those would outrank the
// long documents that really read so, past the CHECKED results read (决定薪息 on the example county).
export async function suggest(engine, query, table, filters = {}, record = RECORD) {
  const chars = [...squash(query)];
  if (chars.length < SUGGEST_FROM || !chars.every((c) => HAN.test(c))) return null;
  const read = readingsOf(table);
  const syllables = chars.map((c) => (read.get(c) || [])[0]);
  if (syllables.some((s) => !s)) return null;
  const sounds = (c) => new Set((read.get(c) || []).map(fuzzy));
  const wanted = chars.map(sounds);
  const known = [...new Set([...read.values()].flat())];
  const spellings = [];
  for (let start = 0; start < syllables.length - 1; start++) {
    // whole syllables from `start`, as many as a 拼 term holds: a title reading so has a term beginning with them
    let end = start, letters = 0;
    while (end < syllables.length && letters + syllables[end].length <= record.pinyin_letters) letters += syllables[end++].length;
    const own = syllables.slice(start, end);
    spellings.push(own.join(""));
    own.forEach((syllable, i) => known.forEach((s) => {
      if (s !== syllable && fuzzy(s) === fuzzy(syllable)) spellings.push([...own.slice(0, i), s, ...own.slice(i + 1)].join(""));
    }));
  }
  const kind = record.filters.kind;
  const passes = filters[kind] ? [filters]
    : [record.kinds.document, record.kinds.column].map((k) => ({ ...filters, [kind]: k }));
  const found = new Map(); // candidate -> {changed, titles}
  for (const chosen of passes) {
    for (const spelling of spellings) {
      const results = (await engine.search(spelling, { filters: chosen })).results.slice(0, CHECKED);
      for (const data of await Promise.all(results.map((r) => r.data()))) {
        const title = [...squash(data.meta && data.meta[record.meta.title])];
        for (const candidate of new Set(runsLike(title, chars, wanted, sounds))) {
          const seen = found.get(candidate) || { changed: [...candidate].filter((c, k) => c !== chars[k]).length, titles: 0 };
          seen.titles += 1;
          found.set(candidate, seen);
        }
      }
      if (found.size) break; // the first spelling that finds a title wins: the fewest lookups
    }
    if (found.size) break;
  }
  const best = [...found].sort(([, a], [, b]) => a.changed - b.changed || b.titles - a.titles)[0];
  return best ? best[0] : null;
}

// Runs of `title` as long as the query whose characters each read as the query's do, some of them differing.
function* runsLike(title, chars, wanted, sounds) {
  for (let j = 0; j + chars.length <= title.length; j++) {
    const run = title.slice(j, j + chars.length);
    let changed = 0, alike = true;
    for (let k = 0; k < run.length && alike; k++) {
      if (run[k] === chars[k]) continue;
      changed += 1;
      alike = [...sounds(run[k])].some((s) => wanted[k].has(s));
    }
    if (alike && changed && changed * 2 <= chars.length) yield run.join("");
  }
}
