"""Exceptions raised by the analyser, one base class per family.

Every message names the file (and, for a taxonomy, the line) and says what to do,
so that the CLI can print ``str(error)`` as one line and exit with code 2.

Families (the convention of spaCy's ``errors.py`` and sqlite-utils' thin CLI):

* :class:`InputError` -- a document cannot be read (missing, a directory, empty,
  undecodable, not a supported format, encrypted, scanned, corrupt, too large ...).
* :class:`TaxonomyError` -- a taxonomy file is missing, is not valid TOML, or breaks
  one of the rules in ``taxonomy/README.md``.
"""

from __future__ import annotations


class AnalyserError(Exception):
    """Base class of every error the analyser raises on purpose."""


# --------------------------------------------------------------------------- input
class InputError(AnalyserError, ValueError):
    """A document could not be read or holds no usable text.

    Attributes:
        source: the file name (or ``"<stdin>"`` / ``"<bytes>"``) the error is about.
        problem: the cause in a few words, without the file name.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class MissingFileError(InputError):
    """The path does not exist."""


class IsADirectoryInputError(InputError):
    """The path is a directory, not a file."""


class UnreadableFileError(InputError):
    """The file exists but cannot be read (permission denied, an I/O error, standard input closed)."""


class EmptyDocumentError(InputError):
    """The file is empty or holds only white space after text extraction."""


class UndecodableTextError(InputError):
    """The bytes are no text in any encoding we can detect."""


class UnsupportedFormatError(InputError):
    """A binary file that is no supported document format."""


class EncryptedDocumentError(InputError):
    """A password-protected PDF (or DOCX) that we cannot open."""


class NoTextLayerError(InputError):
    """A PDF with pages but no text layer (a scan); OCR is not supported."""


class CorruptDocumentError(InputError):
    """A PDF or DOCX that is truncated or damaged and cannot be parsed."""


class DocumentTooLargeError(InputError):
    """The file (or the uncompressed content of a DOCX, a zip bomb) exceeds a size limit."""


class NotEnoughWordsError(InputError):
    """The text is mostly not words (binary garbage, base64, tables of numbers)."""


# ------------------------------------------------------------------------ taxonomy
class TaxonomyError(AnalyserError, ValueError):
    """A taxonomy file is missing, is not valid TOML, or breaks a taxonomy rule.

    Attributes:
        source: the taxonomy file name.
        line: the 1-based line the problem is on, or ``None`` when unknown.
        problem: the cause, without file and line.
    """

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
