"""render.minify: the theme's scripts and stylesheets as the site serves them (issue 25, the first query)."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from govsite.render import minify

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "overrides" / "assets"
ACORN = ROOT / "node_modules" / "acorn" / "dist" / "acorn.mjs"


def test_comments_and_indentation_go_and_lines_stay():
    source = """// a comment line
import { a } from "./b.js"; // trailing
/* a block
   comment */
function f(x) {
    return x / 2; /* inline */
}
"""
    assert minify.javascript(source) == 'import { a } from "./b.js";\nfunction f(x) {\nreturn x / 2;\n}\n'


@pytest.mark.parametrize("literal", [
    '"http://example/"', "'// not a comment'", '"/* nor this */"', '"a \\" // b"',
    "`${a // b}`".replace("a // b", 'a + "//"'), "`line one\n    line two // kept`", "`${`${x}`}/*x*/`",
])
def test_strings_and_template_literals_are_kept_as_written(literal):
    assert minify.javascript(f"const s = {literal}; // gone\n") == f"const s = {literal};\n"


@pytest.mark.parametrize("code", [
    r'x.replace(/\/\/+/g, "/");', r"const r = /[/*]/u;", r"if (/^a\/\//.test(s)) f();", r"return /\d|没有/.test(t);",
    r'f(a, /"/g);',
])
def test_regular_expressions_are_kept_as_written(code):
    assert minify.javascript(code + " // gone\n") == code + "\n"


def test_a_comment_across_lines_still_ends_the_line():
    # `return /* … */ x` across lines returns undefined: JavaScript inserts a semicolon at the comment's line break
    assert minify.javascript("function f() {\n  return /* one\n  two */ 1;\n}\n") == "function f() {\nreturn\n1;\n}\n"


def test_division_is_not_taken_for_a_regular_expression():
    assert minify.javascript("const k = size / 1000 / 2; // kb\n") == "const k = size / 1000 / 2;\n"


def test_an_unterminated_literal_is_refused():
    with pytest.raises(ValueError):
        minify.javascript('const s = "open\n')


def test_stylesheets_lose_comments_and_spaces_but_not_strings():
    source = """/* header */
.a li + li::before {
  content: "/* kept */ ";   /* gone */
  margin: 0 0 1em;
}
@media (max-width: 600px) { .b , .c { color: #555; } }
"""
    assert minify.stylesheet(source) == ('.a li + li::before{content: "/* kept */ ";margin: 0 0 1em;}'
                                         "@media (max-width: 600px){.b,.c{color: #555;}}\n")


def test_which_files_are_served_smaller_and_precompressed():
    assert minify.wanted("assets/javascripts/search-core.js") and minify.wanted("assets/stylesheets/gov.css")
    assert not minify.wanted("assets/javascripts/bundle.a5f9d56c.min.js") and not minify.wanted("admin/config.yml")
    assert minify.precompressed("assets/javascripts/bundle.a5f9d56c.min.js")
    assert minify.precompressed("assets/stylesheets/main.57a0d79d.min.css")
    assert not minify.precompressed("assets/javascripts/lunr/min/lunr.ja.min.js")  # Material's search: unused
    assert not minify.precompressed("assets/javascripts/bundle.a5f9d56c.min.js.map")


def test_the_gz_is_level_9_and_the_same_from_build_to_build():
    content = (ASSETS / "stylesheets" / "gov.css").read_bytes()
    made = minify.gzipped(content)
    assert gzip.decompress(made) == content and made == minify.gzipped(content)
    assert len(made) == len(gzip.compress(content, compresslevel=9))
    assert len(made) < len(gzip.compress(content, compresslevel=5))  # nginx's own level (deploy/nginx/govsite.conf)


@pytest.mark.parametrize("path", sorted(ASSETS.rglob("*.js")) + sorted(ASSETS.rglob("*.css")),
                         ids=lambda p: p.name)
def test_each_theme_asset_is_smaller_and_has_no_comment_left(path):
    source = path.read_text(encoding="utf-8")
    made = minify.minified(path.name, source)
    assert len(made.encode()) < len(source.encode())
    assert not any(line.lstrip().startswith(("//", "/*")) for line in made.splitlines())
    assert not any(line != line.strip() for line in made.splitlines())


@pytest.mark.skipif(not shutil.which("node") or not ACORN.exists(), reason="needs node and node_modules (npm ci)")
@pytest.mark.parametrize("path", sorted(ASSETS.rglob("*.js")), ids=lambda p: p.name)
def test_each_theme_script_keeps_its_tokens(path, tmp_path):
    """acorn (a JavaScript parser) reads the same tokens, in the same order, from the script as written and as
    served: only comments and whitespace went."""
    served = tmp_path / path.name
    served.write_text(minify.javascript(path.read_text(encoding="utf-8")), encoding="utf-8")
    script = f"""import * as acorn from {str(ACORN)!r};
import {{ readFileSync }} from "node:fs";
const tokens = (f) => [...acorn.tokenizer(readFileSync(f, "utf8"), {{ ecmaVersion: "latest", sourceType: "module" }})]
  .map((t) => `${{t.type.label}}:${{t.value ?? ""}}`).join("\\n");
process.stdout.write(tokens(process.argv[1]) === tokens(process.argv[2]) ? "same" : "different");
"""
    result = subprocess.run(["node", "--input-type=module", "-e", script, str(path), str(served)],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout == "same", result.stderr
