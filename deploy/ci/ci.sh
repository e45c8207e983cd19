#!/usr/bin/env bash
# The steps of the county's CI pipelines (.gitlab-ci.yml, .gitea/workflows/site.yml,
# .github/workflows/site.yml), run through make: `make ci-check`, `make ci-build`, `make ci-deploy`.
# Every setting comes from CI variables (deploy/ci/README.md); nothing secret is in the repository.
# check fails on the checks' errors (exit 1) and on content that does not load (2); build fails only on
# content errors (the checks' findings are reported in its log, never failing it); deploy needs only build.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${GOVSITE_BIN:-.venv/bin}
REPORT=ci-report

fail() { echo "$*" >&2; exit 1; }

need() {
  local missing=()
  for name in "$@"; do [ -n "${!name:-}" ] || missing+=("$name"); done
  [ ${#missing[@]} -eq 0 ] || fail "部署失败：CI 变量 ${missing[*]} 没有设置（在代码托管平台的 CI/CD 变量或 Secrets 中设置，见 deploy/ci/README.md）。"
}

case "${1:-}" in
  check)
    mkdir -p "$REPORT"
    PYTHONPATH=hooks "$BIN/python" -m govsite.checks --json "$REPORT/checks.json" 2>&1 | tee "$REPORT/checks.txt"
    status=${PIPESTATUS[0]}
    case $status in
      0) echo "检查通过。报告：$REPORT/checks.txt（JSON：$REPORT/checks.json）。" ;;
      1) echo "检查未通过：有设为“错误”的问题（见上面的报告，也在 $REPORT/checks.txt）。网站照常生成和发布（build、deploy 作业不受影响），但要尽快改正后重新提交。" >&2 ;;
      *) echo "内容有填写错误，网站不能生成：按上面每条提示（文件、字段、修改办法）改正后重新提交。" >&2 ;;
    esac
    exit "$status"
    ;;
  build)
    mkdir -p "$REPORT"
    "$BIN/mkdocs" build 2>&1 | tee "$REPORT/build.log"
    status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then
      echo "网站生成失败：按上面的中文提示（文件、字段、修改办法）改正后重新提交；上一次发布的网站不受影响。" >&2
      exit "$status"
    fi
    echo "网站已生成：site/（合并请求中作为“网站预览”附件下载，打开 index.html 或用任意静态服务器浏览）。"
    # The published URLs (checks/published.py): the list in this job's workspace and its report folder; the
    # repository's copy is what the next build checks, so a county commits the file make site updates.
    PYTHONPATH=hooks "$BIN/python" -m govsite.checks.published && cp -f published-urls.txt "$REPORT/" 2>/dev/null || true
    # The checks' findings never fail this job (a correct site is published); the check job fails on them.
    if grep -q '"ok": false' site/maintainers/checks/report.json 2>/dev/null; then
      echo "注意：政务公开检查未通过（见上面日志末尾的摘要和 site/maintainers/checks/；check 作业显示为失败）。网站照常生成和发布，请尽快改正。"
    fi
    ;;
  deploy)
    [ -f site/index.html ] || fail "部署失败：没有 site/index.html，先运行 make ci-build。"
    case "${DEPLOY_METHOD:-}" in
      rsync)
        need DEPLOY_HOST DEPLOY_PATH DEPLOY_SSH_KEY DEPLOY_KNOWN_HOSTS
        command -v rsync >/dev/null || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
          && apt-get update -qq && apt-get install -y -qq --no-install-recommends rsync openssh-client >/dev/null; } \
          || fail "部署失败：CI 环境中没有 rsync（安装 rsync 和 openssh-client）。"
        keys=$(mktemp -d)
        trap 'rm -rf "$keys"' EXIT
        printf '%s\n' "$DEPLOY_SSH_KEY" > "$keys/id"
        printf '%s\n' "$DEPLOY_KNOWN_HOSTS" > "$keys/known_hosts"
        chmod 600 "$keys/id"
        # --delay-updates: the new files are moved into place at the end, so visitors rarely see a half-updated site
        rsync -rlz --checksum --delete-after --delay-updates \
          -e "ssh -i $keys/id -p ${DEPLOY_PORT:-22} -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$keys/known_hosts" \
          site/ "${DEPLOY_USER:+$DEPLOY_USER@}$DEPLOY_HOST:${DEPLOY_PATH%/}/" \
          || fail "部署失败：rsync 没有完成（检查 DEPLOY_HOST、DEPLOY_PATH、密钥和 DEPLOY_KNOWN_HOSTS）。"
        echo "已发布到 ${DEPLOY_HOST}:${DEPLOY_PATH}。"
        ;;
      s3)
        need DEPLOY_S3_BUCKET AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
        command -v aws >/dev/null || "$BIN/python" -m pip install --quiet --disable-pip-version-check awscli \
          || fail "部署失败：CI 环境中没有 aws 命令行工具（pip install awscli）。"
        AWS=$(command -v aws || echo "$BIN/aws")
        "$AWS" s3 sync site/ "s3://${DEPLOY_S3_BUCKET}/${DEPLOY_S3_PREFIX:-}" --delete --only-show-errors \
          ${DEPLOY_S3_ENDPOINT:+--endpoint-url "$DEPLOY_S3_ENDPOINT"} \
          || fail "部署失败：上传到对象存储没有完成（检查 DEPLOY_S3_BUCKET、DEPLOY_S3_ENDPOINT 和访问密钥）。"
        echo "已发布到对象存储 ${DEPLOY_S3_BUCKET}/${DEPLOY_S3_PREFIX:-}。"
        ;;
      "") fail "部署失败：CI 变量 DEPLOY_METHOD 没有设置（rsync 或 s3，见 deploy/ci/README.md）。" ;;
      *) fail "部署失败：DEPLOY_METHOD 只能是 rsync 或 s3，现在是“${DEPLOY_METHOD}”。" ;;
    esac
    ;;
  *) fail "用法：deploy/ci/ci.sh check|build|deploy" ;;
esac
