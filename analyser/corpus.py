"""References to documents of the real corpus (``../shared/corpus``), by file and row.

The project never copies real postings or CVs into the repository; gold annotations, tests and
benchmarks point at them with a :class:`CorpusRef` and read the text with
:func:`corpus_text`, which fixes how a row becomes one document text, so that character
offsets stay valid. See ``../shared/corpus/SOURCES.md`` for where each file came from.

Text of a row:

* Glassdoor CSVs: the ``Job Description`` cell as it is.
* ``google_job_skills_tech_subset.csv``: the title and the three text columns under headings
  (:data:`GOOGLE_TEMPLATE`), since the job text is those columns together.
* ``kaggle_UpdatedResumeDataSet_dedup.csv``: the ``Resume`` cell.
* other files (PDF, DOCX, TXT): the text of :func:`analyser.documents.read_document`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

GOOGLE_TEMPLATE = (
    "{Title}\n\nResponsibilities:\n{Responsibilities}\n\n"
    "Minimum Qualifications:\n{Minimum Qualifications}\n\n"
    "Preferred Qualifications:\n{Preferred Qualifications}\n"
)
"""How one row of the Google job-skills CSV becomes a posting text."""

TEXT_COLUMNS = {
    "glassdoor_ds_jobs_2020.csv": "Job Description",
    "glassdoor_ds_jobs_2021_uncleaned.csv": "Job Description",
    "kaggle_UpdatedResumeDataSet_dedup.csv": "Resume",
}
"""The text column of each single-column CSV of the corpus, by file name."""

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
"""Where the corpus sits beside a source checkout (``<repo>/../shared/corpus``)."""


@dataclass(frozen=True, slots=True)
class CorpusRef:
    """A document of the corpus.

    Attributes:
        file: path relative to the corpus folder, e.g. ``"postings/glassdoor_ds_jobs_2020.csv"``.
        row: 0-based row of a CSV (the pandas index after ``read_csv``), or ``None`` for a
            whole-file document (PDF, DOCX, TXT).
    """

    file: str
    row: int | None = None

    @property
    def doc_id(self) -> str:
        """A stable id, ``"<file>#<row>"`` or ``"<file>"``."""
        return self.file if self.row is None else f"{self.file}#{self.row}"

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"file": ..., "row": ...}``."""
        return {"file": self.file, "row": self.row}


@lru_cache(maxsize=16)
def _frame(path: str):
    import pandas as pd

    return pd.read_csv(path).fillna("")


def corpus_text(ref: CorpusRef, corpus: str | Path = DEFAULT_CORPUS) -> str:
    """Return the text of one corpus document, exactly as offsets into it are counted.

    Args:
        ref: the document.
        corpus: the corpus folder.

    Returns:
        The document text.

    Raises:
        FileNotFoundError: the corpus file is missing.
        KeyError: the CSV has no such row, or the file is a CSV this module does not know.
        InputError: a PDF/DOCX/TXT file cannot be read.
    """
    path = Path(corpus) / ref.file
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such corpus file")
    name = path.name
    if path.suffix.lower() == ".csv":
        frame = _frame(str(path))
        if ref.row is None or ref.row not in frame.index:
            raise KeyError(f"{ref.file}: no row {ref.row}")
        row = frame.loc[ref.row]
        if name == "google_job_skills_tech_subset.csv":
            return GOOGLE_TEMPLATE.format(**{k: row[k] for k in row.index})
        if name not in TEXT_COLUMNS:
            raise KeyError(f"{ref.file}: unknown CSV; known: {', '.join(sorted(TEXT_COLUMNS))} and the Google subset")
        return str(row[TEXT_COLUMNS[name]])
    from .documents import read_document

    return read_document(path).text
