"""``analyser batch``: the typer command over :func:`analyser.batch.run_batch`, and its rendering.

A thin shell (the sqlite-utils convention): it calls the library, shows a rich progress bar
on stderr, prints the summary tables on stdout, and turns every
:class:`analyser.errors.AnalyserError` into one line on stderr and exit code 2. Heavy modules
(pandas, spaCy, rich) are imported inside the command, so ``analyser --help`` stays fast.

Exit codes: 0 success (also when some postings could not be analysed: they are listed in the
errors file and counted on stderr); 1 a worker process died; 2 bad input or arguments;
130 interrupted with Ctrl-C (the rows analysed so far are written).
"""

from __future__ import annotations

import os
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .errors import AnalyserError

EXIT_BAD_INPUT = 2
"""Exit code for bad input or arguments (as in :mod:`analyser.cli`)."""
EXIT_ABORTED = 1
"""Exit code when a worker process died."""
EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT, the shell convention)."""
PROGRESS_AFTER_SECONDS = 1.0
"""The progress bar appears once a run has lasted this long."""


class BatchFormat(str, Enum):
    """Formats of the per-posting output file."""

    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Folders, globs, files (.txt .md .pdf .docx .html: one posting each; .csv .tsv .jsonl "
            ".parquet: one posting per row), or '-' for JSONL on stdin.",
            show_default=False,
        ),
    ],
    cv: Annotated[Optional[str], typer.Option("--cv", help="A CV file: adds the match score, top missing skills, the ranking by fit and the learn-next list.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Per-posting output file (written atomically). Without it only the summary is printed.")] = None,
    format: Annotated[Optional[BatchFormat], typer.Option("--format", "-f", help="Output format (default: from the --out suffix, else csv).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores; 1 for inputs under 1 MiB). The output does not depend on it.")] = None,
    text_column: Annotated[Optional[str], typer.Option("--text-column", help="Text column of tables; several, comma-separated, are joined under their names as headings.")] = None,
    id_column: Annotated[Optional[str], typer.Option("--id-column", help="Id column of tables (default: id, job_id ...; else FILE#ROW).")] = None,
    title_column: Annotated[Optional[str], typer.Option("--title-column", help="Title column of tables (default: title, job title ...).")] = None,
    taxonomy: Annotated[Optional[Path], typer.Option("--taxonomy", "-t", help="Taxonomy TOML file (default: the bundled ML-engineer taxonomy).")] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Where postings that cannot be analysed are listed (default: OUT's name + .errors.csv).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Keep the rows of an existing --out and analyse only postings whose id is not in it.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out.")] = False,
    missing: Annotated[int, typer.Option("--missing", min=0, help="Missing skills listed per posting (with --cv).")] = 5,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows in each summary table.")] = 15,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary tables (for scripts).")] = False,
) -> None:
    """Analyse many postings: skills per posting, demand statistics and, with --cv, ranking by fit."""
    try:
        report = _run(inputs, cv, out, format, jobs, text_column, id_column, title_column, taxonomy, errors,
                      resume, force, missing, top, quiet)  # fmt: skip
    except AnalyserError as exc:
        from .batch import BatchAbortedError

        typer.echo(f"analyser: error: {exc}", err=True)
        raise typer.Exit(EXIT_ABORTED if isinstance(exc, BatchAbortedError) else EXIT_BAD_INPUT) from None
    if report.errors:
        where = f"; see {report.errors_path}" if report.errors_path else ""
        typer.echo(f"analyser: {report.errors:,} posting(s) could not be analysed{where}", err=True)
        if not report.errors_path:
            for line in report.first_errors:
                typer.echo(f"  {line}", err=True)
    if report.interrupted:
        typer.echo(
            f"analyser: interrupted; {report.kept + report.postings:,} rows written"
            + (f" to {report.out}; run again with --resume to finish" if report.out else ""),
            err=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)


def _run(inputs, cv, out, format, jobs, text_column, id_column, title_column, taxonomy, errors, resume, force,
         missing, top, quiet):  # fmt: skip
    from rich.console import Console

    from .batch import run_batch

    progress = None if quiet else _ProgressBar(Console(stderr=True))
    try:
        report = run_batch(
            inputs, out=out, format=format.value if format is not None else None, errors_path=errors, cv=cv,
            taxonomy=taxonomy, jobs=jobs, text_column=text_column, id_column=id_column, title_column=title_column,
            resume=resume, force=force, top_missing=missing, top_postings=top, progress=progress,
        )  # fmt: skip
    finally:
        if progress is not None:
            progress.close()
    if not quiet:
        print_summary(report, Console(soft_wrap=False), top=top)
    return report


class _ProgressBar:
    """A rich progress bar on stderr (bytes of input for the bar and ETA, postings and
    postings/s as text), shown only once the run has lasted :data:`PROGRESS_AFTER_SECONDS`."""

    def __init__(self, console) -> None:
        self.console = console
        self.started = time.perf_counter()
        self.progress = None
        self.task = None

    def __call__(self, postings: int, position: int, total: int | None) -> None:
        now = time.perf_counter()
        elapsed = now - self.started
        if self.progress is None:
            if elapsed < PROGRESS_AFTER_SECONDS:
                return
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("analysing"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[postings]:,} postings"),
                TextColumn("{task.fields[rate]:,.0f} postings/s"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.task = self.progress.add_task("batch", total=total, postings=0, rate=0.0)
            self.progress.start()
        self.progress.update(self.task, completed=position, postings=postings, rate=postings / elapsed)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def print_summary(report: Any, console: Any, *, top: int = 15) -> None:
    """Print a :class:`analyser.batch.BatchReport`'s summary as rich tables.

    Tables: skill demand, demand per category, skill pairs; with a CV also the postings ranked
    by fit and the learn-next list. Shares are shown as percentages of the postings analysed.
    """
    from rich.table import Table

    summary = report.summary
    n = summary.postings
    processes = "1 process" if report.jobs == 1 else f"{report.jobs} processes"
    head = (
        f"[bold]{n:,} postings[/bold] in the summary ({report.postings:,} analysed in {report.elapsed:.1f} s, "
        f"{report.rate:,.0f} postings/s, {processes}"
    )
    if report.kept:
        head += f"; {report.kept:,} kept from the earlier output"
    head += ")"
    if report.out:
        head += f"; wrote {report.out}"
    console.print(head)
    if n == 0:
        return

    demand = summary.skill_demand().head(top)
    table = Table(title=f"Skill demand (share of {n:,} postings)", title_justify="left")
    for name, justify in (("Skill", "left"), ("Category", "left"), ("Postings", "right"), ("Share", "right"),
                          ("Required", "right"), ("Preferred", "right")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in demand.itertuples():
        table.add_row(row.label, row.category, f"{row.postings:,}", _pct(row.share),
                      f"{row.required:,} ({_pct(row.required_share)})", f"{row.preferred:,} ({_pct(row.preferred_share)})")  # fmt: skip
    console.print(table)

    table = Table(title="Demand per category", title_justify="left")
    for name, justify in (("Category", "left"), ("Postings", "right"), ("Share", "right"), ("Required", "right"),
                          ("Preferred", "right"), ("Skills per posting", "right")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in summary.category_demand().itertuples():
        table.add_row(row.label, f"{row.postings:,}", _pct(row.share), _pct(row.required_share),
                      _pct(row.preferred_share), f"{row.mean_skills:.2f}")  # fmt: skip
    console.print(table)

    pairs = summary.skill_pairs(top)
    if len(pairs):
        table = Table(title="Skills demanded together", title_justify="left")
        for name, justify in (("Skills", "left"), ("Postings", "right"), ("Share", "right")):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for row in pairs.itertuples():
            table.add_row(f"{row.label_a} + {row.label_b}", f"{row.postings:,}", _pct(row.share))
        console.print(table)

    if not summary.with_cv:
        return
    ranking = summary.ranking().head(top)
    table = Table(title=f"Postings ranked by fit (mean score {summary.mean_score:.1f})", title_justify="left")
    for name, justify in (
        ("#", "right"), ("Posting", "left"), ("Title", "left"), ("Score", "right"), ("Demanded", "right"), ("Top missing", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in ranking.itertuples():
        table.add_row(
            str(row.rank), _short_id(row.id), _short(row.title or ""), f"{row.score:.1f}", str(row.demanded),
            ", ".join(row.top_missing[:3]),
        )
    console.print(table)

    learn = summary.learn_next().head(top)
    table = Table(title="Learn next: skills that would raise the score on the most postings", title_justify="left")
    for name, justify in (("Skill", "left"), ("Category", "left"), ("Postings", "right"), ("Share", "right"), ("Mean gain", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in learn.itertuples():
        table.add_row(row.label, row.category, f"{row.postings:,}", _pct(row.share), f"+{row.mean_gain:.1f}")
    console.print(table)


def _short(text: str, limit: int = 40) -> str:
    """Text on one line, cut at the end."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_id(posting_id: str, limit: int = 36) -> str:
    """An id for a table: the file name of a path id (``dir/jobs.csv#12`` -> ``jobs.csv#12``),
    cut at the start when still too long."""
    text = os.path.basename(str(posting_id)) or str(posting_id)
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]
