"""``mkdocs gh-deploy`` works: the build swaps its staging folder into site/ and points config.site_dir at
site/ again (build.finish), so ghp-import commits the finished site and pushes it. No network: the
remote ``origin`` is a bare repository on disk."""

from __future__ import annotations

import os
import subprocess

from conftest import BIN


def git(*args: str, cwd) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1"))
    assert proc.returncode == 0, f"git {' '.join(args)}:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def test_gh_deploy_pushes_the_built_site_to_the_remote_gh_pages_branch(mini, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)
    git("init", "--quiet", "--initial-branch=main", cwd=mini)
    git("config", "user.name", "测试", cwd=mini)
    git("config", "user.email", "test@example.gov.cn", cwd=mini)
    (mini / ".gitignore").write_text("site/\n.site.*\n__pycache__/\n", encoding="utf-8")
    git("add", "-A", cwd=mini)
    git("commit", "--quiet", "-m", "示例", cwd=mini)
    git("remote", "add", "origin", str(remote), cwd=mini)

    proc = subprocess.run([str(BIN / "mkdocs"), "gh-deploy", "--force", "--remote-name", "origin"], cwd=mini,
                          capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1",
                                   GIT_CONFIG_NOSYSTEM="1"))
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output and "Copying" in output and "to 'gh-pages' branch" in output, output
    pushed = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines())
    assert {"index.html", "search/index.html", "departments/nongye/zhengce/index.html",
            "pagefind/pagefind-entry.json", ".nojekyll"} <= pushed
    assert not [p for p in pushed if p.startswith((".site.", "site/"))]  # the site itself, not a staging folder
    built = {p.relative_to(mini / "site").as_posix() for p in (mini / "site").rglob("*") if p.is_file()}
    assert built <= pushed  # everything the build wrote into site/
    assert "11522799MB10000299/2025-00001" in git("show", "gh-pages:departments/nongye/zhengce/index.html", cwd=remote)
    assert [p.name for p in mini.iterdir() if p.name.startswith(".site.") and "building" in p.name] == []
