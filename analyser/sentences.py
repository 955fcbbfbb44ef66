"""Sentence boundaries for postings and CVs, and a fast lookup of a token's sentence.

Postings are mostly bullet lists without full stops, so a sentence ends at ``. ! ? ;``, at a
bullet character, and at every line break; a full stop after an abbreviation
(:data:`ABBREVIATIONS`, unless a capitalised word follows) or before "," / ")" ends none. :class:`LineSentencizer` (factory
``"line_sentencizer"``) sets ``Token.is_sent_start`` for spaCy and also keeps the sentence
start indices in ``doc.user_data``, so that components can find a token's sentence with a
binary search (:func:`sentence_bounds`) instead of spaCy's ``Span.sent``, which walks the
whole Doc on every call (measured: most of the extraction time before this change).
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import IS_SPACE, IS_TITLE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END_CHARS = (".", "!", "?", ";", "•", "·", "●", "▪")
"""Tokens after which a new sentence starts (besides line breaks)."""

ABBREVIATIONS = ("etc", "e.g", "i.e", "eg", "ie", "vs", "incl", "approx", "esp", "cf")
"""Words after which a full stop ends no sentence unless a capitalised word follows ("tools
(Hive, Spark, etc.) is a plus": the tokenizer splits "etc." before ")" and ",", and the cue
"is a plus" must stay in the sentence of the tools it qualifies)."""

NO_START_AFTER_STOP = (",", ")", ";", ":", "]")
"""Tokens that cannot begin a sentence: a full stop right before one ends no sentence."""

USER_DATA_KEY = "analyser.sent_starts"
"""``doc.user_data`` key of the sorted list of sentence start token indices."""


class LineSentencizer:
    """Mark sentence starts after sentence-final punctuation and after line breaks.

    Works on whole arrays (``Doc.to_array`` / ``Doc.from_array``): a few microseconds per
    document instead of a Python loop over tokens.

    Args:
        nlp: the pipeline (for its string store).
    """

    def __init__(self, nlp: Language) -> None:
        strings = nlp.vocab.strings
        self.end_ids = numpy.array([strings.add(c) for c in SENTENCE_END_CHARS], dtype="uint64")
        self.stop_id = strings.add(".")
        self.abbreviation_ids = numpy.array(
            [strings.add(w) for a in ABBREVIATIONS for w in (a, a.capitalize(), a.upper())], dtype="uint64"
        )
        self.no_start_ids = numpy.array([strings.add(c) for c in NO_START_AFTER_STOP], dtype="uint64")
        self._line_breaks: dict[int, bool] = {}  # white-space ORTH hash -> holds a line break

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            doc.user_data[USER_DATA_KEY] = [0]
            return doc
        arr = doc.to_array([ORTH, IS_SPACE, IS_TITLE])
        ends = numpy.isin(arr[:, 0], self.end_ids)
        if n > 1:
            # a full stop after an abbreviation (unless a capitalised word follows) or before
            # "," / ")" ends no sentence
            stops = arr[:, 0] == self.stop_id
            stops[1:] &= numpy.isin(arr[:-1, 0], self.abbreviation_ids)
            stops[0] = False
            stops[:-1] &= arr[1:, 2] == 0
            closer = numpy.zeros(n, dtype=bool)
            closer[:-1] = (arr[:-1, 0] == self.stop_id) & numpy.isin(arr[1:, 0], self.no_start_ids)
            ends &= ~(stops | closer)
        strings = doc.vocab.strings
        for i in numpy.flatnonzero(arr[:, 1]).tolist():
            orth = int(arr[i, 0])
            breaks = self._line_breaks.get(orth)
            if breaks is None:
                breaks = self._line_breaks[orth] = "\n" in strings[orth]
            if breaks:
                ends[i] = True
        starts = numpy.full(n, -1, dtype="int32")
        starts[0] = 1
        starts[1:][ends[:-1]] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
        doc.user_data[USER_DATA_KEY] = numpy.flatnonzero(starts == 1).tolist()
        return doc


def sentence_bounds(doc: Doc, start: int, end: int | None = None) -> tuple[int, int]:
    """Return ``(first token, end token)`` of the sentence holding tokens ``start:end``.

    Uses the indices stored by :class:`LineSentencizer` (binary search); falls back to
    spaCy's ``Span.sent`` for a Doc that component did not process.

    Args:
        doc: the Doc.
        start: index of the first token of a span.
        end: index after its last token (default ``start + 1``).

    Returns:
        Token indices ``(s, e)`` with ``s <= start`` and ``e >= end``.
    """
    end = start + 1 if end is None else end
    starts = doc.user_data.get(USER_DATA_KEY)
    if starts is None:
        sent = doc[start:end].sent
        return sent.start, sent.end
    i = bisect.bisect_right(starts, start) - 1
    s = starts[max(i, 0)]
    j = bisect.bisect_left(starts, end)
    e = starts[j] if j < len(starts) else len(doc)
    return s, max(e, end)
