#!/usr/bin/env bash
# Runs the whole test suite: lint, unit and sandbox tests, notebook execution, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests ..."
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy"
mkdir -p test-artifacts
"$VENV/bin/python" -m pytest -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
