# Shared by the Scripts/bench-* benchmarks (sourced, not run). The caller sets:
#   work   the data folder          bench  the dicomfix-bench binary     name  the script's name
# and gets: build_release, generate, measure, mib, ratio, verdict, at_least, below, report_targets.

fail() { echo "$name: $*" >&2; exit 2; }

# build_release SCRATCH: builds dicomfix and dicomfix-bench in release mode; sets bin, bench, dicomfix.
build_release() {
    local scratch="$1" log="$work/.build.log"
    echo "== building dicomfix and dicomfix-bench (release, scratch path $scratch)"
    swift build -c release --scratch-path "$scratch" --product dicomfix-bench > "$log" 2>&1 \
        || { cat "$log" >&2; fail "the build of dicomfix-bench failed"; }
    swift build -c release --scratch-path "$scratch" --product dicomfix > "$log" 2>&1 \
        || { cat "$log" >&2; fail "the build of dicomfix failed"; }
    bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
    bench="$bin/dicomfix-bench"
    dicomfix="$bin/dicomfix"
}

# generate DIR COUNT: a CT study of COUNT slices in DIR unless it is already complete (the name
# and content bench-read, bench-dump and bench-validate give it, so the scripts share it).
generate() {
    local dir="$1" count="$2"
    if [[ ! -f "$dir/.complete" ]]; then
        echo "== generating $count CT slices in $dir"
        rm -rf "$dir"
        "$bench" generate-study "$dir" "$count"
        touch "$dir/.complete"
    fi
    [[ "$(find "$dir" -name '*.dcm' | wc -l)" -eq "$count" ]] || fail "$dir does not hold $count files: remove it and run again"
}

# measure NAME MAX_STATUS COMMAND...: warm-up run, then three timed runs (stdout to /dev/null);
# an exit status above MAX_STATUS is a failure. Sets best_seconds and peak_kb. Wall time is
# taken by the shell around GNU time (whose %e has only 10 ms resolution); peak RSS is GNU
# time's %M. When the variable `setup` names a command, it runs before each run, untimed
# (clearing the output folder, or copying the data a command edits in place).
measure() {
    local label="$1" max_status="$2"; shift 2
    # Not `out`: the setup command is evaluated here and may name the caller's $out.
    local timing="$work/.time" start end seconds kb status
    if [[ -n "${setup:-}" ]]; then eval "$setup" || fail "$label: the setup failed: $setup"; fi
    status=0; "$@" > /dev/null 2>&1 || status=$?
    [[ $status -le $max_status ]] || fail "$label failed (exit status $status): $*"
    best_seconds=""
    peak_kb=0
    for _ in 1 2 3; do
        if [[ -n "${setup:-}" ]]; then eval "$setup" || fail "$label: the setup failed: $setup"; fi
        start=$EPOCHREALTIME
        status=0; /usr/bin/time -f '%e %M' -o "$timing" "$@" > /dev/null 2>&1 || status=$?
        end=$EPOCHREALTIME
        [[ $status -le $max_status ]] || fail "$label failed (exit status $status): $*"
        seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
        if [[ -z "$best_seconds" ]] || awk -v a="$seconds" -v b="$best_seconds" 'BEGIN { exit !(a < b) }'; then
            best_seconds=$seconds
        fi
        read -r _ kb < <(tail -n 1 "$timing")
        if [[ $kb -gt $peak_kb ]]; then peak_kb=$kb; fi
    done
    printf '  %-58s %9s s %9s MiB\n' "$label" "$best_seconds" "$(mib "$peak_kb")"
}

mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.0005; printf "%.2f", a / b }'; }
verdict() { if "$@"; then echo PASS; else echo MISS; fi; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# report_targets ROW...: prints "what|measured|wanted|PASS or MISS" rows; exits 1 if any missed.
report_targets() {
    local missed=0 row what measured wanted result
    echo
    echo "targets:"
    printf '%-28s %-52s %-16s %s\n' "target" "measured" "wanted" "result"
    for row in "$@"; do
        IFS='|' read -r what measured wanted result <<< "$row"
        printf '%-28s %-52s %-16s %s\n' "$what" "$measured" "$wanted" "$result"
        [[ "$result" == PASS ]] || missed=1
    done
    if [[ $missed -eq 0 ]]; then echo "all targets met"; else echo "a target was missed"; exit 1; fi
}
