#!/usr/bin/env bash
# What the tests need outside Python: Debian's Chromium (Playwright drives it) and nginx (the browser
# tests are served by deploy/nginx/govsite.conf; gzip_static must be compiled in), openssl, and npm
# (the form editor's Decap CMS bundle and decap-server, installed by make setup), Java (the Nu Html
# Checker, vnu-jar from npm), a Chinese font (layout measured and screenshots taken with real glyphs) and
# faketime (tests/build/test_deterministic_build.py builds the same site on two faked days), and rsync
# (gitlab-ci-local, which runs the platform's and the county's .gitlab-ci.yml in tests/build/test_platform_ci.py).
# `make test` and `make test-deps` run this first. Everything present: exit 0 at once, silently.
# Something missing: installed with apt-get when running as root or with passwordless sudo (never a
# prompt, CI=true or not); otherwise ONE line on stderr says what to run, and the exit status is 1.
#
# Environment:
#   GOVSITE_CHROMIUM=/path   the Chromium the browser tests launch (default: chromium on PATH, /usr/bin/chromium)
#   GOVSITE_NGINX=/path      the nginx they start (default: nginx on PATH, /usr/sbin/nginx)
#   GOVSITE_DEPS_INSTALL=never   report what is missing, never install (as a user without root or sudo)
set -uo pipefail

chromium=${GOVSITE_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}
nginx=${GOVSITE_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
mime_types=/etc/nginx/mime.types

missing() {
  local packages=()
  [[ -x $chromium ]] || packages+=(chromium)
  if [[ ! -x $nginx || ! -f $mime_types || $("$nginx" -V 2>&1) != *--with-http_gzip_static_module* ]]; then
    packages+=(nginx)  # Debian's nginx has gzip_static (nginx-light is only a transitional package)
  fi
  command -v openssl >/dev/null 2>&1 || packages+=(openssl)
  # The form editor's tests need the Decap CMS bundle and decap-server (npm ci in make setup).
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  # The Nu Html Checker (tests/build/test_valid_html.py) is a Java program (vnu-jar, installed by npm ci).
  command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
  # The same inputs and check date give the same site on any day: two builds on faked clocks (libfaketime).
  command -v faketime >/dev/null 2>&1 || packages+=(faketime)
  # gitlab-ci-local (npm) copies the project with rsync before it runs a pipeline.
  command -v rsync >/dev/null 2>&1 || packages+=(rsync)
  # Chinese text in Chromium: without a CJK font every character is a box of the wrong width.
  if command -v fc-list >/dev/null 2>&1 && [[ -z $(fc-list :lang=zh family 2>/dev/null) ]]; then
    packages+=(fonts-wqy-microhei)
  fi
  echo "${packages[*]}"
}

packages=$(missing)
[[ -z $packages ]] && exit 0

command="apt-get install -y --no-install-recommends $packages"
say() { echo "make test needs $packages: $1" >&2; exit 1; }

if ! command -v apt-get >/dev/null 2>&1; then
  say "install them with your package manager (or set GOVSITE_CHROMIUM / GOVSITE_NGINX to them), then run make test again"
fi
if [[ ${GOVSITE_DEPS_INSTALL:-auto} == never ]]; then
  say "run  sudo $command  (or set GOVSITE_CHROMIUM / GOVSITE_NGINX to existing binaries), then make test again"
fi
if [[ $(id -u) == 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  say "run  sudo $command  (or set GOVSITE_CHROMIUM / GOVSITE_NGINX to existing binaries), then make test again"
fi

log=$(mktemp "${TMPDIR:-/tmp}/govsite-deps.XXXXXX.log")
echo "installing $packages for the browser tests (apt-get; log: $log)" >&2
# The tests start nginx themselves: keep the package from starting the system service (port 80).
policy=/usr/sbin/policy-rc.d
own_policy=
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee "$policy" >/dev/null && "${as_root[@]}" chmod 755 "$policy" && own_policy=1
fi
install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages >>"$log" 2>&1
}
# Package lists may be missing (a fresh container) or stale: update once if the first attempt fails.
install || { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1; install; }
status=$?
[[ -n $own_policy ]] && "${as_root[@]}" rm -f "$policy"

still=$(missing)
if [[ $status != 0 ]]; then
  say "apt-get failed (see $log); run  ${as_root[*]:+sudo }$command  then make test again"
elif [[ -n $still ]]; then
  packages=$still
  say "still missing after apt-get (do GOVSITE_CHROMIUM / GOVSITE_NGINX point to them?); see $log"
fi
rm -f "$log"
