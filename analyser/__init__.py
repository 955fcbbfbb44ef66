"""JD skills analyser: map job postings and CVs onto a skill taxonomy and match them.

Quick start::

    import analyser
    a = analyser.Analyser()                 # bundled ML-engineer taxonomy
    result = a.match(cv_text, jd_text)      # result.score: 0-100
    print(result.to_dict()["missing"][:5])  # the most important skills the CV lacks

Heavy modules (spaCy, pandas) load on first use of :class:`Analyser`, not at ``import analyser``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import AnalyserError, InputError, TaxonomyError
from .taxonomy import Taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "Analyser",
    "AnalyserError",
    "InputError",
    "TaxonomyError",
    "Taxonomy",
    "load_taxonomy",
    "SkillMention",
    "SkillProfile",
    "MatchResult",
    "__version__",
]

_LAZY = {
    "Analyser": ("analyser.analyser", "Analyser"),
    "SkillMention": ("analyser.extraction", "SkillMention"),
    "SkillProfile": ("analyser.profile", "SkillProfile"),
    "MatchResult": ("analyser.scoring", "MatchResult"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .analyser import Analyser
    from .extraction import SkillMention
    from .profile import SkillProfile
    from .scoring import MatchResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'analyser' has no attribute {name!r}")
