#!/usr/bin/env bash
# Install psephos from a wheel into fresh virtualenvs outside the repository and report the size
# of each install (site-packages, MB), then run the main commands from the base install.
#
#   bash benchmarks/install_size.sh [OLD_WHEEL]
#
# OLD_WHEEL (optional): a wheel of an earlier version, measured the same way for comparison.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
python=${PYTHON:-python3}
"$python" -m pip wheel "$repo" --no-deps -q -w "$work/dist"
wheel=$(ls "$work"/dist/psephos-*.whl)
measure() {  # name, requirement
  "$python" -m venv "$work/$1"
  "$work/$1/bin/pip" install -q "$2"
  echo "$1: $(du -sm "$work/$1/lib/"python3*/site-packages | cut -f1) MB"
}
if [ $# -ge 1 ]; then measure old "$1"; fi
measure base "$wheel"
measure ortools "$wheel[ortools]"
measure web "$wheel[web]"
echo "base: heavy packages installed: $("$work/base/bin/pip" list 2>/dev/null | grep -ioE '^(pyarrow|ortools|fastapi|psycopg) ' | tr -d ' ' | paste -sd, - || true)"
"$work/base/bin/pip" list --format=freeze | sed 's/^/  /' > "$work/base-packages.txt"
(cd "$work/base/lib/"python3*/site-packages && du -sm -- * | sort -rn | head -8 | sed 's/^/  base: /')
cd "$work"
"$work/base/bin/psephos" results 2024 > /dev/null && echo "base: results ok"
"$work/base/bin/psephos" map 2024 --out map.png > /dev/null && echo "base: map ok"
"$work/base/bin/psephos" project --from 2019-notional-2024 --poll "Lab 35 Con 24 Reform 15" \
  > /dev/null && echo "base: project ok"
"$work/base/bin/psephos" serve || echo "base: serve exits $? with the line above"
"$work/base/bin/python" -c "import psephos, sys; psephos.load('2024'); assert 'pandas' not in sys.modules" \
  && echo "base: psephos.load('2024') imports no pandas"
echo "files left in $work"
