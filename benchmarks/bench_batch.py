"""Benchmark: ``analyser batch`` throughput and peak memory against a plain keyword matcher.

Input: the real postings of ``../shared/corpus/postings`` (the CSV rows and the PDF, DOCX and
TXT files, read as ``analyser batch`` reads them), replicated to at least ``--postings``
postings and written to a CSV file (``id, title, text``). Every replica gets one line
``Reference: JD-<copy>-<row>`` so that each posting brings a word the vocabulary has not seen,
as real postings do (names, numbers); this is what makes spaCy's StringStore grow in long runs.

Measured, each in a fresh child process (``run_batch`` on the CSV, output CSV, summary):

* the full batch with 1 process (``jobs=1``) and with every core (``jobs=N``): postings/s,
  words/s, wall time; median of ``--runs`` runs, the two configurations alternating, and the
  speed-up also as the median ratio of the runs made back to back;
* peak memory: the largest sum of the resident set (RSS) and of the proportional set (PSS,
  which shares pages fairly between the forked workers) over the child's whole process
  tree, and the largest RSS of any one process of it, read from /proc (RSS every 0.1 s, PSS
  and the list of processes every second: :class:`TreeSampler`)
  (``ru_maxrss`` is no use here: the workers are children of the forkserver, and a child
  started by ``subprocess`` inherits its parent's high-water mark through ``exec``);
* with ``--scale K`` (default 10), the same for an input K times larger: memory must not grow.

Baseline, in this process on the same texts in memory: the same alias list (every ordinary and
strict alias of the taxonomy, case-insensitive, whole words) through flashtext's
``KeywordProcessor``, and through a pyahocorasick automaton with a word-boundary check. The
ratio reported is full pipeline (1 process) / flashtext.

Usage::

    pip install -e ".[bench,parquet]"
    python benchmarks/bench_batch.py [--postings 20000] [--scale 10] [--runs 3] [--jobs N]

Linux only (memory is read from /proc). Not part of the test suite; figures go in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


# ----------------------------------------------------------------------------- input
def real_postings(corpus: Path) -> list[tuple[str, str]]:
    """(title, text) of every real posting of ``corpus/postings`` that can be analysed."""
    from analyser.batch import iter_postings
    from analyser.documents import read_document
    from analyser.errors import InputError

    out = []
    for item in iter_postings([corpus / "postings"]):
        if item.error is not None:
            continue
        if item.text is not None:
            out.append((item.title or "", item.text))
        else:
            try:
                out.append((Path(item.path).stem, read_document(item.path).text))
            except InputError:
                pass
    return out


def write_input(path: Path, postings: list[tuple[str, str]], n: int) -> int:
    """Write ``n`` postings (replicas of ``postings``, each with a new reference line) as CSV;
    return the number of words."""
    words = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "text"])
        for i in range(n):
            copy, row = divmod(i, len(postings))
            title, text = postings[row]
            text = f"{text}\n\nReference: JD-{copy:05d}-{row:05d}\n"
            words += len(text.split())
            writer.writerow([f"jd-{i}", title, text])
    return words


# ----------------------------------------------------------------------------- memory
def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, []))
    return out


def _kib(path: str, key: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS (KiB) of a process tree.

    RSS (``/proc/<pid>/status``, ~0.04 ms a process) is read every ``interval`` seconds; the
    list of processes (a scan of ``/proc``, ~1.5 ms) and PSS (``/proc/<pid>/smaps_rollup``,
    which walks the page tables: ~4 ms for a 300 MiB process) only every ``slow_interval``
    seconds. Sampling everything at 10 Hz cost ~15 % of a core with four processes (measured
    with ``time.thread_time``), which the one-process run gets from the idle core but the
    all-cores run takes from its workers: it lowered the measured speed-up. ``cpu`` holds the
    sampler's own CPU time (seconds) afterwards.
    """

    def __init__(self, pid: int, interval: float = 0.1, slow_interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.slow_interval = pid, interval, slow_interval
        self.peak_rss = self.peak_pss = self.peak_processes = self.peak_one = 0
        self.cpu = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        started = time.thread_time()
        pids: list[int] = []
        slow_at = 0.0
        while not self.done.is_set():
            now = time.monotonic()
            slow = now >= slow_at
            if slow:
                pids = _descendants(self.pid)
                slow_at = now + self.slow_interval
            each = [_kib(f"/proc/{p}/status", "VmRSS:") for p in pids]
            self.peak_one = max([self.peak_one, *each])
            self.peak_rss = max(self.peak_rss, sum(each))
            self.peak_processes = max(self.peak_processes, len(pids))
            if slow:
                self.peak_pss = max(self.peak_pss, sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids))
            self.done.wait(self.interval)
        self.cpu = time.thread_time() - started


# ----------------------------------------------------------------------------- child runs
def child(args: argparse.Namespace) -> int:
    """Run one batch (the measured part) and print its figures as JSON."""
    from analyser.batch import run_batch

    marks: list[tuple[float, int]] = []
    started = time.perf_counter()
    report = run_batch([args.child_input], out=args.child_out, jobs=args.child_jobs, force=True,
                       progress=lambda done, _position, _total: marks.append((time.perf_counter(), done)))  # fmt: skip
    elapsed = time.perf_counter() - started
    (t0, n0), (t1, n1) = marks[len(marks) // 2], marks[-1]
    print(json.dumps({
        "postings": report.postings, "errors": report.errors, "words": report.words, "elapsed": elapsed,
        "jobs": report.jobs, "second_half_rate": (n1 - n0) / (t1 - t0) if t1 > t0 else 0.0,
        "first_chunk": marks[0][0] - started,
    }))  # fmt: skip
    return 0


def measure(input_path: Path, jobs: int, workdir: Path) -> dict:
    """Run one batch in a child process; return its figures and the tree's peak memory."""
    out = workdir / f"out-{jobs}.csv"
    cmd = [sys.executable, __file__, "--child-input", str(input_path), "--child-out", str(out), "--child-jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(cmd)}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures.update(peak_rss_kib=sampler.peak_rss, peak_pss_kib=sampler.peak_pss, peak_one_kib=sampler.peak_one,
                   processes=sampler.peak_processes, sampler_cpu=sampler.cpu)  # fmt: skip
    return figures


# ----------------------------------------------------------------------------- baselines
def aliases() -> list[str]:
    from analyser.taxonomy import load_taxonomy

    tax = load_taxonomy()
    out = []
    for skill in tax.skills:
        out.extend(skill.aliases)
        out.extend(s.form for s in skill.strict_aliases)
    return sorted(set(out))


def flashtext_rate(texts: list[str], forms: list[str], runs: int) -> tuple[float, int]:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for form in forms:
        kp.add_keyword(form)
    times, found = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        found = sum(len(kp.extract_keywords(text)) for text in texts)
        times.append(time.perf_counter() - t)
    return len(texts) / statistics.median(times), found


def ahocorasick_rate(texts: list[str], forms: list[str], runs: int) -> tuple[float, int]:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form.lower(), form)
    automaton.make_automaton()
    word = re.compile(r"\w")
    times, found = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        found = 0
        for text in texts:
            lower = text.lower()
            for end, form in automaton.iter(lower):
                start = end - len(form) + 1
                if (start == 0 or not word.match(lower[start - 1])) and (end + 1 == len(lower) or not word.match(lower[end + 1])):
                    found += 1
        times.append(time.perf_counter() - t)
    return len(texts) / statistics.median(times), found


def tokenizer_rate(texts: list[str], runs: int) -> float:
    """spaCy's tokenizer alone (``nlp.make_doc`` of the analyser's pipeline), in this process:
    the floor under the full pipeline's cost. Median of ``runs`` passes over ``texts``."""
    from analyser import Analyser

    make_doc = Analyser().nlp.make_doc
    for text in texts[:200]:
        make_doc(text)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for text in texts:
            make_doc(text)
        times.append(time.perf_counter() - t)
    return len(texts) / statistics.median(times)


def pipeline_rates(distinct: list[str], texts: list[str], runs: int) -> tuple[float, float]:
    """``Analyser.extract_many`` alone, in this process, on texts in memory (no batch layer):
    once over the distinct real postings with a fresh analyser (cold caches: what a corpus of
    distinct postings costs), then the median of ``runs`` passes over ``texts`` (replicas:
    the fuzzy linker's caches are warm)."""
    from analyser import Analyser

    analyser = Analyser()
    list(analyser.extract_many(distinct[:100]))  # one-off loads (lemma and probability tables)
    t = time.perf_counter()
    for _profile in analyser.extract_many(distinct[100:]):
        pass
    cold = (len(distinct) - 100) / (time.perf_counter() - t)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for _profile in analyser.extract_many(texts):
            pass
        times.append(time.perf_counter() - t)
    return cold, len(texts) / statistics.median(times)


def _memory(runs: list[dict]) -> str:
    return (f"tree RSS {max(r['peak_rss_kib'] for r in runs) / 1024:.0f} MiB, tree PSS "
            f"{max(r['peak_pss_kib'] for r in runs) / 1024:.0f} MiB, largest process "
            f"{max(r['peak_one_kib'] for r in runs) / 1024:.0f} MiB ({max(r['processes'] for r in runs)} processes; "
            f"sampler {max(r['sampler_cpu'] for r in runs):.1f} s CPU)")  # fmt: skip


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=20_000, help="postings in the 1x input (at least)")
    parser.add_argument("--scale", type=int, default=10, help="size of the large input, in multiples of 1x (0: skip)")
    parser.add_argument("--runs", type=int, default=3, help="runs per 1x configuration (median reported)")
    parser.add_argument("--jobs", type=int, default=None, help="processes of the multi-process runs (default: all cores)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--child-input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-jobs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_input is not None:
        return child(args)

    import spacy

    from analyser.batch import default_jobs

    jobs = args.jobs or default_jobs()
    postings = real_postings(args.corpus)
    copies = math.ceil(args.postings / len(postings))
    n = copies * len(postings)
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        work = Path(tmp)
        small = work / "postings_1x.csv"
        words = write_input(small, postings, n)
        print(f"machine: {platform.machine()}, {default_jobs()} cores, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB; "
              f"{platform.python_implementation()} {platform.python_version()}, spaCy {spacy.__version__}")  # fmt: skip
        print(f"input: {len(postings):,} real postings x {copies} = {n:,} postings, {words:,} words "
              f"({words / n:.0f} per posting), {small.stat().st_size / 2**20:.0f} MiB CSV")
        texts = []
        with open(small, encoding="utf-8", newline="") as fh:
            texts = [row["text"] for row in csv.DictReader(fh)]

        forms = aliases()
        baseline, found = flashtext_rate(texts, forms, args.runs)
        print(f"baseline flashtext ({len(forms)} aliases): {baseline:,.0f} postings/s, {baseline * words / n:,.0f} words/s "
              f"({found / n:.1f} keywords/posting), median of {args.runs}")
        try:
            aho, found = ahocorasick_rate(texts, forms, args.runs)
            print(f"baseline pyahocorasick + word boundaries: {aho:,.0f} postings/s ({found / n:.1f} keywords/posting)")
        except ImportError:
            aho = None
        sample = texts[: min(len(texts), 5000)]
        cold, alone = pipeline_rates([t for _, t in postings], sample, args.runs)
        print(f"pipeline alone (Analyser.extract_many in memory, 1 process): {cold:,.0f} postings/s on the "
              f"{len(postings) - 100:,} distinct postings (cold caches), {alone:,.0f} postings/s on {len(sample):,} replicas")
        tokens = tokenizer_rate(sample, args.runs)
        print(f"tokenizer alone (nlp.make_doc, 1 process): {tokens:,.0f} postings/s on {len(sample):,} replicas "
              f"= {tokens / baseline:.2f} of flashtext; the full pipeline at 0.25 of flashtext may cost at most "
              f"{tokens / (0.25 * baseline):.1f}x the tokenizer")
        del texts, sample

        # the configurations alternate (1, N, 1, N, ...) so that a change of the machine's
        # speed during the benchmark (seen here: flashtext 2,100-3,800 postings/s within one
        # day) falls on both alike; the speed-up is also given as the median of the pairs' ratios
        configs = sorted({1, jobs})
        results: dict[int, list[dict]] = {j: [] for j in configs}
        for _ in range(args.runs):
            for j in configs:
                results[j].append(measure(small, j, work))
        for j in configs:
            runs = results[j]
            rate = statistics.median(r["postings"] / r["elapsed"] for r in runs)
            print(f"batch 1x, jobs={j}: {rate:,.0f} postings/s, {rate * words / n:,.0f} words/s "
                  f"(runs: {', '.join(format(r['elapsed'], '.1f') + ' s' for r in runs)}; first results after "
                  f"{statistics.median(r['first_chunk'] for r in runs):.1f} s; second half of the run "
                  f"{statistics.median(r['second_half_rate'] for r in runs):,.0f} postings/s); "
                  f"peak memory: {_memory(runs)}")  # fmt: skip
        one = statistics.median(r["postings"] / r["elapsed"] for r in results[1])
        many = statistics.median(r["postings"] / r["elapsed"] for r in results[jobs])
        print(f"ratio full pipeline (1 process) / flashtext: {one / baseline:.3f} (target >= 0.25)")
        half = [statistics.median(r["second_half_rate"] for r in results[j]) for j in (1, jobs)]
        pairs = [(b["postings"] / b["elapsed"]) / (a["postings"] / a["elapsed"]) for a, b in zip(results[1], results[jobs])]
        print(f"ratio jobs={jobs} / jobs=1: {many / one:.2f}x (target >= 1.7x); median of the {len(pairs)} pairs run "
              f"back to back {statistics.median(pairs):.2f}x ({', '.join(f'{p:.2f}' for p in pairs)}); "
              f"second half of the runs: {half[1] / half[0]:.2f}x")
        print(f"batch layer overhead, 1 process: {one / alone:.2f} of the pipeline alone")

        if args.scale > 1:
            small.unlink()
            large = work / f"postings_{args.scale}x.csv"
            big_words = write_input(large, postings, n * args.scale)
            print(f"input {args.scale}x: {n * args.scale:,} postings, {big_words:,} words, "
                  f"{large.stat().st_size / 2**20:.0f} MiB CSV")
            for j in sorted({1, jobs}):
                r = measure(large, j, work)
                print(f"batch {args.scale}x, jobs={j}: {r['postings'] / r['elapsed']:,.0f} postings/s in {r['elapsed']:.0f} s "
                      f"(second half {r['second_half_rate']:,.0f} postings/s); "
                      f"peak memory: {_memory([r])}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
