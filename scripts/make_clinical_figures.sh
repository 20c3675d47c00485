#!/usr/bin/env bash
# Draws the figures of docs/clinical.md: each scenario at baseline and lesioned, run with the
# release build and drawn by `volley plot`, copied into docs/figures/clinical/.
#   scripts/make_clinical_figures.sh            (after: swift build -c release --product volley)
set -euo pipefail
cd "$(dirname "$0")/.."
V=${VOLLEY_BIN:-.build/release/volley}
OUT=docs/figures/clinical
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# figure NAME FIGURE PLOT-OPTIONS -- RUN-ARGUMENTS: runs, plots, keeps one figure as NAME.svg.
figure() {
    local name=$1 which=$2; shift 2
    local plot=()
    while [ "$1" != "--" ]; do plot+=("$1"); shift; done
    shift
    "$V" run "$@" --out "$WORK/$name" --quiet > /dev/null
    "$V" plot "$WORK/$name" --out "$WORK/$name/plots" "${plot[@]}" > /dev/null
    cp "$WORK/$name/plots/$which.svg" "$OUT/$name.svg"
    echo "$OUT/$name.svg"
}

S=configs/scenarios
figure epilepsy-baseline raster --t-start 200 --t-stop 300 --max-neurons 50 -- $S/epilepsy.yaml --t-sim 300 --set parameters.g=5
figure epilepsy-seizure raster --t-start 200 --t-stop 300 --max-neurons 50 -- $S/epilepsy.yaml --t-sim 300
figure anaesthesia-awake rates --t-start 500 --t-stop 700 --bin-ms 1 -- $S/anaesthesia.yaml --t-sim 700
figure anaesthesia-decay4 rates --t-start 500 --t-stop 700 --bin-ms 1 -- $S/anaesthesia.yaml --t-sim 700 --set parameters.gaba_decay=4
figure ttx-0 rates --bin-ms 5 -- $S/ttx.yaml --t-sim 300
figure ttx-95 rates --bin-ms 5 -- $S/ttx.yaml --t-sim 300 --set parameters.ttx_block=0.95
figure ouabain-control rates --bin-ms 100 -- $S/ouabain.yaml --set parameters.ouabain_block=0
figure ouabain-block rates --bin-ms 100 -- $S/ouabain.yaml
figure ouabain-energy energy -- $S/ouabain.yaml
# The induction lesions: the second sequence's repeat (1050-1250 ms), motor populations M0-M7.
for lesion in intact lateral=0 motor_threshold=-46 adaptation=0; do
    set_args=(); [ "$lesion" = intact ] || set_args=(--set "parameters.$lesion")
    figure "induction-${lesion%%=*}" raster --t-start 1040 --t-stop 1260 -- $S/language-model.yaml --set parameters.sequences=3 "${set_args[@]}"
done
