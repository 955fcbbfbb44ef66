"""Per-Doc values computed once and kept: the text it was made from, its tokens' columns.

The components of the pipeline read token attributes as plain Python ints from
:func:`token_columns` instead of creating a ``Token`` object per access: one
``Doc.to_array`` call per Doc replaces hundreds of ``doc[i]`` look-ups (measured with
``benchmarks/bench_batch.py``; figures in ``benchmarks/README.md``).
"""

from __future__ import annotations

from spacy.attrs import LOWER, NORM
from spacy.tokens import Doc

TEXT_KEY = "analyser.text"
"""``doc.user_data`` key of the text the Doc was made from (see :class:`TextKeepingTokenizer`)."""


def doc_text(doc: Doc) -> str:
    """Return the text of a Doc without rebuilding it token by token when possible.

    spaCy's ``Doc.text`` joins every token's text on each call (about 0.5 ms for a
    500-word posting, measured with cProfile); the analyser's tokenizer keeps the original
    string in ``doc.user_data`` instead.
    """
    text = doc.user_data.get(TEXT_KEY)
    return text if text is not None else doc.text


class TextKeepingTokenizer:
    """Wrap a spaCy tokenizer so that each Doc keeps the string it was made from.

    Args:
        tokenizer: the tokenizer to wrap (``nlp.tokenizer``).

    Calling it returns the wrapped tokenizer's Doc with ``doc.user_data[TEXT_KEY] = text``.
    Other attributes (``pipe``, ``vocab``, special cases) are the wrapped tokenizer's.
    """

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str):
        return getattr(self.tokenizer, name)


COLUMNS_KEY = "analyser.token_columns"
"""``doc.user_data`` key of the Doc's :class:`TokenColumns`."""


class TokenColumns:
    """Token attributes of one Doc as lists of ints (one entry per token), each computed on
    first use with one ``Doc.to_array`` call (about 20-30 us per attribute for a 560-token
    posting, measured with ``Doc.to_array`` on the real postings).

    Attributes:
        lower: LOWER hashes (lower-cased text).
        norm: NORM hashes (the analyser's normalised form, see :mod:`analyser.normalise`).

    Hashes are keys of ``doc.vocab.strings``. The columns describe the Doc as it was when
    first read; the analyser's components do not retokenize.
    """

    __slots__ = ("_doc", "_columns")

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._columns: dict[int, list[int]] = {}

    def _column(self, attr: int) -> list[int]:
        column = self._columns.get(attr)
        if column is None:
            column = self._columns[attr] = self._doc.to_array(attr).tolist() if len(self._doc) else []
        return column

    @property
    def lower(self) -> list[int]:
        return self._column(LOWER)

    @property
    def norm(self) -> list[int]:
        return self._column(NORM)


def token_columns(doc: Doc) -> TokenColumns:
    """Return the Doc's :class:`TokenColumns`, computed once per Doc with ``Doc.to_array``."""
    columns = doc.user_data.get(COLUMNS_KEY)
    if columns is None:
        columns = doc.user_data[COLUMNS_KEY] = TokenColumns(doc)
    return columns


def lower_ids(doc: Doc) -> list[int]:
    """Return the LOWER hash of every token (the ``lower`` column of :func:`token_columns`)."""
    return token_columns(doc).lower
