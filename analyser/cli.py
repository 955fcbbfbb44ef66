"""The ``analyser`` command: a thin typer shell over the library.

It reads files, calls :class:`analyser.Analyser`, renders with :mod:`analyser.report`, and
turns every :class:`analyser.errors.AnalyserError` into one line on stderr and exit code 2
(the sqlite-utils convention). No analysis logic lives here.

Exit codes: 0 success; 2 bad input (unreadable file, invalid taxonomy, bad option).
"""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional, TypeVar

import typer

from .documents import DEFAULT_MAX_BYTES  # parsers are imported lazily, so this is cheap
from .errors import AnalyserError

app = typer.Typer(
    name="analyser",
    help="Map job postings and CVs onto a skill taxonomy; score how well a CV fits a posting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
taxonomy_app = typer.Typer(help="Show or validate a skill taxonomy.", no_args_is_help=True)
app.add_typer(taxonomy_app, name="taxonomy")

EXIT_BAD_INPUT = 2
"""Exit code for bad input of any kind (as typer/click use for usage errors)."""


class OutputFormat(str, Enum):
    """Output formats."""

    table = "table"
    json = "json"
    markdown = "markdown"


TaxonomyOption = Annotated[
    Optional[Path],
    typer.Option("--taxonomy", "-t", help="Taxonomy TOML file (default: the bundled ML-engineer taxonomy)."),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Refuse input files larger than this many bytes (default 10 MiB)."),
]
INPUT_HELP = "(.txt, .md, .pdf, .docx, .html; '-' for stdin)"

F = TypeVar("F", bound=Callable)


def _clean_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AnalyserError as exc:
            typer.echo(f"analyser: error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None

    return wrapper  # type: ignore[return-value]


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


def _read(path: str, max_bytes: int) -> tuple[str, str]:
    """Read one document through the loading layer; return (text, source name)."""
    import logging

    from .documents import read_document

    # pypdf reports repairs of damaged PDFs through logging; keep stderr to our one line
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    document = read_document(path, max_bytes=max_bytes)
    return document.text, document.source


@app.command()
@_clean_errors
def match(
    cv: Annotated[str, typer.Argument(help=f"The CV file {INPUT_HELP}.")],
    jd: Annotated[str, typer.Argument(help=f"The job posting file {INPUT_HELP}.")],
    format: FormatOption = OutputFormat.table,
    taxonomy: TaxonomyOption = None,
    top: Annotated[int, typer.Option(min=1, help="Missing skills shown in the table format.")] = 15,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """Score how well a CV fits a job posting: score 0-100, breakdown, matched and missing skills."""
    if cv == "-" and jd == "-":
        raise typer.BadParameter("only one of CV and JD can be read from stdin ('-')")
    from .analyser import Analyser

    cv_text, cv_source = _read(cv, max_bytes)
    jd_text, jd_source = _read(jd, max_bytes)
    analyser = Analyser(taxonomy)
    result = analyser.match(cv_text, jd_text, cv_source=cv_source, jd_source=jd_source)
    from . import report

    if format is OutputFormat.json:
        typer.echo(report.to_json(result))
    elif format is OutputFormat.markdown:
        typer.echo(report.match_markdown(result))
    else:
        report.print_match_table(result, _console(), top=top)


@app.command()
@_clean_errors
def extract(
    file: Annotated[str, typer.Argument(help=f"A posting or CV file {INPUT_HELP}.")],
    format: FormatOption = OutputFormat.table,
    taxonomy: TaxonomyOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
) -> None:
    """List the skills of one document with their evidence (offsets, sentence, section)."""
    from .analyser import Analyser

    text, source = _read(file, max_bytes)
    profile = Analyser(taxonomy).extract(text, source=source)
    from . import report

    if format is OutputFormat.json:
        typer.echo(report.to_json(profile))
    elif format is OutputFormat.markdown:
        typer.echo(report.profile_markdown(profile))
    else:
        report.print_profile_table(profile, _console())


@taxonomy_app.command("show")
@_clean_errors
def taxonomy_show(
    taxonomy: TaxonomyOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")] = OutputFormat.table,
) -> None:
    """Show the taxonomy's categories and how many skills each has."""
    from . import report
    from .taxonomy import load_taxonomy

    tax = load_taxonomy(taxonomy)
    if format is OutputFormat.table:
        report.print_taxonomy_table(tax, _console())
    else:
        typer.echo(report.to_json(tax))


@taxonomy_app.command("validate")
@_clean_errors
def taxonomy_validate(path: Annotated[Path, typer.Argument(help="Taxonomy TOML file to check.")]) -> None:
    """Check a taxonomy file; print a summary, or the first problem with its line (exit 2)."""
    from .taxonomy import load_taxonomy

    tax = load_taxonomy(path)
    typer.echo(f"{path}: valid: {len(tax.skills)} skills in {len(tax.categories)} categories")


class Split(str, Enum):
    """Which part of the gold set to evaluate."""

    dev = "dev"
    test = "test"
    all = "all"


@app.command()
@_clean_errors
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files or folders (eval/gold).")],
    split: Annotated[Split, typer.Option("--split", "-s", help="dev (tune on it), test (report on it) or all.")] = Split.dev,
    taxonomy: TaxonomyOption = None,
    corpus: Annotated[
        Optional[Path], typer.Option("--corpus", help="The corpus folder (default: ../shared/corpus beside the project).")
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")] = OutputFormat.table,
    errors: Annotated[int, typer.Option("--errors", min=0, help="False positives/negatives to list.")] = 30,
) -> None:
    """Score extraction against the hand-annotated gold set: precision, recall, F1, errors."""
    from . import report
    from .analyser import Analyser
    from .evaluation import DEFAULT_CORPUS, evaluate as run_evaluation, load_gold

    documents = load_gold(gold)
    result = run_evaluation(
        Analyser(taxonomy), documents, split=None if split is Split.all else split.value, corpus=corpus or DEFAULT_CORPUS
    )
    if format is OutputFormat.json:
        import json

        typer.echo(json.dumps(result.to_dict(max_errors=errors), indent=2, ensure_ascii=False))
    else:
        report.print_evaluation_table(result, _console(), max_errors=errors, split=split.value)


from .batch_cli import batch as _batch  # noqa: E402  (light: heavy imports happen inside the command)

app.command("batch")(_batch)


def main() -> None:  # pragma: no cover - the console-script entry point
    """Run the CLI (entry point of the ``analyser`` console script)."""
    app(prog_name="analyser")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
