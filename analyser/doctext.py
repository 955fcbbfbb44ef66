"""Per-Doc values computed once and kept: the text it was made from, its tokens' LOWER ids."""

from __future__ import annotations

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


LOWER_KEY = "analyser.lower_ids"
"""``doc.user_data`` key of the tokens' LOWER hashes (see :func:`lower_ids`)."""


def lower_ids(doc: Doc) -> list[int]:
    """Return the LOWER hash of every token, computed once per Doc with ``Doc.to_array``.

    Components that test many tokens against word sets use these ints instead of creating
    a ``Token`` object per token.
    """
    ids = doc.user_data.get(LOWER_KEY)
    if ids is None:
        from spacy.attrs import LOWER

        ids = doc.user_data[LOWER_KEY] = doc.to_array(LOWER).tolist()
    return ids
