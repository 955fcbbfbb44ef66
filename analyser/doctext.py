"""The text a Doc was made from, kept so that it is never rebuilt token by token."""

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
