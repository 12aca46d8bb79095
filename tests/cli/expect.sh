#!/usr/bin/env bash
# expect.sh EXIT_CODE PATTERN -- COMMAND...
# Runs COMMAND; passes when it exits with EXIT_CODE and its stdout+stderr match the extended
# regular expression PATTERN (empty: anything).
set -u
expected=$1 pattern=$2
shift 3
output=$("$@" 2>&1)
code=$?
if [ "$code" -ne "$expected" ]; then
    printf 'expected exit %s, got %s; output:\n%s\n' "$expected" "$code" "$output"
    exit 1
fi
if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$output"; then
    printf 'output does not match /%s/:\n%s\n' "$pattern" "$output"
    exit 1
fi
exit 0
