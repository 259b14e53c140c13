#!/usr/bin/env bash
# The unit, io and services tests again with the process clock moved by Debian's faketime
# (apt-get install faketime): what `make test-moved-clock` and .ci/run run.
#
#   DATE unset: tests/unit at 29/02/2028 12:00 UTC (a few seconds), then the three folders
#               at the minute of 2027-2030 that scripts/moved_date.py derives from HEAD;
#   DATE="2030-12-31 23:30 -05": the three folders at that moment only (to repeat a failure).
#
# faketime moves the monotonic clock too, on purpose: with --exclude-monotonic
# (FAKETIME_DONT_FAKE_MONOTONIC=1) libfaketime 0.9.10 shifts the absolute CLOCK_MONOTONIC
# deadline of clock_nanosleep by the date offset and every time.sleep() of Python 3.11 fails
# with EINVAL. The price: a timed wait on a Python lock (Event.wait(t), Thread.join(t),
# Queue.get(timeout=t)) goes through sem_clockwait, which libfaketime does not intercept, and
# would wait for the moved date; no test in these folders does, and `timeout` bounds the run
# so one that starts to fails instead of hanging CI. The PostgreSQL server the tests start is
# kept on the real clock (tests/postgres.py says why).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
LIMIT_S=${MOVED_TIMEOUT:-1200}
read -r -a extra <<< "${PYTEST_ARGS:-}"
command -v faketime > /dev/null || { echo "falta faketime: apt-get install faketime" >&2; exit 1; }
export QT_QPA_PLATFORM=offscreen

run_at() {  # run_at MOMENT FOLDER...: pytest on those folders with the clock at MOMENT
    local moment=$1 seen
    shift
    seen=$(faketime "$moment" "$PYTHON" -c \
        'import time; print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))')
    echo "Reloj movido a $moment: las pruebas ven $seen ($*)"
    if [ "${seen%% *}" != "$(date -u -d "$moment" +%F)" ]; then
        echo "faketime no movió el reloj del proceso" >&2
        exit 1
    fi
    timeout "$LIMIT_S" faketime "$moment" "$PYTHON" -m pytest -q -p no:cacheprovider \
        "$@" "${extra[@]}"
}

if [ -z "${DATE:-}" ]; then
    run_at "2028-02-29 12:00:00 UTC" tests/unit
    run_at "$("$PYTHON" scripts/moved_date.py)" tests/unit tests/io tests/services
else
    run_at "$DATE" tests/unit tests/io tests/services
fi
