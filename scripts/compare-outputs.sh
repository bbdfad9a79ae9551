#!/usr/bin/env bash
# Runs the same commands on the shared real data with two whitespot binaries and compares what
# they write, byte for byte: recommendations, rankings, similar products, evaluation tables and
# JSON, basket rules, profiles, and the messages of a few refused inputs. A refactoring that
# must not change behaviour passes when nothing differs.
#
#   scripts/compare-outputs.sh BASE_BINARY NEW_BINARY [DATA_DIR]
#
# BASE_BINARY is typically main's release build (git archive main | tar -x -C /tmp/base &&
# swift build -c release there), NEW_BINARY this checkout's .build/release/whitespot.
# DATA_DIR defaults to ../shared/data. Models are trained once, by the base binary, and scored
# by both; training itself is compared through the factors of a model each binary trains.
# Timings (keys and phrases holding seconds) are masked before comparing. Exit 1 on any
# difference (the differing files are listed and kept in the work directory), 0 otherwise.
set -euo pipefail
[[ $# -ge 2 ]] || { sed -n 2,14p "$0" >&2; exit 2; }
base=$(realpath "$1"); new=$(realpath "$2")
data=$(realpath "${3:-$(dirname "$0")/../../shared/data}")
work=$(mktemp -d /tmp/whitespot-compare.XXXXXX)
echo "comparing $base and $new on $data in $work"

groceries=("$data/groceries/Groceries_dataset.csv" --columns customer=Member_number,date=Date,product=itemDescription
    --date-format dd-MM-yyyy)
superstore=("$data/superstore/Sample - Superstore.csv"
    --columns 'customer=Customer ID,date=Order Date,product=Product ID,quantity=Quantity,revenue=Sales,segment=Segment,category=Sub-Category,order=Order ID'
    --date-format M/d/yyyy)
retail=("$data/online-retail-ii-2009-2010/online_retail_II_2009-2010.csv"
    --columns 'customer=Customer ID,date=InvoiceDate,product=StockCode,quantity=Quantity,price=Price,segment=Country,order=Invoice'
    --exclude-products 'POST,DOT,M,m,C2,C3,D,S,B,ADJUST,ADJUST2,BANK CHARGES,AMAZONFEE,TEST001,TEST002')

# Masks what changes from run to run: JSON members whose key names seconds (a number, or a
# block of them, as pretty-printed), times in text ("0.17 s", "0.41 s/it") and creation times.
mask() {
    awk '
        skip > 0 { if ($0 ~ /^ *[]}],?$/ && --skip == 0) next; if ($0 ~ /[[{] *$/) skip++; next }
        /"[A-Za-z_]*[Ss]econds[A-Za-z_]*" *: *[[{] *$/ { skip = 1; next }
        /"[A-Za-z_]*[Ss]econds[A-Za-z_]*" *: / { next }
        { print }' |
    sed -E -e 's/[0-9]+(\.[0-9]+)? s\b/# s/g' -e 's/[0-9.]+ s\/it/# s\/it/g' \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?/#datetime/g'
}

# run NAME BINARY ARGS...: stdout to NAME.out, stderr to NAME.err, status to NAME.status.
run() {
    local name=$1 bin=$2; shift 2
    set +e
    (cd "$work/$side" && "$bin" "$@" >"$name.out" 2>"$name.err"); echo $? >"$work/$side/$name.status"
    set -e
}

models="$work/models"; mkdir -p "$models"
# Bad lines skipped and reported (the located errors' JSON).
printf 'customer_id,order_date,product_id,quantity\nA,2024-01-01,p1,2\nB,2024-13-01,p1,1\nC,2024-01-02,p2,x\n' >"$work/bad.csv"
"$base" train "${groceries[@]}" --model "$models/groceries.safetensors" --factors 16 --iterations 6 --threads 2 >/dev/null
"$base" train "${superstore[@]}" --model "$models/superstore.safetensors" --factors 16 --iterations 6 --threads 2 >/dev/null
"$base" train "${superstore[@]}" --product-level Sub-Category --model "$models/subcat.safetensors" --factors 8 \
    --iterations 6 --threads 2 >/dev/null

for side in base new; do
    bin=$base; [[ $side == new ]] && bin=$new
    mkdir -p "$work/$side"
    echo "== $side"
    run train-groceries "$bin" train "${groceries[@]}" --model trained.safetensors --factors 16 --iterations 6 --threads 2 --json --loss
    run score-groceries "$bin" score "${groceries[@]}" --model "$models/groceries.safetensors" --top 10 --threads 2 --json --out groceries.csv
    run score-own-model "$bin" score "${groceries[@]}" --model trained.safetensors --top 5 --threads 2 --out own.csv
    run score-jsonl "$bin" score "${groceries[@]}" --model "$models/groceries.safetensors" --format jsonl --threads 2 \
        --affinity logistic --shard 2/3 --out shard.jsonl
    run ranking-only "$bin" score "${groceries[@]}" --model "$models/groceries.safetensors" --ranking-only --top 20 --threads 2 --out ranking.csv
    run score-superstore "$bin" score "${superstore[@]}" --model "$models/superstore.safetensors" --top 5 --threads 2 \
        --rank-by value --deep-sell mixed --out superstore.csv
    run score-categories "$bin" score "${superstore[@]}" --model "$models/superstore.safetensors" --threads 2 \
        --categories 'Paper, Binders,Phones' --no-rules --out categories.csv
    run score-subcat "$bin" score "${superstore[@]}" --product-level Sub-Category --model "$models/subcat.safetensors" \
        --threads 2 --top 3 --out subcat.csv
    run similar "$bin" similar --model "$models/groceries.safetensors" "whole milk" --top 10
    run similar-json "$bin" similar --model "$models/superstore.safetensors" "OFF-PA-10001970" --top 5 --json
    run evaluate-superstore "$bin" evaluate "${superstore[@]}" --cutoff 2019-07-01 --factors 16 --iterations 6 --threads 2 \
        --report superstore.html
    run evaluate-groceries-json "$bin" evaluate "${groceries[@]}" --cutoff 2015-07-01 --factors 16 --iterations 6 --threads 2 --json
    run evaluate-tune "$bin" evaluate "${superstore[@]}" --product-level Sub-Category --cutoff 2019-07-01 --iterations 4 \
        --threads 2 --tune --grid-factors 4,8 --grid-regularization 0.1,10 --grid-alpha 1 --grid-blend 0,0.5,1 --k 5 \
        --save-model tuned.safetensors
    run score-tuned "$bin" score "${superstore[@]}" --product-level Sub-Category --model tuned.safetensors --threads 2 --out tuned.csv
    run basket "$bin" basket "${groceries[@]}" --min-support 0.001 --top 15
    run inspect-retail "$bin" inspect "${retail[@]}" --json
    run segments "$bin" segments "${superstore[@]}" --segment-by column+rfm
    run models "$bin" models --model-dir "$models"
    # Refused inputs: the message and the exit status.
    run bad-column "$bin" score "$data/groceries/Groceries_dataset.csv" --model "$models/groceries.safetensors"
    run bad-level "$bin" inspect "${superstore[@]}" --product-level Nope
    run bad-category "$bin" score "${superstore[@]}" --model "$models/superstore.safetensors" --categories Nope --out x.csv
    run bad-rank-by "$bin" score "${groceries[@]}" --model "$models/groceries.safetensors" --rank-by value --out x.csv
    run bad-cutoff-late "$bin" evaluate "${superstore[@]}" --cutoff 2021-01-01
    run bad-validation "$bin" evaluate "${superstore[@]}" --cutoff 2019-07-01 --tune --validation-cutoff 2016-01-02 --iterations 2
    run bad-factors "$bin" train "${groceries[@]}" --model x.safetensors --factors 100000
    run decimal-comma "$bin" inspect "${groceries[@]}" --decimal-comma
    run skipped-lines "$bin" inspect "$work/bad.csv" --skip-bad-lines --json
    run bad-line "$bin" inspect "$work/bad.csv"
done

status=0
for f in "$work"/base/*; do
    name=$(basename "$f")
    [[ $name == *.safetensors ]] && continue
    if ! cmp -s <(mask <"$f") <(mask <"$work/new/$name"); then
        echo "DIFFERS: $name"; status=1
    fi
done
# Models: the tensors byte for byte, the header (safetensors: 8-byte length, JSON) with its
# creation time, the checksum over it and the alignment padding masked.
tensors() { local n; n=$(od -An -t u8 -N8 "$1" | tr -d ' '); tail -c +$((9 + n)) "$1"; }
header() { local n; n=$(od -An -t u8 -N8 "$1" | tr -d ' '); head -c $((8 + n)) "$1" | tail -c +9 | sed -E -e 's/"(created_at[a-z_0-9]*|header_checksum)":"[^"]*"/#/g' -e 's/ +$//'; }
for m in trained tuned; do
    if ! cmp -s <(tensors "$work/base/$m.safetensors") <(tensors "$work/new/$m.safetensors") \
        || ! cmp -s <(header "$work/base/$m.safetensors") <(header "$work/new/$m.safetensors"); then
        echo "DIFFERS: $m.safetensors"; status=1
    fi
done
[[ $status == 0 ]] && echo "identical: $(ls "$work/base" | wc -l) files" || echo "kept in $work"
exit $status
