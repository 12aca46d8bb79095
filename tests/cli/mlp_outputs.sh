#!/usr/bin/env bash
# mlp_outputs.sh CONVEXSWITCH SCENE: runs a network scene and checks that the summary has the
# training accuracy, that the trajectory CSV's x, y are the first two parameters, and that
# --trajectory-full writes every parameter (p0 ... p{n-1}).
set -eu
exe=$1 scene=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$exe" run "$scene" --summary "$dir/s.json" --trajectory "$dir/t.csv" --trajectory-full > "$dir/out.txt"
grep -Eq '^accuracy: ' "$dir/out.txt" || { echo "no accuracy line"; cat "$dir/out.txt"; exit 1; }
grep -Eq '"accuracy": (0\.9[7-9][0-9]*|1\.0)' "$dir/s.json" || { echo "accuracy missing or below 0.97"; grep accuracy "$dir/s.json"; exit 1; }
dim=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["final_x"]))' "$dir/s.json" 2>/dev/null ||
      grep -c '^    [-0-9]' "$dir/s.json")
header=$(head -n 1 "$dir/t.csv")
cols=$(awk -F, 'NR == 1 { print NF }' "$dir/t.csv")
[ "$cols" -eq $((8 + dim)) ] || { echo "expected $((8 + dim)) columns for $dim parameters, got $cols"; exit 1; }
case "$header" in
    step,x,y,f,grad_norm,convexity,phase,evaluations,p0,p1,*) ;;
    *) echo "bad header: ${header:0:120}"; exit 1 ;;
esac
# x, y (columns 2, 3) equal p0, p1 (columns 9, 10) on every row.
awk -F, 'NR > 1 && ($2 != $9 || $3 != $10) { print "row " NR ": x,y != p0,p1"; bad = 1 } END { exit bad }' "$dir/t.csv"
echo "ok: $dim parameters, $(($(wc -l < "$dir/t.csv") - 1)) rows"
