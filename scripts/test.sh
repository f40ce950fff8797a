#!/usr/bin/env bash
# Runs the whole test suite: lint, unit and sandbox tests, notebook execution, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

# Debian's chromium (browser tests, PDF reports) and openssh-client (ssh-keygen: the signed
# evidence interop tests).
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/ssh-keygen ] || missing="$missing openssh-client"
if [ -n "$missing" ]; then
  echo "installing Debian's$missing for the tests ..."
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

"$VENV/bin/ruff" check src tests benchmarks
"$VENV/bin/mypy"
# The extension: prettier + eslint, then the unit tests of its pure helpers (node --test).
# Dependencies come from extension/yarn.lock; --immutable fails if the lock file is stale.
# The package scripts call jlpm (JupyterLab's pinned yarn) by name: put the venv first on PATH.
(
  export PATH="$(cd "$VENV/bin" && pwd):$PATH"
  cd extension
  jlpm install --immutable >/dev/null
  jlpm lint:check
  jlpm test
)
mkdir -p test-artifacts
"$VENV/bin/python" -m pytest -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
