"""Benchmark: pipeline build time, extraction throughput and peak memory.

Runs on the sample postings of ``sample_jds/postings`` (replicated to ``--copies`` x), in one
process, and reports medians of ``--runs`` runs. The baseline measured in the same run is
spaCy's blank English tokenizer alone (``nlp.tokenizer.pipe``), the floor of any spaCy
pipeline: the ratio says what our components cost on top of tokenising.

Usage::

    python benchmarks/bench_extract.py [--runs 5] [--copies 50] [--taxonomy PATH]

Not part of the test suite: figures go in the issue notes and ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=50, help="replicate the sample postings this many times")
    parser.add_argument("--taxonomy", default=None)
    args = parser.parse_args(argv)

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_jds" / "postings").iterdir())]
    corpus = texts * args.copies
    words = sum(len(t.split()) for t in corpus)

    t0 = time.perf_counter()
    import spacy  # noqa: F401  (import cost is part of a cold start, reported separately)

    t_import = time.perf_counter() - t0
    from analyser import Analyser

    builds = []
    for _ in range(3):
        t = time.perf_counter()
        analyser = Analyser(args.taxonomy)
        builds.append(time.perf_counter() - t)

    tokenizer = analyser.nlp.tokenizer
    base, full = [], []
    n_mentions = 0
    for _ in range(args.runs):
        t = time.perf_counter()
        for _doc in tokenizer.pipe(corpus, batch_size=64):
            pass
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        n_mentions = sum(len(p.mentions) for p in analyser.extract_many(corpus))
        full.append(time.perf_counter() - t)

    med_base, med_full = statistics.median(base), statistics.median(full)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"spaCy {spacy.__version__}")
    print(f"input: {len(texts)} sample postings x {args.copies} = {len(corpus)} postings, "
          f"{words / len(corpus):.0f} words each on average; {args.runs} runs")
    print(f"import spacy: {t_import:.2f} s; Analyser() build: median {statistics.median(builds):.3f} s "
          f"(runs: {', '.join(f'{b:.3f}' for b in builds)})")
    print(f"baseline, tokenizer only: {len(corpus) / med_base:,.0f} postings/s, {words / med_base:,.0f} words/s")
    print(f"full extraction:          {len(corpus) / med_full:,.0f} postings/s, {words / med_full:,.0f} words/s "
          f"({n_mentions / len(corpus):.1f} mentions/posting)")
    print(f"ratio full / tokenizer: {med_base / med_full:.2f}x")
    print(f"peak RSS: {_peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
