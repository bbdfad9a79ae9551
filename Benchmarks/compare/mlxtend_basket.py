"""Cross-check `whitespot basket` against mlxtend on the groceries data (not run in CI).

Usage: python3 mlxtend_basket.py GROCERIES_CSV WHITESPOT_JSON MIN_SUPPORT MIN_CONFIDENCE MAX_LENGTH
Baskets: one Member_number on one Date, exactly as whitespot forms them without an order column.
Prints the rule counts and the largest absolute difference of every metric; exits 1 on a mismatch.
"""
import json
import math
import sys

import pandas as pd
from mlxtend.frequent_patterns import apriori, association_rules
from mlxtend.preprocessing import TransactionEncoder

path, ours_path, min_support, min_confidence, max_len = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
orders = pd.read_csv(path)
baskets = orders.groupby(["Member_number", "Date"])["itemDescription"].apply(lambda s: sorted(set(s))).tolist()
encoder = TransactionEncoder()
onehot = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
itemsets = apriori(onehot, min_support=min_support, use_colnames=True, max_len=max_len)
rules = association_rules(itemsets, num_itemsets=len(onehot), metric="confidence", min_threshold=min_confidence)

theirs = {}
for _, r in rules.iterrows():
    key = (tuple(sorted(r["antecedents"])), tuple(sorted(r["consequents"])))
    theirs[key] = r
with open(ours_path) as f:
    ours_report = json.load(f)
ours = {(tuple(sorted(r["antecedents"])), tuple(sorted(r["consequents"]))): r for r in ours_report["rules"]}

print(f"baskets: mlxtend {len(onehot)}, whitespot {ours_report['baskets']}")
print(f"rules:   mlxtend {len(theirs)}, whitespot {len(ours)}, common {len(set(theirs) & set(ours))}")
metrics = [("antecedent support", "antecedent_support"), ("consequent support", "consequent_support"),
           ("support", "support"), ("confidence", "confidence"), ("lift", "lift"),
           ("leverage", "leverage"), ("conviction", "conviction")]
ok = len(onehot) == ours_report["baskets"] and set(theirs) == set(ours)
for theirs_name, ours_name in metrics:
    worst = 0.0
    for key in set(theirs) & set(ours):
        a = float(theirs[key][theirs_name])
        b = ours[key][ours_name]
        b = math.inf if b == "inf" else float(b)
        if math.isinf(a) or math.isinf(b):
            diff = 0.0 if a == b else math.inf
        else:
            diff = abs(a - b)
        worst = max(worst, diff)
    print(f"max |difference| {theirs_name:<19} {worst:.3g}")
    ok = ok and worst < 1e-9
print("MATCH" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
