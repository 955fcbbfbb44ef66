"""Choose the fuzzy linker's threshold on the gold set's dev split (never on test).

Usage (from the repository root, with the package installed)::

    python eval/tune_fuzzy.py [--thresholds 0 80 85 88 90 92 95]

For each threshold it rebuilds the analyser and prints document-level micro precision,
recall and F1 and the number of fuzzy mentions on the dev split; 0 means fuzzy linking off,
the baseline.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analyser import Analyser
from analyser.evaluation import evaluate, load_gold

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0, 80, 85, 88, 90, 92, 95])
    args = parser.parse_args()
    gold = load_gold([ROOT / "eval" / "gold"])
    print(f"{'threshold':>9}  {'P':>6} {'R':>6} {'F1':>6}  span-P span-R  fuzzy mentions")
    for threshold in args.thresholds:
        analyser = Analyser(fuzzy=threshold > 0, fuzzy_threshold=threshold or None)
        report = evaluate(analyser, gold, split="dev")
        fuzzy = sum(1 for e in report.errors if e.kind == "fp" and e.detail.startswith("fuzzy"))
        d, s = report.doc_micro, report.span_lenient
        n_fuzzy = _fuzzy_mentions(analyser, gold)
        print(f"{threshold:9.0f}  {d.precision:6.3f} {d.recall:6.3f} {d.f1:6.3f}  {s.precision:6.3f} {s.recall:6.3f}"
              f"  {n_fuzzy} ({fuzzy} wrong)")


def _fuzzy_mentions(analyser: Analyser, gold) -> int:
    from analyser.corpus import corpus_text

    return sum(
        m.match_type == "fuzzy"
        for doc in gold
        if doc.split == "dev"
        for m in analyser.extract(corpus_text(doc.ref)).mentions
    )


if __name__ == "__main__":
    main()
