#!/usr/bin/env bash
# run_outputs.sh CONVEXSWITCH SCENE: runs a scene and checks the summary JSON and trajectory CSV.
set -eu
exe=$1 scene=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$exe" run "$scene" --summary "$dir/s.json" --trajectory "$dir/t.csv"
for key in status message steps evaluations final_x final_f grad_norm switch_step wall_ms; do
    grep -q "\"$key\"" "$dir/s.json" || { echo "summary lacks $key"; cat "$dir/s.json"; exit 1; }
done
grep -q '"status": "converged"' "$dir/s.json" || { echo "not converged"; cat "$dir/s.json"; exit 1; }
header=$(head -n 1 "$dir/t.csv")
[ "$header" = "step,x,y,f,grad_norm,convexity,phase,evaluations" ] || { echo "bad header: $header"; exit 1; }
[ "$(sed -n 2p "$dir/t.csv" | cut -d, -f1-3)" = "0,-5,5" ] || { echo "row 0 is not the start"; exit 1; }
steps=$(grep -o '"steps": [0-9]*' "$dir/s.json" | grep -o '[0-9]*$')
rows=$(($(wc -l < "$dir/t.csv") - 1))
[ "$rows" -eq $((steps + 1)) ] || { echo "rows $rows != steps + 1 ($steps)"; exit 1; }
ls "$dir" | grep -q tmp && { echo "temporary file left behind"; exit 1; }
echo "ok: $steps steps"
