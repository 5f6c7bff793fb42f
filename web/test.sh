#!/usr/bin/env bash
# The browser test: builds dist/ (web/build.sh) and plays it in headless
# Chromium (web/e2e.mjs): the page loads without console errors, the title
# renders, a key starts a game and Mira walks, and a save survives a reload.
#
#   web/test.sh              build, then test
#   web/test.sh --no-build   test the dist/ already built
#
# Needs Chromium (Debian's package `chromium`, or CHROMIUM=/path/to/it) and
# Node.js with npm, which installs playwright-core from the npm registry
# into web/.tools/playwright the first time. Screenshots go to web/.e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
case "${1:-}" in
    "") ;;
    --no-build) build=false ;;
    -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

playwright_version=1.64.1
if [ "$(node -p "try { require('./web/.tools/playwright/node_modules/playwright-core/package.json').version } catch { '' }" 2>/dev/null)" != "$playwright_version" ]; then
    command -v npm >/dev/null 2>&1 || { echo "test.sh: needs Node.js and npm" >&2; exit 1; }
    echo "web: installing playwright-core $playwright_version (from npm) into web/.tools/playwright"
    npm install --silent --no-save --prefix web/.tools/playwright "playwright-core@$playwright_version"
fi

if $build; then
    web/build.sh
fi
exec node web/e2e.mjs
