"""Batch analysis: many postings -> per-posting skills, demand statistics and ranking by fit.

The batch layer of the analyser (``STYLE.md``: many documents -> pandas DataFrames). It reads
postings from folders, globs, CSV / TSV / JSONL / Parquet files or JSONL on standard input,
analyses them with :class:`analyser.Analyser` (one process, or a pool of worker processes),
writes one row per posting as it goes, and keeps running counts from which the summary
tables are made. Nothing here holds the whole input: readers stream in chunks, at most
:data:`IN_FLIGHT_PER_JOB` chunks per worker are in flight, and the summary keeps counts, not
rows.

Entry points:

* :func:`run_batch` - the streaming engine behind ``analyser batch`` (files in, files out);
* :func:`analyse_postings` - texts or a DataFrame in memory -> the per-posting DataFrame;
* :func:`skill_demand`, :func:`category_demand`, :func:`skill_pairs`, :func:`rank_by_fit`,
  :func:`learn_next` - summary DataFrames from a per-posting DataFrame (:func:`summarise`
  gives all of them at once, as a :class:`BatchSummary`);
* :func:`read_output` - an output file of ``analyser batch`` back as the per-posting DataFrame.

Per-posting columns (:func:`output_columns`), in this order:

==================  ===========================================================================
``id``              the posting's id: the id column's value, else ``"<file>#<row>"`` (0-based
                    data row of a CSV / Parquet file, 0-based line of a JSONL file), else the
                    file's path for a document file
``title``           the title column's value, or empty (documents have no known title)
``source``          where the posting came from: the file, with ``#<row>`` for a table row
``words``           number of white-space separated words of the text
``required``        skills the posting demands at the *required* level (skill ids, most
                    important first, the order of :attr:`analyser.profile.SkillProfile.skills`)
``preferred``       skills demanded at the *preferred* level
``other``           skills demanded without a level (role description, responsibilities)
``skills_<cat>``    one column per taxonomy category: the demanded skills of that category
``score``           with a CV only: the match score, 0-100 (:mod:`analyser.scoring`)
``top_missing``     with a CV only: the most important demanded skills the CV lacks
``gains``           with a CV only: ``{skill id: score points}`` - how much the score on this
                    posting would rise (0-100 scale) if the CV also named that skill; every
                    demanded skill the CV does not fully cover, largest gain first
==================  ===========================================================================

"Demanded" means a demand weight above 0 (:attr:`analyser.profile.SkillProfile.demanded`):
negated mentions and company boilerplate are not demands. List cells are Python lists in a
DataFrame, JSON arrays in JSONL, ``list<string>`` in Parquet and ``"; "``-joined text in CSV
(``gains`` as ``"skill=points; ..."``).
"""

from __future__ import annotations

import contextlib
import csv
import heapq
import itertools
import json
import math
import os
import re
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .errors import AnalyserError, InputError, MissingFileError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .scoring import MatchResult
    from .taxonomy import Taxonomy

__all__ = [
    "CHUNK_POSTINGS",
    "DEFAULT_ID_COLUMNS",
    "DEFAULT_TEXT_COLUMNS",
    "DEFAULT_TITLE_COLUMNS",
    "FORMULA_TRIGGERS",
    "HEADED_TEXT_COLUMNS",
    "IN_FLIGHT_PER_JOB",
    "MIN_DEMANDED_FOR_RANKING",
    "OUTPUT_FORMATS",
    "BatchAbortedError",
    "BatchReport",
    "BatchSummary",
    "ColumnPlan",
    "MissingColumnError",
    "MissingDependencyError",
    "NoInputError",
    "OutputExistsError",
    "PostingInput",
    "ResumeMismatchError",
    "analyse_postings",
    "category_demand",
    "default_jobs",
    "escape_formula",
    "iter_postings",
    "learn_next",
    "output_columns",
    "posting_text",
    "rank_by_fit",
    "read_output",
    "resolve_columns",
    "run_batch",
    "score_gains",
    "skill_demand",
    "skill_pairs",
    "summarise",
    "unescape_formula",
]

# ----------------------------------------------------------------------------- constants
DEFAULT_TEXT_COLUMNS: tuple[str, ...] = (
    "text", "description", "job description", "jd", "posting", "content", "context", "body",
)  # fmt: skip
"""Column names tried, in this order, for the posting text when ``--text-column`` is not given.
Compared without case, spaces, ``_`` and ``-`` ("Job Description", ``job_description``,
``JobDescription`` are one name). ``Job Description`` is the Glassdoor CSVs' column,
``Context`` the Resume-Matcher ``Job_Data.csv``'s (``shared/corpus/SOURCES.md``)."""

HEADED_TEXT_COLUMNS: tuple[str, ...] = ("Responsibilities", "Minimum Qualifications", "Preferred Qualifications")
"""When no column of :data:`DEFAULT_TEXT_COLUMNS` exists but all of these do (the Google
job-skills CSV), the text is these columns under their headings, exactly as
:data:`analyser.corpus.GOOGLE_TEMPLATE` builds it."""

DEFAULT_ID_COLUMNS: tuple[str, ...] = ("id", "job id", "posting id", "uid")
"""Column names tried for the posting id (compared like :data:`DEFAULT_TEXT_COLUMNS`); without
one the id is ``"<file>#<row>"``, the convention of :class:`analyser.corpus.CorpusRef`."""

DEFAULT_TITLE_COLUMNS: tuple[str, ...] = ("title", "job title", "position", "role")
"""Column names tried for the posting title."""

OUTPUT_FORMATS: tuple[str, ...] = ("csv", "parquet", "jsonl")
"""Formats of the per-posting output file."""

_FORMAT_BY_SUFFIX = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_TABLE_KIND_BY_SUFFIX = {
    ".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
}  # fmt: skip

CHUNK_POSTINGS: int = 64
"""Postings per unit of work: one ``nlp.pipe`` batch in one worker (spaCy's default batch
size for ``Language.pipe`` with rule-based components)."""

IN_FLIGHT_PER_JOB: int = 3
"""Chunks of work submitted per worker process at any time. Bounds the parent's memory to
``jobs * IN_FLIGHT_PER_JOB * CHUNK_POSTINGS`` posting texts whatever the input size, while
keeping every worker busy."""

READ_CHUNK_ROWS: int = 1024
"""Rows read at a time from a CSV or Parquet file."""

WARM_POSTINGS: int = 4096
"""Postings each analyser processes before it switches to spaCy memory zones
(``Language.memory_zone``, spaCy >= 3.8). Words first seen inside a zone are dropped from the
vocabulary when the zone (one chunk) ends, so the ``StringStore`` stops growing with every new
word of a long run: peak RSS was the same for 21,000 and 210,000 postings. Words of the first
postings stay, so that the lexemes of recurring words need not be made again chunk after
chunk: in steady state zones cost 14 % of the throughput after a warm-up of 512 postings and
3 % after 5,000 (``benchmarks/README.md``)."""

SUMMARY_BLOCK: int = 1024
"""Records :class:`BatchSummary` collects before counting them in one go (fewer, bigger
numpy operations; smaller for taxonomies of more than 4,096 skills)."""

SMALL_INPUT_BYTES: int = 1 << 20
"""Below this known input size (1 MiB, a few hundred postings) the default ``jobs`` is 1:
starting worker processes costs more than it saves. An explicit ``jobs`` is always obeyed."""

FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV
Injection", https://owasp.org/www-community/attacks/CSV_Injection). :func:`escape_formula`
puts an apostrophe before them."""

MIN_DEMANDED_FOR_RANKING = 3
"""A posting that demands fewer skills of the taxonomy is mostly outside it (a marketing role
that names only A/B testing scores 100 for any CV that has it): the ranking by fit lists such
postings after the others, whatever their score."""

LIST_SEPARATOR = "; "
"""Separator of list cells (skill ids) in CSV output."""

_ERROR_COLUMNS = ("id", "source", "error")
_SEPARATORS = re.compile(r"[\s_\-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")


# ----------------------------------------------------------------------------- errors
class MissingColumnError(InputError):
    """A table has no column for the posting text (or the named id / title column); the
    message lists the columns it has."""


class OutputExistsError(InputError):
    """The output (or errors) file exists and neither ``resume`` nor ``force`` was given."""


class ResumeMismatchError(InputError):
    """``resume`` was asked for, but the existing output has other columns than this run
    would write (another taxonomy, with or without a CV) or is not an output of ours."""


class NoInputError(InputError):
    """A folder with no files, a glob that matches nothing, or stdin given twice."""


class MissingDependencyError(InputError):
    """An optional dependency is missing (``pyarrow`` for Parquet); the message says what to
    install."""


class BatchAbortedError(AnalyserError, RuntimeError):
    """A worker process died (killed, out of memory); nothing was written to ``out``."""


# ----------------------------------------------------------------------------- CSV escaping
def escape_formula(cell: str) -> str:
    """Return a CSV cell that no spreadsheet runs as a formula.

    A cell beginning with one of :data:`FORMULA_TRIGGERS` (``= + - @``, tab, carriage return)
    gets an apostrophe in front, which spreadsheets read as "text follows" and do not show
    (OWASP, "CSV Injection"). A cell that already begins with an apostrophe gets a second one,
    so that :func:`unescape_formula` restores every cell exactly.

    Args:
        cell: the cell text.

    Returns:
        The cell, escaped where needed.
    """
    if cell and (cell[0] in FORMULA_TRIGGERS or cell[0] == "'"):
        return "'" + cell
    return cell


def unescape_formula(cell: str) -> str:
    """Undo :func:`escape_formula`: drop one leading apostrophe."""
    return cell.removeprefix("'")


# ----------------------------------------------------------------------------- columns
def _column_key(name: object) -> str:
    return _SEPARATORS.sub("", str(name)).casefold()


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """Which columns of a table make a posting.

    Attributes:
        text: the text column(s). One column: the cell is the text as it is. Several: the
            cells under their column names as headings (``"Name:\\n<cell>"``), separated by a
            blank line, after the title and a blank line when there is a title column - the
            rule of :data:`analyser.corpus.GOOGLE_TEMPLATE`.
        id: the id column, or ``None`` (ids are then ``"<file>#<row>"``).
        title: the title column, or ``None``.
    """

    text: tuple[str, ...]
    id: str | None = None
    title: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the plan reads, without repeats."""
        return tuple(dict.fromkeys([*self.text, *(c for c in (self.id, self.title) if c is not None)]))


def _find(columns: Sequence[str], wanted: str) -> str | None:
    if wanted in columns:
        return wanted
    key = _column_key(wanted)
    return next((c for c in columns if _column_key(c) == key), None)


def _missing(source: str, what: str, columns: Sequence[str], hint: str) -> MissingColumnError:
    shown = ", ".join(repr(str(c)) for c in columns) or "none"
    return MissingColumnError(source, f"no {what}; its columns are: {shown}. {hint}")


def resolve_columns(
    columns: Sequence[str],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    source: str = "<table>",
) -> ColumnPlan:
    """Decide which columns hold a posting's text, id and title.

    Args:
        columns: the table's column names.
        text_column: the text column; several columns separated by commas are joined under
            their names as headings (see :class:`ColumnPlan`). Default: the first of
            :data:`DEFAULT_TEXT_COLUMNS`, else :data:`HEADED_TEXT_COLUMNS` when all exist.
        id_column, title_column: the id and title columns; default the first of
            :data:`DEFAULT_ID_COLUMNS` / :data:`DEFAULT_TITLE_COLUMNS` (none is fine).
            Names are compared without case, spaces, ``_`` and ``-``.
        source: the table's name, for messages.

    Returns:
        A :class:`ColumnPlan`.

    Raises:
        MissingColumnError: a named column is missing, or no text column can be found; the
            message lists the table's columns.
    """
    columns = [str(c) for c in columns]
    if text_column is not None:
        names = [text_column] if _find(columns, text_column) else [n.strip() for n in text_column.split(",")]
        text = []
        for name in names:
            found = _find(columns, name)
            if found is None:
                raise _missing(source, f"column {name!r}", columns, "Name the text column with --text-column.")
            text.append(found)
    else:
        single = next((c for c in (_find(columns, n) for n in DEFAULT_TEXT_COLUMNS) if c is not None), None)
        headed = [_find(columns, n) for n in HEADED_TEXT_COLUMNS]
        if single is not None:
            text = [single]
        elif all(headed):
            text = [c for c in headed if c is not None]
        else:
            raise _missing(
                source,
                f"text column (tried {', '.join(DEFAULT_TEXT_COLUMNS)})",
                columns,
                "Name it with --text-column (several, comma-separated, are joined under headings).",
            )

    def optional(given: str | None, defaults: tuple[str, ...], what: str) -> str | None:
        if given is not None:
            found = _find(columns, given)
            if found is None:
                raise _missing(source, f"{what} column {given!r}", columns, f"Check --{what}-column.")
            return found
        return next((c for c in (_find(columns, n) for n in defaults) if c is not None and c not in text), None)

    return ColumnPlan(
        text=tuple(text),
        id=optional(id_column, DEFAULT_ID_COLUMNS, "id"),
        title=optional(title_column, DEFAULT_TITLE_COLUMNS, "title"),
    )


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _cell(value: Any) -> str:
    """A table cell as text: ``None`` / NaN -> ``""``, other values through ``str``."""
    if value is None or _is_nan(value):
        return ""
    return value if isinstance(value, str) else str(value)


def posting_text(plan: ColumnPlan, row: Mapping[str, Any]) -> str:
    """Return the posting text of one table row (``""`` when every text cell is empty).

    One text column: the cell as it is. Several: ``"<title>\\n\\n"`` (when the plan has a
    title column), then ``"<column>:\\n<cell>"`` per column joined by blank lines, then a
    final newline; for the Google job-skills CSV this is exactly
    :data:`analyser.corpus.GOOGLE_TEMPLATE`, so offsets agree with :func:`analyser.corpus.corpus_text`.
    """
    cells = [_cell(row.get(c)) for c in plan.text]
    if not any(c.strip() for c in cells):
        return ""
    if len(cells) == 1:
        return cells[0]
    head = f"{_cell(row.get(plan.title))}\n\n" if plan.title is not None else ""
    return head + "\n\n".join(f"{name}:\n{cell}" for name, cell in zip(plan.text, cells)) + "\n"


# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True, slots=True)
class PostingInput:
    """One posting to analyse, as the readers yield it.

    Attributes:
        id: the posting id (see the module docstring).
        title: its title, or ``None``.
        source: ``"<file>#<row>"`` for a table row, the path for a document file.
        text: the text; ``None`` for a document file, which the worker reads from ``path``.
        path: the document file to read with :func:`analyser.documents.read_document`.
        error: why the posting cannot be analysed (empty text, undecodable bytes, a bad CSV
            line ...), or ``None``.
        position: bytes of the input consumed up to this posting (progress and ETA).
    """

    id: str
    title: str | None
    source: str
    text: str | None = None
    path: str | None = None
    error: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class _Source:
    kind: str  # csv, tsv, jsonl, parquet, document, stdin
    path: Path | None
    label: str
    size: int


def _kind(path: Path) -> str:
    return _TABLE_KIND_BY_SUFFIX.get(path.suffix.lower(), "document")


def _expand(inputs: Sequence[str | os.PathLike], exclude: frozenset[Path]) -> list[_Source]:
    """Turn INPUT arguments into sources: files of folders (sorted, recursive, hidden ones
    left out), glob matches, files, ``-``."""
    import glob as globmod

    sources: list[_Source] = []
    stdin_seen = False

    def add_file(path: Path, label: str) -> None:
        try:
            resolved = path.resolve()
        except OSError:
            resolved = path
        if resolved in exclude:
            return
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        sources.append(_Source(_kind(path), path, label, size))

    for raw in inputs:
        arg = os.fspath(raw)
        if arg == "-":
            if stdin_seen:
                raise NoInputError("<stdin>", "'-' (JSONL on standard input) can be given only once")
            stdin_seen = True
            sources.append(_Source("stdin", None, "<stdin>", 0))
            continue
        path = Path(arg)
        if path.is_dir():
            found = 0
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        found += 1
                        add_file(Path(root) / name, os.path.join(root, name))
            if not found:
                raise NoInputError(arg, "the folder holds no files")
        elif path.exists():
            add_file(path, arg)
        elif globmod.has_magic(arg):
            matches = sorted(globmod.glob(arg, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise NoInputError(arg, "no file matches this pattern")
            for match in files:
                add_file(Path(match), match)
        else:
            raise MissingFileError(arg, "no such file or folder")
    return sources


@dataclass(frozen=True, slots=True)
class _ReadOptions:
    text_column: str | None = None
    id_column: str | None = None
    title_column: str | None = None

    def plan(self, columns: Sequence[str], source: str) -> ColumnPlan:
        return resolve_columns(
            columns, text_column=self.text_column, id_column=self.id_column, title_column=self.title_column, source=source
        )


def _row_item(plan: ColumnPlan, row: Mapping[str, Any], label: str, index: int, position: int) -> PostingInput:
    source = f"{_clean(label)}#{index}"
    raw_id = _cell(row.get(plan.id)).strip() if plan.id is not None else ""
    pid = _clean(raw_id) if raw_id else source
    title = _clean(_cell(row.get(plan.title))) if plan.title is not None else None
    text = posting_text(plan, row)
    if not text.strip():
        return PostingInput(pid, title, source, error=f"{source}: empty text; nothing to analyse", position=position)
    bad = _undecodable(text)
    if bad:
        return PostingInput(
            pid, title, source, error=f"{source}: the text is not valid UTF-8 ({_describe_surrogate(bad.group())}); "
            "re-save the file as UTF-8", position=position,
        )  # fmt: skip
    return PostingInput(pid, title, source, text=text, position=position)


def _undecodable(text: str) -> re.Match | None:
    """The first byte the CSV reader could not decode (kept as a lone surrogate), or ``None``.
    ``str.encode`` fails fast on surrogates, so clean text costs one C-level pass."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.search(text)
    return None


def _describe_surrogate(char: str) -> str:
    code = ord(char)
    return f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"a lone surrogate U+{code:04X}"


def _clean(value: str) -> str:
    """Bytes that were not UTF-8 (kept as surrogates by the CSV reader) and lone surrogates
    (from JSON ``\\ud800`` escapes) -> U+FFFD, so that the output can be written as UTF-8."""
    return value if value.isascii() else _SURROGATE.sub("\ufffd", value)


def _csv_header(src: _Source) -> list[str] | None:
    import pandas as pd

    try:
        frame = pd.read_csv(
            src.path, nrows=0, sep="\t" if src.kind == "tsv" else ",", encoding="utf-8",
            encoding_errors="surrogateescape",
        )  # fmt: skip
    except pd.errors.EmptyDataError:
        return None
    return [str(c) for c in frame.columns]


def _read_csv(src: _Source, plan: ColumnPlan, base: int) -> Iterator[PostingInput]:
    import pandas as pd
    from pandas.errors import ParserWarning

    with open(src.path, "rb") as fh:  # type: ignore[arg-type]
        reader = pd.read_csv(
            fh, sep="\t" if src.kind == "tsv" else ",", dtype=object, keep_default_na=False, na_filter=False,
            encoding="utf-8", encoding_errors="surrogateescape", on_bad_lines="warn", chunksize=READ_CHUNK_ROWS,
        )  # fmt: skip
        before = 0
        with reader:
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ParserWarning)
                    try:
                        chunk = next(reader)
                    except StopIteration:
                        chunk = None
                    except (pd.errors.ParserError, ValueError, UnicodeError) as exc:
                        problem = " ".join(str(exc).split())
                        yield PostingInput(
                            f"{src.label}", None, src.label, position=base + src.size,
                            error=f"{src.label}: the CSV cannot be parsed past this point ({problem}); "
                            "the rest of the file is skipped",
                        )  # fmt: skip
                        return
                after = min(fh.tell(), src.size)
                for warning in caught:
                    for match in _BAD_LINE.finditer(str(warning.message)):
                        line, problem = match.group(1), match.group(2).strip()
                        where = f"{src.label}:{line}"
                        yield PostingInput(
                            where, None, where, position=base + before,
                            error=f"{where}: malformed CSV line ({problem}); the line is skipped",
                        )  # fmt: skip
                if chunk is None:
                    return
                rows = chunk.to_dict("records")
                n = len(rows)
                for i, (index, row) in enumerate(zip(chunk.index, rows)):
                    position = base + before + (after - before) * (i + 1) // max(n, 1)
                    yield _row_item(plan, row, src.label, int(index), position)
                before = after


def _jsonl_records(
    lines: Iterable[bytes], label: str, options: _ReadOptions, base: int
) -> Iterator[PostingInput]:
    plans: dict[tuple[str, ...], ColumnPlan | MissingColumnError] = {}
    position = base
    for number, raw in enumerate(lines):
        position += len(raw)
        if not raw.strip():
            continue
        where = f"{label}#{number}"
        if number == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield PostingInput(where, None, where, position=position,
                               error=f"{where}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield PostingInput(where, None, where, position=position, error=f"{where}: invalid JSON ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield PostingInput(where, None, where, position=position,
                               error=f"{where}: a JSON {type(obj).__name__}, not an object with a text field")
            continue
        keys = tuple(str(k) for k in obj)
        plan = plans.get(keys)
        if plan is None:
            try:
                plan = options.plan(keys, where)
            except MissingColumnError as exc:
                plan = exc
            if len(plans) < 256:
                plans[keys] = plan
        if isinstance(plan, MissingColumnError):
            yield PostingInput(where, None, where, position=position, error=f"{where}: {plan.problem}")
            continue
        bad = next((c for c in plan.text if obj.get(c) is not None and not isinstance(obj.get(c), str)), None)
        if bad is not None:
            yield PostingInput(where, None, where, position=position,
                               error=f"{where}: field {bad!r} is a JSON {type(obj[bad]).__name__}, not a string")
            continue
        yield _row_item(plan, obj, label, number, position)


def _first_json_keys(first: bytes) -> list[str] | None:
    try:
        obj = json.loads(first.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return [str(k) for k in obj] if isinstance(obj, dict) else None


def _read_jsonl(src: _Source, options: _ReadOptions, base: int) -> Iterator[PostingInput]:
    with open(src.path, "rb") as fh:  # type: ignore[arg-type]
        yield from _jsonl_records(fh, src.label, options, base)


def _require_pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError(
            "parquet", "reading or writing Parquet needs pyarrow: pip install 'analyser[parquet]'"
        ) from None
    return pq


def _read_parquet(src: _Source, plan: ColumnPlan, base: int) -> Iterator[PostingInput]:
    pq = _require_pyarrow()
    parquet = pq.ParquetFile(src.path)
    total = max(parquet.metadata.num_rows, 1)
    index = 0
    for batch in parquet.iter_batches(batch_size=READ_CHUNK_ROWS, columns=list(plan.columns)):
        for row in batch.to_pylist():
            index += 1
            yield _row_item(plan, row, src.label, index - 1, base + src.size * index // total)


def _plan_tables(sources: list[_Source], options: _ReadOptions) -> dict[int, ColumnPlan | str]:
    """Check every table's columns before any work: a missing text column is a bad argument
    (raise), an unreadable table an error entry (str)."""
    plans: dict[int, ColumnPlan | str] = {}
    for i, src in enumerate(sources):
        try:
            if src.kind in ("csv", "tsv"):
                columns = _csv_header(src)
                if columns is None:
                    plans[i] = f"{src.label}: empty CSV file, no header and no rows"
                    continue
            elif src.kind == "parquet":
                pq = _require_pyarrow()
                try:
                    columns = pq.ParquetFile(src.path).schema_arrow.names
                except Exception as exc:  # pyarrow raises ArrowInvalid, OSError ...
                    plans[i] = f"{src.label}: not a readable Parquet file ({' '.join(str(exc).split())})"
                    continue
            elif src.kind == "jsonl":
                with open(src.path, "rb") as fh:  # type: ignore[arg-type]
                    first = next((line for line in fh if line.strip()), b"")
                columns = _first_json_keys(first)
                if columns is None:
                    continue
            else:
                continue
        except OSError as exc:
            plans[i] = f"{src.label}: cannot be read ({exc.strerror or exc})"
            continue
        plans[i] = options.plan(columns, src.label)
    return plans


def iter_postings(
    inputs: Sequence[str | os.PathLike],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    exclude: Iterable[str | os.PathLike] = (),
    stdin: Any = None,
) -> Iterator[PostingInput]:
    """Read postings from INPUT arguments, one :class:`PostingInput` at a time, in input order.

    Args:
        inputs: folders (every file below, sorted, hidden ones left out), glob patterns,
            files, or ``"-"`` for JSONL on ``stdin``. A ``.csv`` / ``.tsv`` / ``.jsonl`` /
            ``.ndjson`` / ``.parquet`` file is a table of postings, one per row; any other
            file is one posting, read by the worker with :func:`analyser.documents.read_document`.
        text_column, id_column, title_column: see :func:`resolve_columns`.
        exclude: files to leave out of folders (the output and errors files).
        stdin: a binary stream for ``"-"`` (default ``sys.stdin.buffer``).

    Yields:
        :class:`PostingInput` - with ``error`` set for a row that cannot be analysed.

    Raises:
        MissingFileError, NoInputError: an INPUT that is no file, folder or matching glob.
        MissingColumnError: a table without the text column (checked before anything is yielded).
        MissingDependencyError: a Parquet input without pyarrow installed.
    """
    sources = _expand(inputs, frozenset(Path(p).resolve() for p in exclude))
    yield from _iter_sources(sources, _ReadOptions(text_column, id_column, title_column), stdin)


def _iter_sources(sources: list[_Source], options: _ReadOptions, stdin: Any) -> Iterator[PostingInput]:
    plans = _plan_tables(sources, options)
    stdin_lines: Iterator[bytes] | None = None
    if any(s.kind == "stdin" for s in sources):
        stream = stdin if stdin is not None else sys.stdin.buffer
        first = b""
        for line in stream:
            first = line
            if line.strip():
                break
        keys = _first_json_keys(first) if first.strip() else None
        if keys is not None:
            options.plan(keys, "<stdin>")
        stdin_lines = itertools.chain([first] if first else [], stream)
    base = 0
    for i, src in enumerate(sources):
        plan = plans.get(i)
        if isinstance(plan, str):
            yield PostingInput(src.label, None, src.label, error=plan, position=base + src.size)
        elif src.kind in ("csv", "tsv"):
            yield from _read_csv(src, plan, base)  # type: ignore[arg-type]
        elif src.kind == "parquet":
            yield from _read_parquet(src, plan, base)  # type: ignore[arg-type]
        elif src.kind == "jsonl":
            yield from _read_jsonl(src, options, base)
        elif src.kind == "stdin":
            yield from _jsonl_records(stdin_lines or iter(()), "<stdin>", options, base)
        else:
            name = _clean(src.label)  # a file name with undecodable bytes still reads from its raw path
            yield PostingInput(name, None, name, path=src.label, position=base + src.size)
        base += src.size


# ----------------------------------------------------------------------------- scoring helpers
def score_gains(match: "MatchResult", taxonomy: "Taxonomy") -> dict[str, float]:
    """How much the score of one match would rise if the CV also named each demanded skill.

    The demands of a match are its ``missing`` and ``matched`` entries (a skill, or a group of
    alternatives "Python, R or Scala" whose credit is the best of its members'). For every
    member skill of a demand the CV does not fully cover (credit below 1), the gain is
    ``100 * sum(w_d * (c'_d - c_d)) / sum(w_d)`` over all demands ``d``, where ``c'`` is the
    credit once that skill is added to the CV: 1 for a demand it is a member of,
    ``IMPLIED_CREDIT ** links`` for a demand with a member it implies, when that is more than
    before - the formula of :mod:`analyser.scoring`, before its rounding.

    Args:
        match: a match result of one CV against one posting.
        taxonomy: the taxonomy both were extracted with.

    Returns:
        ``{skill id: gain}``, gains in score points (0-100 scale) rounded to 2 decimals,
        largest first; ties keep the order of ``match.missing`` then ``match.matched``.
    """
    from .scoring import IMPLIED_CREDIT

    demands = [(m.weight, m.credit, _members(m)) for m in (*match.missing, *match.matched)]
    total = sum(weight for weight, _, _ in demands)
    if total <= 0:
        return {}
    open_demands = [d for d in demands if d[1] < 1.0]
    candidates = list(dict.fromkeys(skill for _, _, members in open_demands for skill in members))
    gains: list[tuple[float, int, str]] = []
    for order, skill in enumerate(candidates):
        reach = taxonomy.implied_distances(skill) if skill in taxonomy else {}
        covered = 0.0
        for weight, credit, members in open_demands:
            best = max((1.0 if t == skill else IMPLIED_CREDIT ** reach[t] if t in reach else 0.0) for t in members)
            if best > credit:
                covered += weight * (best - credit)
        gains.append((-round(100.0 * covered / total, 2), order, skill))
    gains.sort()
    return {skill: -gain for gain, _, skill in gains}


def _members(m: Any) -> tuple[str, ...]:
    """The skill ids of one demand of a match: the group's alternatives, or the skill."""
    return tuple(getattr(m, "one_of", ()) or ()) or (m.skill_id,)


# ----------------------------------------------------------------------------- workers
class _WorkerConfig(NamedTuple):
    taxonomy: Any  # None, a path, or a Taxonomy
    cv_text: str | None
    cv_source: str
    top_missing: int


class _Worker:
    """One analyser (built once per process) and the CV profile; analyses chunks of postings
    into plain tuples, so that nothing spaCy-made crosses a process boundary."""

    def __init__(self, config: _WorkerConfig) -> None:
        from .analyser import Analyser

        self.analyser = Analyser(config.taxonomy)
        self.taxonomy = self.analyser.taxonomy
        self.top_missing = config.top_missing
        self.cv = None if config.cv_text is None else self.analyser.extract(config.cv_text, source=config.cv_source)
        self.warm = WARM_POSTINGS

    def analyse(self, work: Sequence[tuple[str | None, str | None]]) -> list[tuple | None]:
        """Analyse ``(text, path)`` pairs; ``(None, None)`` is a posting to pass over.

        Returns, per pair: ``None`` (passed over), ``("error", message)``, or
        ``("ok", words, ((skill_id, level), ...), score, top_missing, gains)``.
        """
        from .documents import read_document

        results: list[tuple | None] = [None] * len(work)
        texts: list[tuple[int, str]] = []
        for i, (text, path) in enumerate(work):
            if text is None and path is not None:
                try:
                    text = read_document(path).text
                except InputError as exc:
                    results[i] = ("error", str(exc))
                    continue
                except Exception as exc:  # a reader bug must not stop the batch
                    results[i] = ("error", f"{path}: cannot be read ({type(exc).__name__}: {exc})")
                    continue
            if text is not None:
                texts.append((i, text))
        if not texts:
            return results
        nlp = self.analyser.nlp
        zone = nlp.memory_zone() if self.warm <= 0 and hasattr(nlp, "memory_zone") else contextlib.nullcontext()
        with zone:
            try:
                profiles = list(self.analyser.extract_many([t for _, t in texts], batch_size=len(texts)))
                for (i, text), profile in zip(texts, profiles):
                    results[i] = self._result(profile, text)
            except Exception:  # find the one posting that fails, analyse the others
                for i, text in texts:
                    try:
                        results[i] = self._result(self.analyser.extract(text), text)
                    except Exception as exc:
                        results[i] = ("error", f"analysis failed ({type(exc).__name__}: {exc})")
        self.warm -= len(texts)
        return results

    def _result(self, profile, text: str) -> tuple:
        demanded = tuple((s.skill_id, s.level) for s in profile.skills if s.weight > 0)
        words = len(text.split())
        if self.cv is None:
            return ("ok", words, demanded, None, (), ())
        from .scoring import match_profiles

        match = match_profiles(self.cv, profile, self.taxonomy)
        top = tuple("|".join(_members(m)) for m in match.missing[: self.top_missing])
        return ("ok", words, demanded, match.score, top, tuple(score_gains(match, self.taxonomy).items()))


_WORKER: _Worker | None = None


def _init_worker(config: _WorkerConfig) -> None:
    """Process-pool initializer: build this process's analyser; leave Ctrl-C to the parent."""
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # one BLAS thread per worker: the pool already uses every core
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass
    _WORKER = _Worker(config)


def _analyse_chunk(work: Sequence[tuple[str | None, str | None]]) -> list[tuple | None]:
    """Process-pool task: analyse one chunk with this process's analyser."""
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.analyse(work)


def default_jobs() -> int:
    """Number of CPU cores this process may use (``os.sched_getaffinity`` where available)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(os.cpu_count() or 1, 1)


def _mp_context():
    """``forkserver`` where the platform has it (workers fork from a clean, single-threaded
    server that has imported spaCy once), else ``spawn``."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["analyser.analyser", "analyser.batch"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover


# ----------------------------------------------------------------------------- records
def output_columns(taxonomy: "Taxonomy", with_cv: bool) -> list[str]:
    """The per-posting columns for a taxonomy, with or without the CV columns (module docstring)."""
    columns = ["id", "title", "source", "words", "required", "preferred", "other"]
    columns += [f"skills_{c.id}" for c in taxonomy.categories]
    if with_cv:
        columns += ["score", "top_missing", "gains"]
    return columns


_LIST_COLUMNS = frozenset({"required", "preferred", "other", "top_missing"})


def _is_list_column(name: str) -> bool:
    return name in _LIST_COLUMNS or name.startswith("skills_")


def _record(item: PostingInput, result: tuple, taxonomy: "Taxonomy", with_cv: bool) -> dict[str, Any]:
    _, words, demanded, score, top, gains = result
    record: dict[str, Any] = {
        "id": item.id,
        "title": item.title,
        "source": item.source,
        "words": words,
        "required": [s for s, level in demanded if level == "required"],
        "preferred": [s for s, level in demanded if level == "preferred"],
        "other": [s for s, level in demanded if level not in ("required", "preferred")],
    }
    by_category: dict[str, list[str]] = {c.id: [] for c in taxonomy.categories}
    for skill_id, _ in demanded:
        by_category[taxonomy.skill(skill_id).category].append(skill_id)
    for category, skills in by_category.items():
        record[f"skills_{category}"] = skills
    if with_cv:
        record["score"] = score
        record["top_missing"] = list(top)
        record["gains"] = dict(gains)
    return record


def _as_list(value: Any) -> list[str]:
    """A list cell from any of our representations: list, numpy array, "; "-joined text."""
    if value is None or _is_nan(value):
        return []
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split(";")) if v]
    return [str(v) for v in value]


def _as_gains(value: Any) -> dict[str, float]:
    if value is None or _is_nan(value):
        return {}
    if isinstance(value, Mapping):
        return {str(k): float(v) for k, v in value.items()}
    if isinstance(value, str):
        out = {}
        for part in value.split(";"):
            if "=" in part:
                k, v = part.rsplit("=", 1)
                out[k.strip()] = float(v)
        return out
    return {str(k): float(v) for k, v in value}  # pairs, as pyarrow returns a map


# ----------------------------------------------------------------------------- summary
class BatchSummary:
    """Running counts over per-posting records, and the summary tables made from them.

    Memory is fixed by the taxonomy - a skills x skills pair matrix, per-skill and
    per-category counters, a block of :data:`SUMMARY_BLOCK` rows waiting to be counted - plus
    the ``top_postings`` best-fitting postings kept for the ranking; it does not grow with the
    number of postings. Feed it with :meth:`add`; rows are counted a block at a time.

    Args:
        taxonomy: the taxonomy the records were made with (labels, categories).
        top_postings: postings kept for :meth:`ranking`; ``None`` keeps all (what
            :func:`rank_by_fit` does with a DataFrame in memory).

    Raises:
        ResumeMismatchError: (from :meth:`add`) a record names a skill the taxonomy lacks.
    """

    def __init__(self, taxonomy: "Taxonomy", *, top_postings: int | None = 20) -> None:
        import numpy as np

        self.taxonomy = taxonomy
        self.skill_ids = [s.id for s in taxonomy.skills]
        self._index = {sid: i for i, sid in enumerate(self.skill_ids)}
        category_ids = [c.id for c in taxonomy.categories]
        n, k = len(self.skill_ids), len(category_ids)
        self._category_of = np.array([category_ids.index(s.category) for s in taxonomy.skills], dtype=np.int64)
        self.postings = 0
        self.with_cv = False
        self._level = np.zeros((3, n), dtype=np.int64)  # postings demanding it: required, preferred, other
        self._any = np.zeros(n, dtype=np.int64)
        self._pairs = np.zeros((n, n), dtype=np.int64)
        self._cat_any = np.zeros(k, dtype=np.int64)
        self._cat_level = np.zeros((2, k), dtype=np.int64)  # postings with >= 1 required / preferred skill
        self._cat_skills = np.zeros(k, dtype=np.int64)
        self._raised = np.zeros(n, dtype=np.int64)
        self._gain_sum = np.zeros(n, dtype=np.int64)  # hundredths of a score point: exact sums
        self._scored = 0
        self._score_sum = 0.0
        self._top = top_postings
        self._heap: list[tuple[float, int, str, str | None, tuple[str, ...]]] = []
        block = max(16, min(SUMMARY_BLOCK, (1 << 22) // max(n, 1)))
        self._block_levels = np.zeros((block, n), dtype=np.uint8)  # 0 absent, 1 required, 2 preferred, 3 other
        self._block_gains = np.zeros((block, n), dtype=np.int64)
        self._block_raised = np.zeros((block, n), dtype=np.bool_)
        self._rows = 0

    def _ids(self, skills: Iterable[str]) -> list[int]:
        index = self._index
        try:
            return [index[sid] for sid in skills]
        except KeyError as exc:
            raise ResumeMismatchError(
                "<records>", f"skill {exc.args[0]!r} is not in the taxonomy {self.taxonomy.name!r}; "
                "were these results made with another taxonomy?",
            ) from None  # fmt: skip

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one per-posting record (a dict or DataFrame row with the output columns).

        A skill listed at several levels counts once, at the first of required, preferred,
        other (the analyser itself lists each skill at one level).
        """
        row = self._rows
        levels = self._block_levels[row]
        for code, name in ((3, "other"), (2, "preferred"), (1, "required")):
            ids = self._ids(_as_list(record.get(name)))
            if ids:
                levels[ids] = code
        seq = self.postings
        self.postings += 1
        score = record.get("score")
        if score is not None and not _is_nan(score) and "gains" in record:
            self.with_cv = True
            score = float(score)
            self._scored += 1
            self._score_sum += score
            gains = _as_gains(record.get("gains"))
            if gains:
                ids = self._ids(gains)
                self._block_gains[row, ids] = [round(g * 100) for g in gains.values()]
                self._block_raised[row, ids] = True
            title = record.get("title")
            title = None if title is None or _is_nan(title) else str(title)
            demanded = sum(len(_as_list(record.get(level))) for level in ("required", "preferred", "other"))
            entry = (
                int(demanded >= MIN_DEMANDED_FOR_RANKING), score, -seq, str(record.get("id")), title,
                tuple(_as_list(record.get("top_missing"))), demanded,
            )
            if self._top is None:
                self._heap.append(entry)
            elif len(self._heap) < self._top:
                heapq.heappush(self._heap, entry)
            elif entry > self._heap[0]:
                heapq.heapreplace(self._heap, entry)
        self._rows += 1
        if self._rows == len(self._block_levels):
            self._count_block()

    def _count_block(self) -> None:
        """Add the waiting rows to the counters and clear the block (integer numpy only: no
        BLAS, whose threads would compete with the worker processes)."""
        import numpy as np

        rows = self._rows
        if not rows:
            return
        n, k = len(self.skill_ids), len(self._cat_any)
        levels = self._block_levels[:rows]
        row_of, skill_of = np.nonzero(levels)  # row-major: grouped by row, skills ascending
        code = levels[row_of, skill_of]
        self._any += np.bincount(skill_of, minlength=n)
        for c in (1, 2, 3):
            self._level[c - 1] += np.bincount(skill_of[code == c], minlength=n)
        # pairs: within each row, every (i, j) of its skills -> flat index i * n + j
        starts = np.searchsorted(row_of, np.arange(rows + 1))
        flat = [(ids[:, None] * n + ids).ravel() for ids in (skill_of[a:b] for a, b in itertools.pairwise(starts)) if len(ids)]
        if flat:
            self._pairs += np.bincount(np.concatenate(flat), minlength=n * n).reshape(n, n)
        category = self._category_of[skill_of]
        per_row = np.bincount(row_of * k + category, minlength=rows * k).reshape(rows, k)
        self._cat_skills += per_row.sum(axis=0)
        self._cat_any += (per_row > 0).sum(axis=0)
        for c in (1, 2):
            keep = code == c
            hits = np.bincount(row_of[keep] * k + category[keep], minlength=rows * k).reshape(rows, k)
            self._cat_level[c - 1] += (hits > 0).sum(axis=0)
        self._raised += self._block_raised[:rows].sum(axis=0, dtype=np.int64)
        self._gain_sum += self._block_gains[:rows].sum(axis=0)
        levels[:] = 0
        self._block_gains[:rows] = 0
        self._block_raised[:rows] = False
        self._rows = 0

    # -- tables ---------------------------------------------------------------------------
    def _share(self, counts):
        return counts / self.postings if self.postings else counts * 0.0

    def skill_demand(self) -> "pd.DataFrame":
        """Share of postings that demand each skill, overall and by requirement level.

        Returns:
            One row per skill demanded at least once, most demanded first (then most
            often required, then skill id). Columns: ``skill_id``, ``label``, ``category``,
            ``postings`` (count), ``share`` (0-1, of all postings analysed), ``required``,
            ``required_share``, ``preferred``, ``preferred_share``, ``other``, ``other_share``.
            A skill's level in a posting is the level of its heaviest mention, so the three
            counts add up to ``postings``.
        """
        self._count_block()
        import pandas as pd

        frame = pd.DataFrame(
            {
                "skill_id": self.skill_ids,
                "label": [s.label for s in self.taxonomy.skills],
                "category": [s.category for s in self.taxonomy.skills],
                "postings": self._any,
                "share": self._share(self._any),
                "required": self._level[0],
                "required_share": self._share(self._level[0]),
                "preferred": self._level[1],
                "preferred_share": self._share(self._level[1]),
                "other": self._level[2],
                "other_share": self._share(self._level[2]),
            }
        )
        frame = frame[frame["postings"] > 0]
        frame = frame.sort_values(["postings", "required", "skill_id"], ascending=[False, False, True], kind="stable")
        return frame.reset_index(drop=True)

    def category_demand(self) -> "pd.DataFrame":
        """Demand per taxonomy category (for the bundled taxonomy: the article's headings).

        Returns:
            One row per category, taxonomy order. Columns: ``category``, ``label``,
            ``postings`` (postings demanding at least one skill of it) and ``share`` (0-1),
            ``required`` / ``required_share`` (at least one skill of it required),
            ``preferred`` / ``preferred_share``, ``mean_skills`` (demanded skills of the
            category per posting, averaged over all postings).
        """
        self._count_block()
        import pandas as pd

        return pd.DataFrame(
            {
                "category": [c.id for c in self.taxonomy.categories],
                "label": [c.label for c in self.taxonomy.categories],
                "postings": self._cat_any,
                "share": self._share(self._cat_any),
                "required": self._cat_level[0],
                "required_share": self._share(self._cat_level[0]),
                "preferred": self._cat_level[1],
                "preferred_share": self._share(self._cat_level[1]),
                "mean_skills": self._share(self._cat_skills),
            }
        )

    def skill_pairs(self, top: int | None = 20) -> "pd.DataFrame":
        """The skill pairs most often demanded together (in one posting, any level).

        Args:
            top: rows to return (``None``: every pair seen at least once).

        Returns:
            Columns ``skill_a``, ``skill_b`` (ids, ``a < b`` in taxonomy order), ``label_a``,
            ``label_b``, ``postings`` (count), ``share`` (0-1); most frequent first, then
            taxonomy order.
        """
        self._count_block()
        import numpy as np
        import pandas as pd

        upper = np.triu(self._pairs, k=1)
        a, b = np.nonzero(upper)
        counts = upper[a, b]
        order = np.lexsort((b, a, -counts))
        if top is not None:
            order = order[:top]
        labels = [s.label for s in self.taxonomy.skills]
        return pd.DataFrame(
            {
                "skill_a": [self.skill_ids[i] for i in a[order]],
                "skill_b": [self.skill_ids[i] for i in b[order]],
                "label_a": [labels[i] for i in a[order]],
                "label_b": [labels[i] for i in b[order]],
                "postings": counts[order].astype("int64"),
                "share": self._share(counts[order].astype("float64")),
            }
        )

    def ranking(self) -> "pd.DataFrame":
        """Postings ranked by fit to the CV (only with a CV; else an empty frame).

        Returns:
            Columns ``rank`` (1 = best), ``id``, ``title``, ``score`` (0-100), ``demanded``
            (skills the posting demands), ``top_missing`` (list of skill ids); postings that
            demand at least :data:`MIN_DEMANDED_FOR_RANKING` skills first, then best score,
            ties in input order. Holds the ``top_postings`` best postings (all with
            ``top_postings=None``).
        """
        import pandas as pd

        rows = sorted(self._heap, key=lambda e: (-e[0], -e[1], -e[2]))
        return pd.DataFrame(
            {
                "rank": range(1, len(rows) + 1),
                "id": [r[3] for r in rows],
                "title": [r[4] for r in rows],
                "score": [r[1] for r in rows],
                "demanded": [r[6] for r in rows],
                "top_missing": [list(r[5]) for r in rows],
            }
        )

    def learn_next(self) -> "pd.DataFrame":
        """Skills whose learning would raise the CV's score on the most postings.

        A skill raises the score on a posting when the posting demands it and the CV does not
        fully cover it (see :func:`score_gains`).

        Returns:
            Columns ``skill_id``, ``label``, ``category``, ``postings`` (count where it would
            raise the score), ``share`` (0-1 of the postings scored), ``mean_gain`` (score
            points, 0-100 scale, averaged over those postings); most postings first, then the
            larger mean gain, then skill id. Empty without a CV.
        """
        self._count_block()
        import pandas as pd

        n = self._scored
        mean = self._gain_sum / 100 / self._raised.clip(min=1)
        frame = pd.DataFrame(
            {
                "skill_id": self.skill_ids,
                "label": [s.label for s in self.taxonomy.skills],
                "category": [s.category for s in self.taxonomy.skills],
                "postings": self._raised,
                "share": self._raised / n if n else self._raised * 0.0,
                "mean_gain": mean.round(2),
            }
        )
        frame = frame[frame["postings"] > 0]
        frame = frame.sort_values(["postings", "mean_gain", "skill_id"], ascending=[False, False, True], kind="stable")
        return frame.reset_index(drop=True)

    @property
    def mean_score(self) -> float | None:
        """Mean match score (0-100) over the postings scored, or ``None`` without a CV."""
        return round(self._score_sum / self._scored, 1) if self._scored else None

    def to_dict(self, top: int | None = 20) -> dict[str, Any]:
        """Return the summary tables as JSON-ready lists of row dicts (``top`` rows each)."""

        def rows(frame) -> list[dict[str, Any]]:
            return json.loads(frame.head(top if top is not None else len(frame)).to_json(orient="records"))

        out = {
            "postings": self.postings,
            "skill_demand": rows(self.skill_demand()),
            "category_demand": rows(self.category_demand()),
            "skill_pairs": rows(self.skill_pairs(top)),
        }
        if self.with_cv:
            out.update(mean_score=self.mean_score, ranking=rows(self.ranking()), learn_next=rows(self.learn_next()))
        return out


# ----------------------------------------------------------------------------- output files
class _AtomicFile:
    """A temporary file beside ``path``, renamed over it by :meth:`commit` (after ``fsync``)
    and deleted by :meth:`abort`: readers never see a half-written output."""

    def __init__(self, path: Path, *, binary: bool) -> None:
        self.path = path
        fd, name = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
        self.temp = Path(name)
        # errors="replace": a last guard; ids, titles and sources are cleaned of surrogates before
        self.handle = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="", errors="replace")

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.path)
        with contextlib.suppress(OSError):  # make the rename durable; not possible everywhere
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()


def _csv_cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if column == "gains":
        return LIST_SEPARATOR.join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return escape_formula(LIST_SEPARATOR.join(value))
    if isinstance(value, str):
        return escape_formula(value)
    return str(value)


class _Writer:
    """Writes records to an atomic temporary file in one of :data:`OUTPUT_FORMATS`."""

    def __init__(self, path: Path, fmt: str, columns: list[str]) -> None:
        self.columns = columns
        self.fmt = fmt
        self.file = _AtomicFile(path, binary=fmt == "parquet")
        self.rows = 0
        self._buffer: list[dict[str, Any]] = []
        if fmt == "csv":
            self._csv = csv.writer(self.file.handle, lineterminator="\n")
            self._csv.writerow(columns)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            self._schema = _arrow_schema(columns)
            self._parquet = pq.ParquetWriter(self.file.handle, self._schema)

    def write(self, record: Mapping[str, Any]) -> None:
        self.rows += 1
        if self.fmt == "csv":
            self._csv.writerow([_csv_cell(record.get(c), c) for c in self.columns])
        elif self.fmt == "jsonl":
            self.file.handle.write(json.dumps({c: record.get(c) for c in self.columns}, ensure_ascii=False) + "\n")
        else:
            self._buffer.append(dict(record))
            if len(self._buffer) >= READ_CHUNK_ROWS:
                self._flush()

    def write_raw(self, raw: Any) -> None:
        """Copy a row of an existing output as it is (CSV row list, JSONL line, Arrow batch)."""
        if self.fmt == "csv":
            self._csv.writerow(raw)
        elif self.fmt == "jsonl":
            self.file.handle.write(raw)
        else:
            self._flush()
            self._parquet.write_batch(raw)

    def _flush(self) -> None:
        if self._buffer:
            import pyarrow as pa

            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._schema))
            self._buffer = []

    def commit(self) -> None:
        if self.fmt == "parquet":
            self._flush()
            self._parquet.close()
        self.file.commit()

    def abort(self) -> None:
        if self.fmt == "parquet":
            with contextlib.suppress(Exception):
                self._parquet.close()
        self.file.abort()


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    types = {"id": pa.string(), "title": pa.string(), "source": pa.string(), "words": pa.int64(),
             "score": pa.float64(), "gains": pa.map_(pa.string(), pa.float64())}  # fmt: skip
    return pa.schema([(c, types.get(c, pa.list_(pa.string()))) for c in columns])


class _ErrorWriter:
    """The errors file: CSV with ``id, source, error``, escaped like the output."""

    def __init__(self, path: Path | None) -> None:
        self.count = 0
        self.first: list[str] = []
        self.file = _AtomicFile(path, binary=False) if path is not None else None
        if self.file is not None:
            self._csv = csv.writer(self.file.handle, lineterminator="\n")
            self._csv.writerow(_ERROR_COLUMNS)

    def write(self, item: PostingInput, message: str) -> None:
        self.count += 1
        if len(self.first) < 10:
            self.first.append(message)
        if self.file is not None:
            self._csv.writerow([escape_formula(item.id), escape_formula(item.source), escape_formula(_problem(item, message))])

    def commit(self) -> None:
        if self.file is not None:
            self.file.commit()

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()


def _problem(item: PostingInput, message: str) -> str:
    """An error message without the posting's source in front (the errors file has a column for it)."""
    return message.removeprefix(f"{item.source}: ")


def _output_format(out: Path | None, fmt: str | None) -> str | None:
    if fmt is not None:
        if fmt not in OUTPUT_FORMATS:
            raise InputError(str(out or "--format"), f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
        return fmt
    if out is None:
        return None
    return _FORMAT_BY_SUFFIX.get(out.suffix.lower(), "csv")


def _existing_rows(path: Path, fmt: str) -> Iterator[tuple[Any, dict[str, Any] | None, list[str]]]:
    """Rows of an existing output: ``(raw, record or None, columns)``. For Parquet the raw item
    is a record batch and the records follow with ``raw`` ``None``."""
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                return
            for row in reader:
                record = {c: row[i] if i < len(row) else "" for i, c in enumerate(header)}
                yield row, _parse_csv_record(record), header
    elif fmt == "jsonl":
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ResumeMismatchError(str(path), f"line {number + 1} is not JSON ({exc.msg}); not an output of ours") from None
                yield (line if line.endswith("\n") else line + "\n"), record, list(record)
    else:
        pq = _require_pyarrow()
        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
        for batch in parquet.iter_batches(batch_size=READ_CHUNK_ROWS):
            yield batch, None, names
            for record in batch.to_pylist():
                yield None, record, names


def _parse_csv_record(row: Mapping[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column, cell in row.items():
        if column == "gains":
            record[column] = _as_gains(cell)
        elif _is_list_column(column):
            record[column] = _as_list(unescape_formula(cell))
        elif column == "words":
            record[column] = int(cell) if cell else 0
        elif column == "score":
            record[column] = float(cell) if cell else None
        elif column == "title":
            record[column] = unescape_formula(cell) if cell else None
        else:
            record[column] = unescape_formula(cell)
    return record


def read_output(path: str | os.PathLike, *, format: str | None = None) -> "pd.DataFrame":
    """Read an output file of ``analyser batch`` back as the per-posting DataFrame.

    Args:
        path: the file (CSV, JSONL or Parquet, by its suffix unless ``format`` says).
        format: one of :data:`OUTPUT_FORMATS`.

    Returns:
        The DataFrame of :func:`analyse_postings`: list columns as lists, ``gains`` as dicts,
        CSV cells unescaped (:func:`unescape_formula`). The whole file is loaded: for very
        large outputs read it in pieces with pandas or pyarrow instead.

    Raises:
        MissingFileError: no such file. ResumeMismatchError: a JSONL line that is not JSON.
    """
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise MissingFileError(str(path), "no such file")
    fmt = _output_format(path, format) or "csv"
    records, columns = [], None
    for _, record, names in _existing_rows(path, fmt):
        columns = names
        if record is not None:
            if fmt == "parquet" and "gains" in record:
                record["gains"] = _as_gains(record["gains"])
            records.append(record)
    if columns is None and fmt == "csv":
        with open(path, encoding="utf-8", newline="") as fh:
            columns = next(csv.reader(fh), [])
    return pd.DataFrame.from_records(records, columns=columns)


class _IdSet:
    """Ids already in an output, as sorted 64-bit BLAKE2b hashes (8 bytes per id instead of a
    Python string; a false "done" needs a 64-bit collision, odds about n^2 / 2^65)."""

    def __init__(self) -> None:
        from array import array

        self._raw = array("Q")
        self._sorted = None

    @staticmethod
    def _hash(value: str) -> int:
        import hashlib

        return int.from_bytes(hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")

    def add(self, value: str) -> None:
        self._raw.append(self._hash(value))

    def freeze(self) -> None:
        import numpy as np

        self._sorted = np.unique(np.frombuffer(self._raw, dtype=np.uint64)) if len(self._raw) else None
        self._raw = None  # type: ignore[assignment]

    def __contains__(self, value: object) -> bool:
        if self._sorted is None:
            return False
        import numpy as np

        h = np.uint64(self._hash(str(value)))
        i = int(np.searchsorted(self._sorted, h))
        return i < len(self._sorted) and self._sorted[i] == h


# ----------------------------------------------------------------------------- the engine
@dataclass(frozen=True)
class BatchReport:
    """What a :func:`run_batch` run did.

    Attributes:
        postings: postings analysed in this run (written to the output).
        errors: postings that could not be analysed (listed in the errors file).
        skipped: input postings passed over because their id was already in the output (resume).
        kept: rows copied from the existing output (resume).
        words: words of the postings analysed in this run.
        elapsed: seconds, wall clock.
        jobs: worker processes used (1: the analysis ran in this process).
        out, errors_path: the files written, or ``None``.
        format: the output format, or ``None`` without ``out``.
        interrupted: Ctrl-C stopped the run; the rows analysed so far were written.
        summary: counts and tables over every row of the output (kept and new).
    """

    postings: int
    errors: int
    skipped: int
    kept: int
    words: int
    elapsed: float
    jobs: int
    out: str | None
    errors_path: str | None
    format: str | None
    interrupted: bool
    summary: BatchSummary = field(repr=False)
    first_errors: tuple[str, ...] = ()

    @property
    def rate(self) -> float:
        """Postings analysed per second in this run."""
        return self.postings / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self, top: int | None = 20) -> dict[str, Any]:
        """Return the counts, files and summary tables (``top`` rows each) as a JSON-ready dict."""
        return {
            "postings": self.postings, "errors": self.errors, "skipped": self.skipped, "kept": self.kept,
            "words": self.words, "elapsed": round(self.elapsed, 3), "jobs": self.jobs, "out": self.out,
            "errors_path": self.errors_path, "format": self.format, "interrupted": self.interrupted,
            "summary": self.summary.to_dict(top),
        }  # fmt: skip


ProgressCallback = Callable[[int, int, "int | None"], None]
"""``progress(postings_done, bytes_done, bytes_total)``; ``bytes_total`` is ``None`` when the
input size is unknown (standard input)."""


def _chunks(items: Iterable[PostingInput], size: int) -> Iterator[list[PostingInput]]:
    iterator = iter(items)
    while True:
        chunk = list(itertools.islice(iterator, size))
        if not chunk:
            return
        yield chunk


def _work(chunk: list[PostingInput]) -> list[tuple[str | None, str | None]]:
    return [(None, None) if item.error is not None else (item.text, item.path) for item in chunk]


def _analysed_chunks(
    items: Iterable[PostingInput], config: _WorkerConfig, jobs: int
) -> Iterator[tuple[list[PostingInput], list[tuple | None]]]:
    """Analyse chunks in this process (``jobs == 1``) or in a pool; yield them in input order."""
    if jobs <= 1:
        worker = _Worker(config)
        for chunk in _chunks(items, CHUNK_POSTINGS):
            yield chunk, worker.analyse(_work(chunk))
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context(), initializer=_init_worker, initargs=(config,))
    pending: deque = deque()
    try:
        for chunk in _chunks(items, CHUNK_POSTINGS):
            work = _work(chunk)
            future = executor.submit(_analyse_chunk, work) if any(w != (None, None) for w in work) else None
            pending.append((chunk, future))
            while len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                done, future = pending.popleft()
                yield done, future.result() if future is not None else [None] * len(done)
        while pending:
            done, future = pending.popleft()
            yield done, future.result() if future is not None else [None] * len(done)
    except BrokenProcessPool as exc:
        raise BatchAbortedError(f"a worker process died ({exc}); out of memory? try fewer --jobs") from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_stream(
    items: Iterable[PostingInput],
    *,
    config: _WorkerConfig,
    taxonomy: "Taxonomy",
    jobs: int,
    on_record: Callable[[dict[str, Any]], None],
    on_error: Callable[[PostingInput, str], None],
    on_chunk: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Analyse ``items`` and hand every record / error to the callbacks, in input order.
    Returns ``(postings analysed, words)``."""
    with_cv = config.cv_text is not None
    postings = words = 0
    for chunk, results in _analysed_chunks(items, config, jobs):
        for item, result in zip(chunk, results):
            if item.error is not None:
                on_error(item, item.error)
            elif result is None or result[0] == "error":
                message = result[1] if result is not None else "not analysed"
                on_error(item, message if message.startswith(item.source) else f"{item.source}: {message}")
            else:
                postings += 1
                words += result[1]
                on_record(_record(item, result, taxonomy, with_cv))
        if on_chunk is not None:
            on_chunk(postings, chunk[-1].position)
    return postings, words


def _worker_taxonomy(taxonomy: Any) -> Any:
    """What a worker needs to load the taxonomy: ``None``, a path string, or the object."""
    return os.fspath(taxonomy) if isinstance(taxonomy, (str, os.PathLike)) else taxonomy


def _read_cv(cv: str | os.PathLike) -> tuple[str, str]:
    from .documents import read_document

    document = read_document(cv)
    return document.text, document.source


def run_batch(
    inputs: Sequence[str | os.PathLike],
    *,
    out: str | os.PathLike | None = None,
    format: str | None = None,
    errors_path: str | os.PathLike | None = None,
    cv: str | os.PathLike | None = None,
    taxonomy: "str | os.PathLike | Taxonomy | None" = None,
    jobs: int | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    resume: bool = False,
    force: bool = False,
    top_missing: int = 5,
    top_postings: int = 20,
    stdin: Any = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Analyse many postings, streaming: read in chunks, analyse, write each row, count.

    Args:
        inputs: folders, globs, files or ``"-"`` (see :func:`iter_postings`).
        out: the per-posting output file, or ``None`` for the summary only. Written to a
            temporary file beside it and renamed over it at the end (atomic).
        format: ``"csv"``, ``"parquet"`` or ``"jsonl"``; default from ``out``'s suffix, else CSV.
        errors_path: where the postings that could not be analysed are listed (CSV: ``id``,
            ``source``, ``error``); default ``<out stem>.errors.csv`` beside ``out``; none
            without ``out``.
        cv: a CV file (any format :func:`analyser.documents.read_document` reads): adds the
            score, top missing skills and gains columns, the ranking and the learn-next table.
        taxonomy: a taxonomy path or :class:`~analyser.taxonomy.Taxonomy` (default: bundled).
        jobs: worker processes; default every core (:func:`default_jobs`), or 1 when the
            input is known to be under :data:`SMALL_INPUT_BYTES`. The output does not
            depend on it.
        text_column, id_column, title_column: see :func:`resolve_columns`.
        resume: keep the rows of an existing ``out`` and analyse only postings whose id is not
            among them. The new file holds the kept rows first, then the new ones.
        force: replace an existing ``out`` (and errors file).
        top_missing: missing skills listed per posting (with a CV).
        top_postings: postings kept for the summary's ranking.
        stdin: binary stream for ``"-"`` (default ``sys.stdin.buffer``).
        progress: called after each chunk, see :data:`ProgressCallback`.

    Returns:
        A :class:`BatchReport` (counts, files, and the :class:`BatchSummary`).

    Raises:
        OutputExistsError: ``out`` or the errors file exists without ``resume`` / ``force``.
        ResumeMismatchError: ``resume`` with an output of other columns.
        MissingColumnError, MissingFileError, NoInputError, MissingDependencyError: bad INPUTs.
        InputError: the CV cannot be read. TaxonomyError: the taxonomy is invalid.
        BatchAbortedError: a worker process died; nothing was written.
    """
    from .taxonomy import Taxonomy, load_taxonomy

    started = time.perf_counter()
    out_path = Path(out) if out is not None else None
    fmt = _output_format(out_path, format)
    if fmt == "parquet":
        _require_pyarrow()
    err_path = Path(errors_path) if errors_path is not None else (
        out_path.with_name(f"{out_path.stem}.errors.csv") if out_path is not None else None
    )  # fmt: skip
    if resume and force:
        raise InputError("--resume", "--resume and --force exclude each other: keep the output, or replace it")
    for path in (out_path, err_path):
        if path is not None and path.exists() and not (resume or force):
            raise OutputExistsError(str(path), "exists; use --resume to continue it or --force to replace it")
        if path is not None and path.is_dir():
            raise InputError(str(path), "is a folder; give a file name")
        if path is not None and not path.parent.is_dir():
            raise MissingFileError(str(path.parent), "no such folder for the output")
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    if cv is not None and any(os.fspath(i) == "-" for i in inputs) and os.fspath(cv) == "-":
        raise InputError("<stdin>", "the CV and the postings cannot both come from standard input")
    cv_text, cv_source = _read_cv(cv) if cv is not None else (None, "<cv>")
    with_cv = cv_text is not None

    exclude = frozenset(p.resolve() for p in (out_path, err_path) if p is not None)
    sources = _expand(inputs, exclude)
    options = _ReadOptions(text_column, id_column, title_column)
    items = _iter_sources(sources, options, stdin)
    first = next(items, None)  # reads table headers: a missing column fails before any output exists
    items = itertools.chain([first] if first is not None else [], items)
    total = None if any(s.kind == "stdin" for s in sources) else sum(s.size for s in sources)
    if jobs is None:
        jobs = 1 if total is not None and total < SMALL_INPUT_BYTES else default_jobs()
    jobs = max(int(jobs), 1)

    columns = output_columns(tax, with_cv)
    summary = BatchSummary(tax, top_postings=top_postings)
    done = _IdSet()
    writer = _Writer(out_path, fmt, columns) if out_path is not None and fmt is not None else None
    errors = _ErrorWriter(err_path)
    kept = skipped = 0
    interrupted = False
    try:
        if resume and writer is not None and out_path is not None and out_path.exists():
            for raw, record, names in _existing_rows(out_path, fmt):  # type: ignore[arg-type]
                if names != columns:
                    raise ResumeMismatchError(
                        str(out_path),
                        f"cannot resume: its columns ({', '.join(names)}) differ from this run's "
                        f"({', '.join(columns)}); another taxonomy or CV setting? use --force to start again",
                    )
                if raw is not None:
                    writer.write_raw(raw)
                if record is not None:
                    kept += 1
                    done.add(str(record.get("id")))
                    summary.add(record)
            writer.rows = kept
        done.freeze()

        def fresh(stream: Iterable[PostingInput]) -> Iterator[PostingInput]:
            nonlocal skipped
            for item in stream:
                if kept and item.id in done:
                    skipped += 1
                    continue
                yield item

        def on_record(record: dict[str, Any]) -> None:
            summary.add(record)
            if writer is not None:
                writer.write(record)

        def on_chunk(postings: int, position: int) -> None:
            if progress is not None:
                progress(postings, position, total)

        config = _WorkerConfig(_worker_taxonomy(taxonomy), cv_text, cv_source, top_missing)
        postings = words = 0
        try:
            postings, words = _run_stream(
                fresh(items), config=config, taxonomy=tax, jobs=jobs, on_record=on_record,
                on_error=errors.write, on_chunk=on_chunk,
            )  # fmt: skip
        except KeyboardInterrupt:
            interrupted = True
            postings = (writer.rows - kept) if writer is not None else summary.postings - kept
            words = 0
        if writer is not None:
            writer.commit()
        errors.commit()
    except BaseException:
        if writer is not None:
            writer.abort()
        errors.abort()
        raise
    return BatchReport(
        postings=postings, errors=errors.count, skipped=skipped, kept=kept, words=words,
        elapsed=time.perf_counter() - started, jobs=jobs, out=str(out_path) if out_path else None,
        errors_path=str(err_path) if err_path else None, format=fmt, interrupted=interrupted, summary=summary,
        first_errors=tuple(errors.first),
    )  # fmt: skip


# ----------------------------------------------------------------------------- library, in memory
def analyse_postings(
    texts_or_frame: "Iterable[str] | pd.DataFrame | pd.Series",
    cv: str | None = None,
    *,
    taxonomy: "str | os.PathLike | Taxonomy | None" = None,
    text_column: str | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    jobs: int = 1,
    top_missing: int = 5,
    on_error: str = "skip",
) -> "pd.DataFrame":
    """Analyse postings held in memory; one row per posting, the columns of the module docstring.

    Args:
        texts_or_frame: posting texts (ids ``"0"``, ``"1"``, ...), a Series (ids from its
            index), or a DataFrame (columns chosen as by :func:`resolve_columns`; without an
            id column the ids are ``"<frame>#<index>"``).
        cv: the CV's *text* (not a path; use :func:`analyser.documents.read_document`).
        taxonomy: a taxonomy path or object (default: bundled).
        text_column, id_column, title_column: for a DataFrame, see :func:`resolve_columns`.
        jobs: worker processes (1: in this process). The result does not depend on it.
        top_missing: missing skills listed per posting (with a CV).
        on_error: ``"skip"`` leaves out postings that cannot be analysed (empty text) and
            lists them in ``frame.attrs["errors"]`` (a DataFrame: id, source, error);
            ``"raise"`` raises :class:`~analyser.errors.InputError` on the first.

    Returns:
        A DataFrame, input order, list cells as lists and ``gains`` as dicts.

    Raises:
        TypeError: a single string instead of a list of texts.
        MissingColumnError: a DataFrame without the text column.
        InputError: with ``on_error="raise"``, a posting that cannot be analysed.
    """
    import pandas as pd

    from .taxonomy import Taxonomy, load_taxonomy

    if isinstance(texts_or_frame, str):
        raise TypeError("analyse_postings() needs several texts (a list, Series or DataFrame), not one str")
    if on_error not in ("skip", "raise"):
        raise ValueError("on_error must be 'skip' or 'raise'")
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    if isinstance(texts_or_frame, pd.DataFrame):
        frame = texts_or_frame
        plan = resolve_columns(list(frame.columns), text_column=text_column, id_column=id_column,
                               title_column=title_column, source="<frame>")  # fmt: skip
        columns = list(plan.columns)
        items: Iterable[PostingInput] = (
            _row_item(plan, dict(zip(columns, values)), "<frame>", index, 0)  # type: ignore[arg-type]
            for index, values in zip(frame.index, frame[columns].itertuples(index=False, name=None))
        )
    elif isinstance(texts_or_frame, pd.Series):
        items = (_in_memory_item(str(index), text, f"<series>#{index}") for index, text in texts_or_frame.items())
    else:
        items = (_in_memory_item(str(i), text, f"<text {i}>") for i, text in enumerate(texts_or_frame))
    records: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []

    def failed(item: PostingInput, message: str) -> None:
        if on_error == "raise":
            raise InputError(item.source, _problem(item, message))
        errors.append({"id": item.id, "source": item.source, "error": _problem(item, message)})

    config = _WorkerConfig(_worker_taxonomy(taxonomy), cv, "<cv>", top_missing)
    _run_stream(items, config=config, taxonomy=tax, jobs=jobs, on_record=records.append, on_error=failed)
    result = pd.DataFrame.from_records(records, columns=output_columns(tax, cv is not None))
    result.attrs["errors"] = pd.DataFrame.from_records(errors, columns=list(_ERROR_COLUMNS))
    return result


def _in_memory_item(pid: str, text: Any, source: str) -> PostingInput:
    if not isinstance(text, str):
        text = _cell(text)
    if not text.strip():
        return PostingInput(pid, None, source, error=f"{source}: empty text; nothing to analyse")
    return PostingInput(pid, None, source, text=text)


def _taxonomy(taxonomy: "str | os.PathLike | Taxonomy | None") -> "Taxonomy":
    from .taxonomy import Taxonomy, load_taxonomy

    return taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)


def summarise(
    frame: "pd.DataFrame", taxonomy: "str | os.PathLike | Taxonomy | None" = None, *, top_postings: int | None = None
) -> BatchSummary:
    """Count a per-posting DataFrame (from :func:`analyse_postings` or :func:`read_output`).

    Args:
        frame: the per-posting frame; list cells may be lists, arrays or ``"; "``-joined text.
        taxonomy: the taxonomy the frame was made with (default: bundled).
        top_postings: postings kept for the ranking (``None``: all).

    Returns:
        A :class:`BatchSummary`.

    Raises:
        ResumeMismatchError: the frame names a skill the taxonomy lacks.
    """
    summary = BatchSummary(_taxonomy(taxonomy), top_postings=top_postings)
    for record in frame.to_dict("records"):
        summary.add(record)
    return summary


def skill_demand(frame: "pd.DataFrame", taxonomy: "str | os.PathLike | Taxonomy | None" = None) -> "pd.DataFrame":
    """Share of postings demanding each skill, split by level; see :meth:`BatchSummary.skill_demand`."""
    return summarise(frame, taxonomy).skill_demand()


def category_demand(frame: "pd.DataFrame", taxonomy: "str | os.PathLike | Taxonomy | None" = None) -> "pd.DataFrame":
    """Demand per taxonomy category; see :meth:`BatchSummary.category_demand`."""
    return summarise(frame, taxonomy).category_demand()


def skill_pairs(
    frame: "pd.DataFrame", taxonomy: "str | os.PathLike | Taxonomy | None" = None, *, top: int | None = 20
) -> "pd.DataFrame":
    """The skill pairs most often demanded together; see :meth:`BatchSummary.skill_pairs`."""
    return summarise(frame, taxonomy).skill_pairs(top)


def rank_by_fit(frame: "pd.DataFrame", *, top: int | None = None) -> "pd.DataFrame":
    """Postings ranked by match score (needs the ``score`` column: analysed with a CV).

    Args:
        frame: the per-posting frame.
        top: rows to return (``None``: all).

    Returns:
        Columns ``rank``, ``id``, ``title``, ``score`` (0-100), ``demanded``, ``top_missing``;
        postings demanding at least :data:`MIN_DEMANDED_FOR_RANKING` skills first, then best
        score, ties in input order.

    Raises:
        KeyError: the frame has no ``score`` column (it was analysed without a CV).
    """
    if "score" not in frame.columns:
        raise KeyError("the frame has no 'score' column: analyse the postings with a CV")
    demanded = [
        sum(len(_as_list(row[level])) for level in ("required", "preferred", "other") if level in frame.columns)
        for _, row in frame.iterrows()
    ]
    ranked = frame.assign(
        _order=range(len(frame)), demanded=demanded, _founded=[int(d >= MIN_DEMANDED_FOR_RANKING) for d in demanded]
    ).sort_values(["_founded", "score", "_order"], ascending=[False, False, True], kind="stable")
    if top is not None:
        ranked = ranked.head(top)
    out = ranked[["id", "title", "score", "demanded", "top_missing"]].reset_index(drop=True)
    out.insert(0, "rank", range(1, len(out) + 1))
    out["top_missing"] = [_as_list(v) for v in out["top_missing"]]
    return out


def learn_next(frame: "pd.DataFrame", taxonomy: "str | os.PathLike | Taxonomy | None" = None) -> "pd.DataFrame":
    """Skills whose learning would raise the CV's score on the most postings; see
    :meth:`BatchSummary.learn_next` (needs the ``gains`` column: analysed with a CV)."""
    if "gains" not in frame.columns:
        raise KeyError("the frame has no 'gains' column: analyse the postings with a CV")
    return summarise(frame, taxonomy).learn_next()
