"""Read a job posting or a CV: path, stdin or bytes -> :class:`Document` (text + format).

This is the loading layer of the analyser (see ``docs/documents.md``). It knows nothing about
skills: it turns a PDF, DOCX, HTML, Markdown or plain-text file into one string that keeps the
line structure the rest of the pipeline relies on:

* headings sit on their own line;
* bullets (list paragraphs, ``<li>``, and the bullet glyphs ``•``, ``●``, ``▪`` ... at the start
  of a line) become lines beginning ``"- "``;
* paragraphs are separated by one blank line (PDF text has no paragraph markup, so PDF text
  keeps the PDF's own lines and page breaks only);
* line endings are ``"\\n"``; trailing spaces, zero-width characters, soft hyphens and runs of
  more than one blank line are removed; Latin ligatures (U+FB00-FB06, common in PDFs) are
  spelled out.

The format is detected from the content first (magic numbers), the file name second:

=========  =====================================================================================
format     how it is recognised
=========  =====================================================================================
``pdf``    ``%PDF-`` within the first 1024 bytes (ISO 32000-1:2008 §7.5.2; Adobe PDF Reference
           1.7, Appendix H: Acrobat accepts the header anywhere in the first 1024 bytes)
``docx``   a ZIP archive (local file header ``PK\\x03\\x04``, PKWARE APPNOTE.TXT §4.3.7) that
           holds ``word/document.xml`` (ECMA-376 Part 1, the WordprocessingML main part)
``html``   a ``.html``/``.htm``/``.xhtml`` name, text starting with ``<!DOCTYPE html``,
           ``<html``, ``<head`` or ``<body``, or (except for ``.md``) text with at least
           :data:`HTML_MIN_TAGS` common HTML tags
``md``     any other text named ``*.md`` / ``*.markdown``
``txt``    any other text
=========  =====================================================================================

Every failure is an :class:`analyser.errors.InputError` subclass whose message names the file
and the cause; no exception of pypdf, python-docx, selectolax or charset-normalizer escapes
:func:`read_document`. The parsers are imported inside the functions that need them, so
``import analyser`` stays fast.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from analyser.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    IsADirectoryInputError,
    MissingFileError,
    NotEnoughWordsError,
    NoTextLayerError,
    UndecodableTextError,
    UnreadableFileError,
    UnsupportedFormatError,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DOCX_MAX_COMPRESSION_RATIO",
    "DOCX_MAX_EXPANSION",
    "DOCX_MAX_MEMBERS",
    "DOCX_RATIO_GRACE_BYTES",
    "FORMATS",
    "HTML_MAX_DEPTH",
    "HTML_MIN_TAGS",
    "MIN_WORD_RATIO",
    "Document",
    "detect_format",
    "read_document",
    "word_ratio",
]

# ----------------------------------------------------------------------------- constants
FORMATS: tuple[str, ...] = ("txt", "md", "pdf", "docx", "html")
"""The values :attr:`Document.format` can take."""

DEFAULT_MAX_BYTES: int = 10 * 1024 * 1024
"""Default size limit of one input document: 10 MiB (10,485,760 bytes).

A text CV or posting is a few KiB, a PDF or DOCX with a photo rarely more than 2 MiB; the limit
only guards memory and time. Raise it per call with ``read_document(..., max_bytes=N)``.
"""

DOCX_MAX_EXPANSION: int = 10
"""A DOCX may declare at most ``DOCX_MAX_EXPANSION * max_bytes`` uncompressed bytes in total
(100 MiB with the default limit). Raising ``max_bytes`` raises this limit too."""

DOCX_MAX_COMPRESSION_RATIO: int = 100
"""Largest uncompressed/compressed size ratio allowed for one DOCX member bigger than
:data:`DOCX_RATIO_GRACE_BYTES`. Ratio 100 is Apache POI's default (``ZipSecureFile``
``MIN_INFLATE_RATIO = 0.01``). In the 14 corpus DOCX files no member deflates more than 41
times (a 114 KiB ``word/numbering.xml``)."""

DOCX_RATIO_GRACE_BYTES: int = 100 * 1024
"""Members smaller than this (uncompressed) skip the ratio check: Apache POI's
``GRACE_ENTRY_SIZE`` (100 KiB). Small, repetitive XML parts legitimately deflate very well."""

DOCX_MAX_MEMBERS: int = 10_000
"""Most members a DOCX zip may have (a Word document has a few dozen)."""

MIN_WORD_RATIO: float = 0.5
"""Least share of word-like tokens (:func:`word_ratio`) a text must have; below it
:class:`NotEnoughWordsError`.

Measured (``docs/documents.md``): 1,481 real postings and CVs of the corpus (the DOCX, PDF and
TXT files and the text columns of the posting and resume CSVs) score 0.846-1.00; 1,000 samples
of base64, hex dumps, tables of numbers and random Latin-1 bytes score at most 0.28. 0.5 sits
in the gap.
"""

HTML_MAX_DEPTH: int = 10_000
"""Deepest element nesting (estimated from the tags, see ``_html_nesting``) an HTML document may
have. Lexbor, the parser behind selectolax, takes time quadratic in the nesting depth (8.6 s for
100,000 nested ``<div>``, 1.1 MB); real pages nest a few dozen deep."""

HTML_MIN_TAGS: int = 3
"""Text (other than ``.md``) with at least this many common HTML tags is read as HTML."""

_PDF_HEADER_WINDOW = 1024  # Adobe PDF Reference 1.7, Appendix H (note on §3.4.1 File Header)
_PDF_EOF_WINDOW = 1024  # Adobe PDF Reference 1.7, Appendix H (note on §3.4.4 File Trailer)
_SNIFF_WINDOW = 64 * 1024
_ERROR_DETAIL_CHARS = 160

_HTML_NAMES = (".html", ".htm", ".xhtml")
_MD_NAMES = (".md", ".markdown")
_PDF_NAMES = (".pdf",)
_DOCX_NAMES = (".docx", ".docm", ".dotx")

# Magic numbers of common binary files we do not read, to say what the file is. Only
# signatures no text file starts with; other binaries are caught by the NUL/control-byte test.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"{\\rtf", "an RTF document"),
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # [MS-CFB] §2.2 compound file header
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # [MS-OFFCRYPTO]: the encrypted stream

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|br|li|ul|ol|h[1-6]|table|tr|td|th|strong|em|b|i|a|section|article)\b[^<>]{0,200}>",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


# ----------------------------------------------------------------------------- the result
@dataclass(frozen=True, slots=True)
class Document:
    """The text of one document as read, with its format and where it came from.

    Attributes:
        text: the text, ``"\\n"`` line endings; headings on their own lines, bullets as lines
            beginning ``"- "``, paragraphs separated by one blank line. Never empty.
        format: one of :data:`FORMATS`: ``"txt"``, ``"md"``, ``"pdf"``, ``"docx"``, ``"html"``.
        source: the file name as given to :func:`read_document` (or its ``name=``),
            ``"<stdin>"`` or ``"<bytes>"``.
    """

    text: str
    format: str
    source: str

    def to_dict(self) -> dict:
        """Return ``{"source": str, "format": str, "text": str}``, ready for ``json.dumps``."""
        return {"source": self.source, "format": self.format, "text": self.text}


# ----------------------------------------------------------------------------- entry point
def read_document(
    source: str | os.PathLike | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read one document and return its text with the line and heading structure kept.

    Args:
        source: a path (``str`` or ``os.PathLike``); ``"-"`` to read ``sys.stdin.buffer``; or the
            raw bytes of the file (``bytes``, ``bytearray`` or ``memoryview``).
        name: the file name to report in :attr:`Document.source` and in error messages, and whose
            extension helps telling ``.md`` from ``.txt`` (useful with bytes or stdin). Defaults to
            the path as given, ``"<stdin>"`` or ``"<bytes>"``.
        max_bytes: size limit of the input in bytes (default :data:`DEFAULT_MAX_BYTES`, 10 MiB).
            A DOCX may also declare at most ``DOCX_MAX_EXPANSION * max_bytes`` uncompressed bytes.

    Returns:
        a :class:`Document`; its ``text`` is never empty.

    Raises:
        MissingFileError: the path does not exist.
        IsADirectoryInputError: the path is a directory.
        DocumentTooLargeError: more than ``max_bytes`` bytes, or a DOCX zip bomb.
        EmptyDocumentError: no bytes, or no text after extraction (also a PDF with no pages).
        UnsupportedFormatError: a binary file that is no PDF, DOCX or text (image, archive,
            legacy ``.doc``, spreadsheet ...).
        EncryptedDocumentError: a PDF that needs a password, or a password-protected DOCX.
        NoTextLayerError: a PDF page with images but no text (a scan); OCR is not supported.
        CorruptDocumentError: a truncated or damaged PDF or DOCX, or any other parser failure.
        UndecodableTextError: text bytes in no encoding we can detect.
        NotEnoughWordsError: text whose share of word-like tokens is below :data:`MIN_WORD_RATIO`.
        InputError: any other reason the file cannot be read (permission denied, I/O error).
        ImportError: a parser library is missing or older than ``pyproject.toml`` requires (an
            installation problem, not a property of the document).
        TypeError: ``source`` is of none of the types above (a programming error).
        ValueError: ``max_bytes`` is not a positive integer (a programming error).
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ValueError(f"max_bytes must be a positive integer, got {max_bytes!r}")
    data, label = _load_bytes(source, name, max_bytes)
    ext = _extension(name if name is not None else label)
    fmt = "document"
    try:
        fmt, text = _sniff(data, label, ext, max_bytes)
        if fmt == "pdf":
            text = _pdf_text(data, label)
        elif fmt == "docx":
            text = _docx_text(data, label)
        elif fmt == "html":
            text = _html_text(text, label)
        text = _normalise(text)
    except (InputError, ImportError):  # ImportError: a parser is not installed (or too old)
        raise
    except Exception as exc:  # any parser failure: never let a library exception escape
        raise CorruptDocumentError(label, f"cannot parse the {fmt.upper()} file: {_describe(exc)}") from exc
    if not text:
        raise EmptyDocumentError(label, f"no text found in the {fmt.upper()} file")
    ratio = word_ratio(text)
    if ratio < MIN_WORD_RATIO:
        raise NotEnoughWordsError(
            label,
            f"mostly not words: only {ratio:.0%} of the tokens are word-like "
            f"(at least {MIN_WORD_RATIO:.0%} needed); is this really a posting or a CV?",
        )
    return Document(text=text, format=fmt, source=label)


def detect_format(data: bytes, name: str | None = None) -> str:
    """Return the format of a document's bytes: one of :data:`FORMATS`.

    Args:
        data: the whole file (only the start is needed for PDF; a ZIP is opened to look for
            ``word/document.xml``; text is decoded to look for HTML).
        name: the file name, used for ``.md`` vs ``.txt`` and as a hint for HTML.

    Raises:
        the same :class:`~analyser.errors.InputError` subclasses as :func:`read_document` for
        bytes that are empty, binary, undecodable, a damaged ZIP or a DOCX zip bomb.
    """
    label = name if name is not None else "<bytes>"
    return _sniff(bytes(data), label, _extension(name), DEFAULT_MAX_BYTES)[0]


def word_ratio(text: str) -> float:
    """Share (0-1) of word-like tokens among the tokens of ``text``.

    Tokens are the white-space separated pieces of the text with leading and trailing
    punctuation and symbols removed (``"(Preferred),"`` -> ``"Preferred"``, ``"C++"`` -> ``"C"``);
    pieces that are nothing but punctuation (``"-"``, ``"|"``, ``"•"``) are not counted. A token
    is *word-like* when it is runs of letters (any script) joined by single punctuation or
    symbol characters: ``"data-driven"``, ``"don't"``, ``"Node.js"``, ``"R&D"``, ``"CI/CD"``,
    ``"a.b@mail.com"``, ``"デバイス、ドライバ"``. Tokens with a digit (``"2019"``, ``"K8s"``,
    ``"₹20,00,000"``) are not word-like.

    Returns 0.0 for a text without tokens. Used with :data:`MIN_WORD_RATIO`.
    """
    counted = 0
    wordlike = 0
    for piece in text.split():
        first = _WORD_CHAR.search(piece)
        if first is None:  # punctuation only
            continue
        last = _WORD_CHAR.search(piece[::-1])
        token = piece[first.start() : len(piece) - last.start()]  # type: ignore[union-attr]
        counted += 1
        if _WORDLIKE.fullmatch(token):
            wordlike += 1
    return wordlike / counted if counted else 0.0


_WORDLIKE = re.compile(r"[^\W\d_]+(?:[^\w\s][^\W\d_]+)*")
_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or a digit


# ----------------------------------------------------------------------------- loading bytes
def _load_bytes(source: str | os.PathLike | bytes, name: str | None, max_bytes: int) -> tuple[bytes, str]:
    """Return ``(data, label)``; enforce ``max_bytes`` while reading (never read more)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        label = name if name is not None else "<bytes>"
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large(label, len(data), max_bytes)
        return data, label
    if isinstance(source, str) and source == "-":
        label = name if name is not None else "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise UnreadableFileError(label, "standard input is not available for reading bytes")
        try:
            data = stream.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise UnreadableFileError(label, f"cannot read standard input: {_describe(exc)}") from exc
        if len(data) > max_bytes:
            raise _too_large(label, None, max_bytes)
        return data, label
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path, '-' or bytes, not {type(source).__name__}")
    path = Path(os.fspath(source))
    label = name if name is not None else os.fspath(source)
    if isinstance(label, bytes):  # os.PathLike may return bytes
        label = os.fsdecode(label)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MissingFileError(label, "no such file; check the path") from None
    except NotADirectoryError:
        raise MissingFileError(label, "no such file (a part of the path is not a directory)") from None
    except (OSError, ValueError) as exc:  # ValueError: NUL in the path
        raise UnreadableFileError(label, f"cannot read the file: {_describe(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryInputError(label, "is a directory, not a file; give the path of one document")
    if info.st_size > max_bytes:
        raise _too_large(label, info.st_size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # also bounds devices and files that grow
    except PermissionError:
        raise UnreadableFileError(label, "permission denied; check the file's permissions") from None
    except OSError as exc:
        raise UnreadableFileError(label, f"cannot read the file: {_describe(exc)}") from exc
    if len(data) > max_bytes:
        raise _too_large(label, None, max_bytes)
    return data, label


def _too_large(label: str, size: int | None, max_bytes: int) -> DocumentTooLargeError:
    got = f"is {_mib(size)}, over" if size is not None else "is over"
    return DocumentTooLargeError(
        label,
        f"{got} the size limit of {_mib(max_bytes)}"
        f"{f' ({max_bytes:,} bytes)' if max_bytes >= 1024 * 1024 else ''}; "
        f"raise it with read_document(..., max_bytes=N) if the file is genuine",
    )


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _extension(name: str | None) -> str:
    if not name:
        return ""
    return os.path.splitext(str(name))[1].lower()


def _describe(exc: BaseException) -> str:
    detail = str(exc).strip().replace("\n", " ")
    text = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return text if len(text) <= _ERROR_DETAIL_CHARS else text[: _ERROR_DETAIL_CHARS - 3] + "..."


# ----------------------------------------------------------------------------- format sniffing
def _sniff(data: bytes, label: str, ext: str, max_bytes: int) -> tuple[str, str]:
    """Return ``(format, decoded text or "")``; raise for bytes we will not read."""
    if not data:
        raise EmptyDocumentError(label, "the file is empty")
    if data.find(b"%PDF-", 0, _PDF_HEADER_WINDOW) != -1:
        return "pdf", ""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        _check_docx_zip(data, label, max_bytes)
        return "docx", ""
    if data.startswith(_OLE2_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise EncryptedDocumentError(
                label, "password-protected Office document; remove the password in Word and save again"
            )
        raise UnsupportedFormatError(
            label, "a legacy Word .doc (or other OLE2 Office file) is not supported; save it as DOCX or PDF"
        )
    for magic, what in _BINARY_SIGNATURES:
        if data.startswith(magic):
            raise _not_supported(label, ext, what)
    text = _decode_text(data, label, ext)
    if ext in _HTML_NAMES or _starts_like_html(text):
        return "html", text
    if ext not in _MD_NAMES and len(_HTML_TAG.findall(text, 0, _SNIFF_WINDOW)) >= HTML_MIN_TAGS:
        return "html", text
    return ("md" if ext in _MD_NAMES else "txt"), text


def _starts_like_html(text: str) -> bool:
    """Whether the text, after white space, comments and an XML declaration, opens with
    ``<!DOCTYPE html``, ``<html``, ``<head`` or ``<body`` (a scan, not a regex: a regex with
    repeated lazy comment groups backtracks exponentially on many comments)."""
    position, end = 0, min(len(text), _SNIFF_WINDOW)
    while position < end:
        while position < end and text[position].isspace():
            position += 1
        for opener, closer in (("<!--", "-->"), ("<?xml", "?>")):
            if text.startswith(opener, position):
                close = text.find(closer, position + len(opener), end)
                if close == -1:
                    return False
                position = close + len(closer)
                break
        else:
            return _HTML_START.match(text, position, end) is not None
    return False


def _not_supported(label: str, ext: str, what: str) -> InputError:
    if ext in _PDF_NAMES + _DOCX_NAMES:
        return CorruptDocumentError(
            label, f"named {ext} but the content is {what}, not a {ext[1:].upper()}; the file is damaged or misnamed"
        )
    return UnsupportedFormatError(
        label, f"{what} is not a supported document; supported are PDF, DOCX, HTML, Markdown and plain text"
    )


def _check_docx_zip(data: bytes, label: str, max_bytes: int) -> None:
    """Check a ZIP for being a DOCX and for being a zip bomb, from its central directory only.

    Nothing is decompressed here. The sizes checked are those the archive *declares*; Python's
    :mod:`zipfile` never returns more than the declared ``file_size`` of a member (and fails the
    CRC check when the data disagree), so a deflated member cannot inflate beyond what it
    declares; members compressed any other way (bzip2, LZMA) are refused. Limits:
    at most :data:`DOCX_MAX_MEMBERS` members; at most ``DOCX_MAX_EXPANSION * max_bytes`` declared
    uncompressed bytes in total, which also catches overlapping-member bombs (D. Fifield, "A
    better zip bomb", USENIX WOOT 2019) since every member declares its full size; and no member
    over :data:`DOCX_RATIO_GRACE_BYTES` deflating more than :data:`DOCX_MAX_COMPRESSION_RATIO`
    times (the ratio test of Apache POI's ``ZipSecureFile``).
    """
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, LargeZipFile, struct.error, ValueError, EOFError ...
        raise CorruptDocumentError(
            label, f"truncated or damaged ZIP/DOCX (its central directory cannot be read: {_describe(exc)})"
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > DOCX_MAX_MEMBERS:
            raise DocumentTooLargeError(
                label, f"the ZIP has {len(members):,} members (at most {DOCX_MAX_MEMBERS:,}); not a plausible DOCX"
            )
        total = sum(m.file_size for m in members)
        limit = DOCX_MAX_EXPANSION * max_bytes
        if total > limit:
            raise DocumentTooLargeError(
                label,
                f"the DOCX would expand to {_mib(total)} (at most {_mib(limit)}, {DOCX_MAX_EXPANSION} x max_bytes): "
                "a zip bomb? raise the limit with read_document(..., max_bytes=N) if the file is genuine",
            )
        for member in members:
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # zipfile bounds the output of one decompress call only for deflate; Word and the
                # other OOXML writers we know use only stored or deflated members.
                raise CorruptDocumentError(
                    label,
                    f"member {member.filename!r} uses ZIP compression method {member.compress_type}, "
                    "which no DOCX uses (only stored and deflated)",
                )
            if member.file_size > DOCX_RATIO_GRACE_BYTES:
                ratio = member.file_size / max(member.compress_size, 1)
                if ratio > DOCX_MAX_COMPRESSION_RATIO:
                    raise DocumentTooLargeError(
                        label,
                        f"member {member.filename!r} would inflate {ratio:,.0f} times "
                        f"(at most {DOCX_MAX_COMPRESSION_RATIO}): a zip bomb; the file is not read",
                    )
        names = set(archive.namelist())
    if "word/document.xml" in names:
        return
    if "xl/workbook.xml" in names:
        what = "an Excel workbook (XLSX)"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation (PPTX)"
    elif "mimetype" in names and "content.xml" in names:
        what = "an OpenDocument file (ODT/ODS)"
    else:
        what = "a ZIP archive without word/document.xml"
    if _extension(label) in _DOCX_NAMES:
        raise CorruptDocumentError(label, f"named like a DOCX but the content is {what}")
    raise UnsupportedFormatError(
        label, f"{what} is not a supported document; supported are PDF, DOCX, HTML, Markdown and plain text"
    )


# ----------------------------------------------------------------------------- plain text
_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0b\x0c\x1b")
_MAX_CONTROL_SHARE = 0.02


def _decode_text(data: bytes, label: str, ext: str) -> str:
    """Decode text bytes: BOM (UTF-8/16/32) first, then strict UTF-8, then UTF-16 without BOM,
    then an HTML ``<meta charset>``, then charset-normalizer's best guess.

    Raises UnsupportedFormatError (or CorruptDocumentError for a ``.pdf``/``.docx`` name) for
    binary data, UndecodableTextError when no encoding fits.
    """
    for bom, codec in (*_UTF32_BOMS, (codecs.BOM_UTF8, "utf-8"), *_UTF16_BOMS):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise UndecodableTextError(
                    label,
                    f"starts with a {codec.upper()} byte order mark but is not valid {codec.upper()} "
                    f"(byte {exc.start + len(bom)}); re-save the file as UTF-8",
                ) from None
    codec = _utf16_without_bom(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    head = data[:_SNIFF_WINDOW]
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS) + head.count(0x7F)
    if b"\x00" in head or controls > _MAX_CONTROL_SHARE * len(head):
        raise _not_supported(label, ext, "binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if meta is not None:
        try:
            return data.decode(codecs.lookup(meta.group(1).decode("ascii")).name)
        except Exception:  # unknown codec, a bytes-to-bytes codec, or bytes that do not fit
            pass
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data).best()
        text = str(best) if best is not None else None
    except Exception:  # charset-normalizer must not leak its errors either
        text = None
    if text is None:
        raise UndecodableTextError(label, "not valid UTF-8 and no other text encoding fits; re-save the file as UTF-8")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``"utf-16-le"``/``"utf-16-be"`` when the bytes look like BOM-less UTF-16 text:
    an even length and NUL in at least 90 % of the odd (LE) or even (BE) positions - the
    pattern ASCII text makes in UTF-16 - and almost none in the other positions."""
    sample = data[:_SNIFF_WINDOW]
    if len(sample) < 4 or len(data) % 2:
        return None
    evens, odds = sample[0::2], sample[1::2]
    even_nul = evens.count(0) / len(evens)
    odd_nul = odds.count(0) / len(odds)
    if odd_nul >= 0.9 and even_nul <= 0.1:
        return "utf-16-le"
    if even_nul >= 0.9 and odd_nul <= 0.1:
        return "utf-16-be"
    return None


# ----------------------------------------------------------------------------- PDF
def _pdf_text(data: bytes, label: str) -> str:
    """Extract the text layer of a PDF with pypdf, one page after another.

    Raises EncryptedDocumentError, NoTextLayerError (a page with images and no text),
    EmptyDocumentError (no pages), CorruptDocumentError (truncated: no ``%%EOF`` marker in the
    last 1024 bytes, ISO 32000-1 §7.5.5; or anything pypdf cannot parse) and
    DocumentTooLargeError (pypdf's decompression limits).
    """
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    if b"%%EOF" not in data[-_PDF_EOF_WINDOW:]:
        raise CorruptDocumentError(label, "truncated PDF: no %%EOF marker at the end of the file; get a complete copy")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an empty user password: only owner restrictions
            except DependencyError as exc:
                raise EncryptedDocumentError(
                    label, f"encrypted PDF that needs the 'cryptography' package to open ({_describe(exc)})"
                ) from exc
            if not opened:
                raise EncryptedDocumentError(
                    label, "password-protected PDF; remove the password (print to PDF) and try again"
                )
        pages = list(reader.pages)
        if not pages:
            raise EmptyDocumentError(label, "the PDF has no pages")
        texts: list[str] = []
        scanned: list[int] = []
        for number, page in enumerate(pages, start=1):
            text = page.extract_text() or ""
            if not text.strip() and _pdf_page_has_images(page):
                scanned.append(number)
            texts.append(text)
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedDocumentError(label, f"password-protected PDF ({_describe(exc)})") from exc
    except LimitReachedError as exc:
        raise DocumentTooLargeError(label, f"the PDF content exceeds pypdf's safety limits ({_describe(exc)})") from exc
    except Exception as exc:
        raise CorruptDocumentError(label, f"damaged PDF that pypdf cannot read ({_describe(exc)})") from exc
    if not any(t.strip() for t in texts):
        raise NoTextLayerError(
            label,
            "the PDF has no text layer (a scanned image?); OCR is not supported - "
            "run OCR first (e.g. ocrmypdf) or give the text",
        )
    if scanned:
        which = ", ".join(str(n) for n in scanned)
        raise NoTextLayerError(
            label,
            f"page(s) {which} of {len(pages)} have images but no text layer (scanned?); OCR is not "
            "supported - run OCR first (e.g. ocrmypdf) or remove those pages",
        )
    return "\n".join(texts)


def _pdf_page_has_images(page: object) -> bool:
    """Whether a page's resources name any XObject (image or form) - a cheap scan test that
    decodes no image."""
    resources = page.get("/Resources")  # type: ignore[attr-defined]
    if resources is None:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    return xobjects is not None and len(xobjects.get_object()) > 0


# ----------------------------------------------------------------------------- DOCX
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_W_SDT, _W_SDTCONTENT, _W_CUSTOMXML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_W_T, _W_TAB, _W_PTAB, _W_BR, _W_CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_W_NOBREAKHYPHEN, _W_TXBX = _W + "noBreakHyphen", _W + "txbxContent"
# Subtrees whose text is not shown: properties, deleted or moved-away text, the fallback copy of
# alternate content (mc:Choice holds the same text), field instructions, content-control
# properties.
_DOCX_SKIP = frozenset(
    {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _MC + "Fallback", _W + "instrText", _W + "sdtPr"}
)
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle)$", re.IGNORECASE)


def _docx_text(data: bytes, label: str) -> str:
    """Extract a DOCX's main document with python-docx: paragraphs and tables in document order.

    Paragraph text includes runs inside hyperlinks, content controls, tracked insertions and
    text boxes; deleted text and field codes are left out. Headings (styles "Heading N", "Title",
    "Subtitle" or any style based on them, or an outline level) and ordinary paragraphs are
    separated by a blank line; list paragraphs (numbering, or a "List ..." style) become
    ``"- "`` lines; a table row becomes one line with its cells joined by ``" | "``.
    Headers, footers, footnotes and comments are left out.
    """
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    reader = _DocxBlocks(document)
    blocks = reader.blocks(document.element.body)
    return _join_blocks(blocks)


class _DocxBlocks:
    """Walks WordprocessingML (as parsed by python-docx) into ``(kind, text)`` blocks."""

    def __init__(self, document: object) -> None:
        self._part = document.part  # type: ignore[attr-defined]
        self._kinds: dict[str | None, str] = {}

    def blocks(self, container: object) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for child in _block_children(container):
            if child.tag == _W_P:
                text, boxes = _paragraph_text(child)
                kind = self._paragraph_kind(child)
                if text.strip():
                    out.append((kind, "- " + text.strip() if kind == "item" else text.strip()))
                for box in boxes:
                    out.extend(self.blocks(box))
            elif child.tag == _W_TBL:
                for row in _children(child, _W_TR):
                    cells = [" ".join(t for _, t in self.blocks(cell)) for cell in _children(row, _W_TC)]
                    line = " | ".join(c.replace("\n", " ").strip() for c in cells if c.strip())
                    if line:
                        out.append(("row", line))
        return out

    def _paragraph_kind(self, p: object) -> str:
        style_id = p.style  # type: ignore[attr-defined]
        if style_id not in self._kinds:
            self._kinds[style_id] = self._style_kind(style_id)
        style_kind = self._kinds[style_id]
        ppr = p.pPr  # type: ignore[attr-defined]
        if ppr is None or style_kind == "heading":
            return style_kind
        if ppr.numPr is not None:
            num_id = ppr.numPr.numId
            numbered = num_id is None or num_id.val != 0  # numId 0 switches numbering off
            return "item" if numbered else ("para" if style_kind == "item" else style_kind)
        if _is_outline_heading(ppr):
            return "heading"
        return style_kind

    def _style_kind(self, style_id: str | None) -> str:
        from docx.enum.style import WD_STYLE_TYPE

        style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        seen = 0
        while style is not None and seen < 20:  # follow "based on"; guard against cycles
            name = style.name or ""
            if _HEADING_STYLE.match(name):
                return "heading"
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return "item"
            if ppr is not None and _is_outline_heading(ppr):
                return "heading"
            if name.lower().startswith("list"):
                return "item"
            style = style.base_style
            seen += 1
        return "para"


def _is_outline_heading(ppr: object) -> bool:
    """Whether a w:pPr sets an outline level 0-8 (level 9 is body text; ECMA-376 §17.3.1.20)."""
    level = ppr.find(_W + "outlineLvl")  # type: ignore[attr-defined]
    if level is None:
        return False
    value = level.get(_W + "val", "9")
    return value.isdigit() and int(value) < 9


def _block_children(container: object) -> list:
    """Block-level children (w:p, w:tbl) in order, looking inside content controls and custom
    XML wrappers."""
    out = []
    for child in container:  # type: ignore[attr-defined]
        tag = child.tag
        if tag in (_W_P, _W_TBL):
            out.append(child)
        elif tag in (_W_SDT, _W_SDTCONTENT, _W_CUSTOMXML):
            out.extend(_block_children(child))
    return out


def _children(element: object, tag: str) -> list:
    out = []
    for child in element:  # type: ignore[attr-defined]
        if child.tag == tag:
            out.append(child)
        elif child.tag in (_W_SDT, _W_SDTCONTENT, _W_CUSTOMXML):
            out.extend(_children(child, tag))
    return out


def _paragraph_text(p: object) -> tuple[str, list]:
    """Return the shown text of a w:p (tabs as ``"\\t"``, breaks as ``"\\n"``) and its text
    boxes (w:txbxContent elements, read afterwards as blocks of their own)."""
    parts: list[str] = []
    boxes: list = []
    stack = [iter(p)]  # type: ignore[call-overload]
    while stack:
        for element in stack[-1]:
            tag = element.tag
            if not isinstance(tag, str):  # comments, processing instructions
                continue
            if tag == _W_T:
                parts.append(element.text or "")
            elif tag in (_W_TAB, _W_PTAB):
                parts.append("\t")
            elif tag in (_W_BR, _W_CR):
                parts.append("\n")
            elif tag == _W_NOBREAKHYPHEN:
                parts.append("-")
            elif tag == _W_TXBX:
                boxes.append(element)
            elif tag not in _DOCX_SKIP:
                stack.append(iter(element))
                break
        else:
            stack.pop()
    return "".join(parts), boxes


def _join_blocks(blocks: list[tuple[str, str]]) -> str:
    """Join blocks: one newline between consecutive list items or table rows, a blank line
    everywhere else."""
    out: list[str] = []
    previous = None
    for kind, text in blocks:
        if out:
            same_run = kind == previous and kind in ("item", "row")
            out.append("\n" if same_run else "\n\n")
        out.append(text)
        previous = kind
    return "".join(out)


# ----------------------------------------------------------------------------- HTML
# Never shown: scripts, styles, navigation and other non-content elements.
_HTML_DROP = frozenset(
    {
        "script", "style", "noscript", "template", "nav", "svg", "math", "iframe", "object",
        "embed", "canvas", "button", "select", "datalist", "head", "title", "meta", "link",
    }
)  # fmt: skip
# <header>/<footer> are page banners (ARIA roles banner/contentinfo) unless they sit inside
# one of these sectioning elements (W3C HTML-AAM, "header" and "footer" mappings).
_HTML_SECTIONING = frozenset({"article", "aside", "main", "section"})
_HTML_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
_HTML_PARAGRAPH = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
        "figure", "address", "hr", "fieldset", "details", "form",
    }
)  # fmt: skip  # a blank line before and after
_HTML_LINE = frozenset(
    {
        "div", "section", "article", "main", "aside", "header", "footer", "tr", "dt", "dd",
        "caption", "figcaption", "summary", "legend", "thead", "tbody", "tfoot", "li", "label",
        "option", "body", "center",
    }
)  # fmt: skip  # a line break before and after
_HTML_BLOCK = _HTML_PARAGRAPH | _HTML_LINE
_HTML_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
# Void elements and elements with an optional end tag (WHATWG HTML §13.1.2.4), which the
# nesting estimate does not count.
_HTML_NOT_COUNTED = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "thead",
        "tbody", "tfoot", "option", "optgroup", "rt", "rp", "rb", "rtc", "colgroup", "caption",
        "html", "head", "body",
    }
)  # fmt: skip
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def _html_nesting(text: str) -> int:
    """An estimate of the deepest element nesting of an HTML text, from its tags alone: the
    highest running count of open minus closed elements, not counting void elements and the
    elements whose end tag may be left out (``p``, ``li``, ``td`` ...). Linear in the text."""
    depth = deepest = 0
    for match in _HTML_ANY_TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _HTML_NOT_COUNTED or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _html_text(text: str, label: str) -> str:
    """Extract the visible text of an HTML page with selectolax (Lexbor, a WHATWG HTML parser).

    Drops ``script``, ``style``, ``noscript``, ``template``, ``nav``, page-level ``header`` and
    ``footer``, elements with ``hidden``, ``aria-hidden="true"`` or a navigation/banner/
    contentinfo/search role, and form controls. ``h1``-``h6`` and ``p`` become blank-line
    separated blocks, ``li`` a ``"- "`` line, ``br`` a line break, table cells are joined by
    ``" | "``; white space is collapsed as a browser does (except in ``pre``).
    """
    from selectolax.lexbor import LexborHTMLParser

    depth = _html_nesting(text)
    if depth > HTML_MAX_DEPTH:
        raise DocumentTooLargeError(
            label,
            f"HTML elements nested about {depth:,} deep (at most {HTML_MAX_DEPTH:,}); "
            "not a plausible web page, and too slow to parse",
        )
    tree = LexborHTMLParser(text)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return ""
    writer = _LineWriter()
    # (node, entering, flags); flags: inside a sectioning element / pre / li
    stack: list[tuple[object, bool, tuple[bool, bool, bool]]] = [(root, True, (False, False, False))]
    while stack:
        node, entering, (sectioned, pre, in_li) = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if tag == "-text":
            writer.text(node.text(deep=False) or "", pre)  # type: ignore[attr-defined]
            continue
        if not isinstance(tag, str) or tag.startswith("-") or tag in _HTML_DROP:  # "-comment" ...
            continue
        gap = 2 if tag in _HTML_PARAGRAPH and not in_li else 1 if tag in _HTML_BLOCK else 0
        if not entering:
            writer.gap(gap)
            continue
        attrs = node.attributes  # type: ignore[attr-defined]
        if (
            "hidden" in attrs
            or (attrs.get("aria-hidden") or "").strip().lower() == "true"
            or (attrs.get("role") or "").strip().lower() in _HTML_DROP_ROLES
            or (tag in ("header", "footer") and not sectioned)
        ):
            continue
        if tag == "br":
            writer.line_break()
            continue
        writer.gap(gap)
        if tag == "li":
            writer.bullet()
        elif tag in ("td", "th"):
            writer.cell()
        stack.append((node, False, (sectioned, pre, in_li)))
        flags = (sectioned or tag in _HTML_SECTIONING, pre or tag in ("pre", "textarea"), in_li or tag == "li")
        children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
        stack.extend((child, True, flags) for child in reversed(children))
    return writer.result()


class _LineWriter:
    """Collects HTML text: collapses white space as a browser does and puts the line breaks,
    bullets and cell separators the block elements ask for."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._pending = 0  # newlines owed before the next text (0-2)
        self._prefix = ""  # "- " for a list item, " | " before a table cell
        self._line_has_text = False
        self._space = False  # a collapsed white space is owed before the next text

    def gap(self, newlines: int) -> None:
        if newlines:
            self._pending = max(self._pending, newlines)
            self._space = False
            if self._prefix == " | ":
                self._prefix = ""

    def line_break(self) -> None:
        if self._out:
            self._pending = min(self._pending + 1, 2)
        self._space = False

    def bullet(self) -> None:
        self._prefix = "- "

    def cell(self) -> None:
        if self._line_has_text and not self._pending:
            self._prefix = " | "

    def text(self, raw: str, pre: bool) -> None:
        if pre:
            if not raw:
                return
            core, lead, trail = raw, False, False
        else:
            collapsed = _HTML_WHITESPACE.sub(" ", raw)
            core = collapsed.strip(" ")
            if not core:
                self._space = self._space or bool(collapsed)
                return
            lead, trail = collapsed[0] == " ", collapsed[-1] == " "
        if self._pending:
            if self._out:
                self._out.append("\n" * self._pending)
            self._line_has_text = False
            self._pending = 0
        if self._prefix:
            if self._prefix == "- " or self._line_has_text:
                self._out.append(self._prefix)
            self._prefix = ""
        elif (self._space or lead) and self._line_has_text:
            self._out.append(" ")
        self._out.append(core)
        self._line_has_text = not core.endswith("\n")
        self._space = trail

    def result(self) -> str:
        return "".join(self._out)


# ----------------------------------------------------------------------------- normalising
# Bullet glyphs at a line start, including the Symbol/Wingdings private-use code points that
# PDFs made by Word carry (U+F0B7 bullet, U+F0A7 square, U+F0D8 arrow, U+F076, U+F0FC check).
_BULLET_LINE = re.compile(
    r"^[ \t]*(?:[•●▪■◦‣⁃∙○◆◇►▸▹➢➤✓✔❖\uf0b7\uf0a7\uf0d8\uf076\uf0fc]+[ \t]*|[*·–][ \t]+|-[ \t]+)(?=\S)",
    re.MULTILINE,
)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
# soft hyphen, zero-width space, word joiner, BOM; not ZWJ/ZWNJ, which spell Indic and Persian
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _normalise(text: str) -> str:
    """Line endings to ``"\\n"`` (CR LF, CR, VT, FF, NEL, U+2028/2029), no control characters,
    no zero-width characters or soft hyphens, Unicode spaces to ``" "``, ligatures spelled out,
    bullet glyphs at a line start to ``"- "``, no trailing spaces, at most one blank line in a
    row, no blank lines at the start or end."""
    text = text.replace("\r\n", "\n")
    text = re.sub(r"[\r\x0b\x0c\x85\u2028\u2029]", "\n", text)
    text = _CONTROL.sub("", text)
    text = text.translate(_INVISIBLE).translate(_LIGATURES)
    text = _SPACES.sub(" ", text)
    text = _BULLET_LINE.sub("- ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = text.strip("\n")
    return text if text.strip() else ""
