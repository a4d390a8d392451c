#!/usr/bin/env bash
# Times bygg, protokoll --webb and webbplats on the example, base and after
# alternately, in two copies of the same project. Usage: benches/scripts/fore-efter.sh BASE AFTER [N]
# (two kallelse binaries); prints version|command|seconds|peak KB per run.
set -euo pipefail
base=$1; after=$2; n=${3:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/kallelse-fore-efter
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1764547200
rm -rf "$work/p-base" "$work/p-after"
for v in base after; do
  mkdir -p $work/p-$v
  cp -r $repo/content $repo/webbplats.yaml $work/p-$v/
done
cmds=("bygg content/socialnamnden/2026-12-10" "protokoll --webb content/socialnamnden/2026-11-12" "webbplats --datum 2026-11-20 --alla")
for c in "${cmds[@]}"; do
  for i in $(seq $n); do
    for v in base after; do
      bin=$base; [ $v = after ] && bin=$after
      cd $work/p-$v
      /usr/bin/time -f "$v|$c|%e|%M" -o $work/t.txt $bin $c > /dev/null 2>$work/err-$v.txt || { echo "FAIL $v $c"; cat $work/err-$v.txt | tail -5; }
      cat $work/t.txt
    done
  done
done
