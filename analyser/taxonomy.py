"""The skill taxonomy: categories, canonical skills and their aliases, loaded from TOML.

This module is data and validation only; it never imports spaCy. The file format and its
rules are documented in ``taxonomy/README.md``. The knowledge-base shape (concept id,
canonical name, aliases, type, definition, plus an alias index) follows scispacy's
``linking_utils.KnowledgeBase`` (Neumann et al., 2019, "ScispaCy").

Public API:

* :func:`load_taxonomy` -- path (or ``None`` for the bundled taxonomy) -> :class:`Taxonomy`.
* :func:`default_taxonomy_path` -- where the bundled ``ml_engineer.toml`` lives.
* :func:`alias_key` -- the normalisation used to detect duplicate aliases.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import TaxonomyError

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_TAXONOMY_FILE = "ml_engineer.toml"
"""File name of the bundled taxonomy inside the ``analyser.bundled_taxonomy`` package."""

PARAPHRASE_GAP = "..."
"""The gap marker of a paraphrase pattern (see :func:`parse_paraphrase`)."""
PARAPHRASE_GAP_TOKENS = 3
"""Most tokens a gap of a paraphrase pattern stands for ("deploy ... model" matches "deploy
our fraud models", not a verb and a noun a sentence apart)."""
_PARAPHRASE_WORD_RE = re.compile(r"^[a-z0-9+#]+$")

MIN_ORDINARY_ALIAS_CHARS = 3
"""Ordinary (case-insensitive) aliases shorter than this must be strict aliases (README rule)."""

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9+#.-]*$")
_KEY_STRIP_RE = re.compile(r"[\s\-_]+")

_TOP_KEYS = {"taxonomy", "matching", "categories", "skills"}
_META_KEYS = {"name", "version", "source", "description"}
_MATCHING_KEYS = {"context_words"}
_CATEGORY_KEYS = {"id", "label", "description"}
_SKILL_KEYS = {
    "id",
    "label",
    "category",
    "aliases",
    "description",
    "implies",
    "match_label",
    "strict_aliases",
    "context",
    "paraphrases",
}
_STRICT_KEYS = {"form", "needs_context", "context", "exclude_next", "exclude_prev", "exclude_context"}


def parse_paraphrase(pattern: str) -> list[tuple[str, ...] | None]:
    """Parse a paraphrase pattern into slots: a tuple of alternative words, or ``None`` for a gap.

    A pattern is words separated by spaces; ``a|b`` is one word slot with alternatives and
    ``...`` is a gap of 0 to :data:`PARAPHRASE_GAP_TOKENS` tokens that are neither
    punctuation nor white space. Words are lower case and match every inflection, since
    text and pattern meet on the normalised form (:mod:`analyser.normalise`):
    ``"deploy|productionize ... model"`` matches "deploying our models" and "productionize
    the fraud model". Patterns name skills that text describes with a verb and its object
    rather than a fixed phrase (the "paraphrased concept" errors of ``eval/README.md``).

    Args:
        pattern: the pattern text.

    Returns:
        The slots, in order.

    Raises:
        ValueError: fewer than two word slots, a gap at either end or two gaps in a row, or
            a word that is not lower-case letters and digits.
    """
    slots: list[tuple[str, ...] | None] = []
    for part in pattern.split():
        if part == PARAPHRASE_GAP:
            if not slots or slots[-1] is None:
                raise ValueError(f"paraphrase {pattern!r}: a gap must stand between two words")
            slots.append(None)
            continue
        words = tuple(part.split("|"))
        bad = [w for w in words if not _PARAPHRASE_WORD_RE.match(w)]
        if bad:
            raise ValueError(f"paraphrase {pattern!r}: {bad[0]!r} is not a lower-case word")
        slots.append(words)
    if slots and slots[-1] is None:
        raise ValueError(f"paraphrase {pattern!r}: a gap must stand between two words")
    if sum(slot is not None for slot in slots) < 2:
        raise ValueError(f"paraphrase {pattern!r}: needs at least two words (one word is an alias)")
    return slots


def alias_key(alias: str) -> str:
    """Return the comparison key of an alias: lower-cased, spaces, hyphens and underscores removed.

    Two aliases with the same key are the same surface form for validation
    (``"Scikit-Learn"`` and ``"scikit learn"`` -> ``"scikitlearn"``).

    Args:
        alias: a surface form.

    Returns:
        The key (str); empty for an alias of only white space and hyphens.
    """
    return _KEY_STRIP_RE.sub("", alias.casefold())


@dataclass(frozen=True, slots=True)
class StrictAlias:
    """A case-sensitive surface form with acceptance rules (``strict_aliases`` in the TOML).

    Attributes:
        form: the exact surface form, matched case-sensitively on whole tokens.
        needs_context: accept only with a context word in the sentence or in an enumeration
            of skill mentions.
        context: extra context words (lower case) for this alias.
        exclude_next: reject when the next token, lower-cased, is one of these; an entry of
            several words ("& d") rejects when the next tokens are those words.
        exclude_prev: reject when the previous token, lower-cased, is one of these.
        exclude_context: reject when the sentence contains one of these words (lower case).
    """

    form: str
    needs_context: bool = False
    context: tuple[str, ...] = ()
    exclude_next: tuple[str, ...] = ()
    exclude_prev: tuple[str, ...] = ()
    exclude_context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Category:
    """A top-level category of the taxonomy (one heading of the source article).

    Attributes:
        id: stable kebab-case id.
        label: display name.
        description: optional one-line description ("" when absent).
    """

    id: str
    label: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Skill:
    """A canonical skill.

    Attributes:
        id: stable kebab-case id.
        label: canonical display name.
        category: the id of its :class:`Category`.
        aliases: ordinary surface forms (matched case-insensitively, normalised), label first
            when ``match_label`` is true.
        strict_aliases: case-sensitive surface forms with rules.
        description: optional description ("" when absent).
        implies: ids of more general skills this one gives partial credit for.
        context: context words (lower case) that confirm this skill's ``needs_context``
            strict aliases, besides the taxonomy-wide ``context_words``.
        paraphrases: word patterns with gaps ("deploy ... model"), see :func:`parse_paraphrase`.
        line: the 1-based line of the skill's ``[[skills]]`` header in its file (0 if unknown).
    """

    id: str
    label: str
    category: str
    aliases: tuple[str, ...]
    strict_aliases: tuple[StrictAlias, ...] = ()
    description: str = ""
    implies: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    paraphrases: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A validated taxonomy: categories, skills, and indexes over them.

    Attributes:
        name: the taxonomy's name.
        version: its version string.
        source: the file it was loaded from (a path string, or "<bundled>").
        categories: categories in file order.
        skills: skills in file order.
        context_words: taxonomy-wide context words for strict aliases (lower case).
    """

    name: str
    version: str
    source: str
    categories: tuple[Category, ...]
    skills: tuple[Skill, ...]
    context_words: frozenset[str] = frozenset()
    _skill_index: Mapping[str, Skill] = field(default_factory=dict, repr=False, compare=False)
    _category_index: Mapping[str, Category] = field(default_factory=dict, repr=False, compare=False)
    _implied_cache: dict[str, dict[str, int]] = field(default_factory=dict, repr=False, compare=False)

    def skill(self, skill_id: str) -> Skill:
        """Return the skill with this id. Raises ``KeyError`` for an unknown id."""
        return self._skill_index[skill_id]

    def category(self, category_id: str) -> Category:
        """Return the category with this id. Raises ``KeyError`` for an unknown id."""
        return self._category_index[category_id]

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._skill_index

    def skills_in(self, category_id: str) -> tuple[Skill, ...]:
        """Return the skills of one category, in file order."""
        return tuple(s for s in self.skills if s.category == category_id)

    def implied_closure(self, skill_id: str) -> frozenset[str]:
        """Return every skill id reachable from ``skill_id`` through ``implies`` (not itself)."""
        return frozenset(self.implied_distances(skill_id))

    def implied_distances(self, skill_id: str) -> Mapping[str, int]:
        """Return ``{skill id: number of implies links}`` for every skill reachable from ``skill_id``.

        Breadth-first, so each distance is the shortest path (1 for a direct ``implies``). The
        walk runs once per skill and is kept: scoring asks for it for every CV skill of every
        match, which in a batch with a CV is the same CV thousands of times. The graph is
        acyclic (checked on load), so the walk terminates.

        Raises:
            KeyError: an unknown skill id.
        """
        known = self._implied_cache.get(skill_id)
        if known is not None:
            return known
        distances: dict[str, int] = {}
        frontier = list(self._skill_index[skill_id].implies)
        depth = 1
        while frontier:
            nxt = []
            for sid in frontier:
                if sid not in distances and sid != skill_id:
                    distances[sid] = depth
                    nxt.extend(self._skill_index[sid].implies)
            frontier, depth = nxt, depth + 1
        self._implied_cache[skill_id] = distances
        return distances

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary: name, version, source and per-category skill counts."""
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "skills": len(self.skills),
            "categories": [
                {"id": c.id, "label": c.label, "skills": len(self.skills_in(c.id))}
                for c in self.categories
            ],
        }


def default_taxonomy_path() -> Path:
    """Return the path of the bundled taxonomy file.

    In an installed package the ``taxonomy/`` folder is shipped as the package
    ``analyser.bundled_taxonomy`` (see ``pyproject.toml``); in a source checkout that is not
    installed, the repository's ``taxonomy/`` folder is used.

    Raises:
        TaxonomyError: when neither location holds the file.
    """
    try:
        from importlib.resources import files

        candidate = Path(str(files("analyser.bundled_taxonomy") / DEFAULT_TAXONOMY_FILE))
        if candidate.is_file():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    candidate = Path(__file__).resolve().parent.parent / "taxonomy" / DEFAULT_TAXONOMY_FILE
    if candidate.is_file():
        return candidate
    raise TaxonomyError(DEFAULT_TAXONOMY_FILE, "the bundled taxonomy is missing; reinstall the package")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load and validate a taxonomy file.

    Args:
        path: a TOML file in the format of ``taxonomy/README.md``; ``None`` for the bundled
            machine-learning-engineer taxonomy.

    Returns:
        The validated :class:`Taxonomy`.

    Raises:
        TaxonomyError: the file is missing, a directory, not UTF-8, not TOML, or breaks a rule
            (duplicate id, the same alias on two skills, unknown category, dangling or cyclic
            ``implies``, empty alias, a skill with no surface form, a short ordinary alias,
            an unknown key). The message names the file and, where known, the line.
    """
    file = default_taxonomy_path() if path is None else Path(path)
    source = str(path) if path is not None else str(file)
    if not file.exists():
        raise TaxonomyError(source, "no such file")
    if file.is_dir():
        raise TaxonomyError(source, "is a directory, not a taxonomy file")
    try:
        raw = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TaxonomyError(source, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise TaxonomyError(source, f"cannot be read ({exc.strerror})") from None
    return parse_taxonomy(raw, source=source)


def parse_taxonomy(text: str, *, source: str = "<string>") -> Taxonomy:
    """Parse and validate taxonomy TOML text (see :func:`load_taxonomy`).

    Args:
        text: the TOML document.
        source: the name used in error messages.

    Returns:
        The validated :class:`Taxonomy`.

    Raises:
        TaxonomyError: as :func:`load_taxonomy`.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise TaxonomyError(source, f"not valid TOML: {_strip_position(str(exc))}", line) from None
    return _Validator(text, source).build(data)


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _strip_position(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)


class _Validator:
    """Checks the parsed TOML against the rules of ``taxonomy/README.md``."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        lines = text.splitlines()
        self.skill_lines = [i + 1 for i, ln in enumerate(lines) if ln.strip().startswith("[[skills]]")]
        self.category_lines = [i + 1 for i, ln in enumerate(lines) if ln.strip().startswith("[[categories]]")]
        self.meta_line = next((i + 1 for i, ln in enumerate(lines) if ln.strip() == "[taxonomy]"), None)

    def fail(self, problem: str, line: int | None = None) -> TaxonomyError:
        return TaxonomyError(self.source, problem, line or None)

    def _unknown_keys(self, table: Mapping[str, Any], allowed: set[str], what: str, line: int | None) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise self.fail(f"{what}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(allowed))}", line)

    def _string(self, table: Mapping[str, Any], key: str, what: str, line: int | None, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"{what}: missing required key {key!r}", line)
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{what}: {key!r} must be a string, not {type(value).__name__}", line)
        return value

    def _strings(self, table: Mapping[str, Any], key: str, what: str, line: int | None) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{what}: {key!r} must be a list of strings", line)
        return tuple(value)

    def build(self, data: Mapping[str, Any]) -> Taxonomy:
        self._unknown_keys(data, _TOP_KEYS, "top level", None)
        meta = data.get("taxonomy")
        if not isinstance(meta, dict):
            raise self.fail("missing the [taxonomy] table (name, version)")
        self._unknown_keys(meta, _META_KEYS, "[taxonomy]", self.meta_line)
        name = self._string(meta, "name", "[taxonomy]", self.meta_line)
        version = self._string(meta, "version", "[taxonomy]", self.meta_line)
        matching = data.get("matching", {})
        if not isinstance(matching, dict):
            raise self.fail("[matching] must be a table")
        self._unknown_keys(matching, _MATCHING_KEYS, "[matching]", None)
        context_words = frozenset(w.lower() for w in self._strings(matching, "context_words", "[matching]", None))

        categories = self._categories(data.get("categories"))
        category_ids = {c.id for c in categories}
        skills = self._skills(data.get("skills"), category_ids)
        self._check_implies(skills)
        return Taxonomy(
            name=name,
            version=version,
            source=self.source,
            categories=categories,
            skills=skills,
            context_words=context_words,
            _skill_index={s.id: s for s in skills},
            _category_index={c.id: c for c in categories},
        )

    def _categories(self, raw: Any) -> tuple[Category, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("no [[categories]] declared; a taxonomy needs at least one category")
        out: list[Category] = []
        seen: dict[str, int | None] = {}
        for i, table in enumerate(raw):
            line = self.category_lines[i] if i < len(self.category_lines) else None
            what = f"category #{i + 1}"
            if not isinstance(table, dict):
                raise self.fail(f"{what} must be a table", line)
            self._unknown_keys(table, _CATEGORY_KEYS, what, line)
            cid = self._string(table, "id", what, line)
            if not _ID_RE.match(cid):
                raise self.fail(f"category id {cid!r} is not kebab-case ([a-z0-9][a-z0-9+#.-]*)", line)
            if cid in seen:
                raise self.fail(f"duplicate category id {cid!r} (first at line {seen[cid]})", line)
            seen[cid] = line
            label = self._string(table, "label", f"category {cid!r}", line)
            out.append(Category(cid, label, self._string(table, "description", cid, line, required=False)))
        return tuple(out)

    def _strict(self, raw: Any, what: str, line: int | None) -> tuple[StrictAlias, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(f"{what}: 'strict_aliases' must be a list of inline tables", line)
        out = []
        for entry in raw:
            if not isinstance(entry, dict):
                raise self.fail(f"{what}: each strict alias must be a table like {{ form = \"R\" }}", line)
            self._unknown_keys(entry, _STRICT_KEYS, f"{what} strict alias", line)
            form = self._string(entry, "form", f"{what} strict alias", line)
            if not form.strip():
                raise self.fail(f"{what}: empty strict alias form", line)
            needs = entry.get("needs_context", False)
            if not isinstance(needs, bool):
                raise self.fail(f"{what}: 'needs_context' must be true or false", line)
            lists = {
                key: tuple(w.lower() for w in self._strings(entry, key, f"{what} strict alias {form!r}", line))
                for key in ("context", "exclude_next", "exclude_prev", "exclude_context")
            }
            out.append(StrictAlias(form=form.strip(), needs_context=needs, **lists))
        return tuple(out)

    def _skills(self, raw: Any, category_ids: set[str]) -> tuple[Skill, ...]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("no [[skills]] declared; a taxonomy needs at least one skill")
        out: list[Skill] = []
        seen_ids: dict[str, int | None] = {}
        alias_owner: dict[str, tuple[str, int | None]] = {}
        for i, table in enumerate(raw):
            line = self.skill_lines[i] if i < len(self.skill_lines) else None
            what = f"skill #{i + 1}"
            if not isinstance(table, dict):
                raise self.fail(f"{what} must be a table", line)
            self._unknown_keys(table, _SKILL_KEYS, what, line)
            sid = self._string(table, "id", what, line)
            what = f"skill {sid!r}"
            if not _ID_RE.match(sid):
                raise self.fail(f"{what}: id is not kebab-case ([a-z0-9][a-z0-9+#.-]*)", line)
            if sid in seen_ids:
                raise self.fail(f"duplicate skill id {sid!r} (first at line {seen_ids[sid]})", line)
            seen_ids[sid] = line
            label = self._string(table, "label", what, line)
            category = self._string(table, "category", what, line)
            if category not in category_ids:
                raise self.fail(
                    f"{what}: unknown category {category!r}; declared: {', '.join(sorted(category_ids))}", line
                )
            match_label = table.get("match_label", True)
            if not isinstance(match_label, bool):
                raise self.fail(f"{what}: 'match_label' must be true or false", line)
            aliases = list(self._strings(table, "aliases", what, line))
            for alias in aliases:
                if not alias.strip():
                    raise self.fail(f"{what}: empty alias in 'aliases'", line)
            strict = self._strict(table.get("strict_aliases"), what, line)
            strict_forms = {s.form for s in strict}
            if match_label and label.strip() and label.strip() not in strict_forms:
                aliases.insert(0, label)
            # distinct spellings within a skill are all kept ("Power BI" and "PowerBI" tokenize
            # differently); only case and white-space repeats are dropped
            unique: dict[str, str] = {}
            for alias in aliases:
                alias = " ".join(alias.split())
                unique.setdefault(alias.casefold(), alias)
            for alias in unique.values():
                if len(alias_key(alias)) < MIN_ORDINARY_ALIAS_CHARS:
                    raise self.fail(
                        f"{what}: alias {alias!r} is shorter than {MIN_ORDINARY_ALIAS_CHARS} characters; "
                        "move it to strict_aliases (matched case-sensitively, with rules)",
                        line,
                    )
            if not unique and not strict:
                raise self.fail(f"{what}: no surface form (empty aliases and no strict_aliases)", line)
            keys = sorted({alias_key(a) for a in unique.values()}) + [
                alias_key(s.form) + "\0strict:" + s.form for s in strict
            ]
            for key in keys:
                owner = alias_owner.get(key)
                if owner is not None and owner[0] != sid:
                    shown = key.split("\0")[0]
                    raise self.fail(
                        f"alias {shown!r} is on two skills: {owner[0]!r} (line {owner[1]}) and {sid!r}", line
                    )
                alias_owner[key] = (sid, line)
            implies = self._strings(table, "implies", what, line)
            paraphrases = tuple(" ".join(p.split()) for p in self._strings(table, "paraphrases", what, line))
            for pattern in paraphrases:
                try:
                    parse_paraphrase(pattern)
                except ValueError as exc:
                    raise self.fail(f"{what}: {exc}", line) from None
            out.append(
                Skill(
                    id=sid,
                    label=label,
                    category=category,
                    aliases=tuple(unique.values()),
                    strict_aliases=strict,
                    description=self._string(table, "description", what, line, required=False),
                    implies=implies,
                    context=tuple(w.lower() for w in self._strings(table, "context", what, line)),
                    paraphrases=paraphrases,
                    line=line or 0,
                )
            )
        return tuple(out)

    def _check_implies(self, skills: Iterable[Skill]) -> None:
        index = {s.id: s for s in skills}
        for skill in index.values():
            for target in skill.implies:
                if target == skill.id:
                    raise self.fail(f"skill {skill.id!r} implies itself", skill.line)
                if target not in index:
                    raise self.fail(f"skill {skill.id!r} implies unknown skill {target!r}", skill.line)
        # cycle detection: iterative DFS with colours
        colour: dict[str, int] = {}
        for start in index:
            if colour.get(start):
                continue
            stack: list[tuple[str, Iterable[str]]] = [(start, iter(index[start].implies))]
            path = [start]
            colour[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    colour[node] = 2
                    stack.pop()
                    path.pop()
                elif colour.get(child) == 1:
                    cycle = path[path.index(child):] + [child]
                    raise self.fail(f"'implies' has a cycle: {' -> '.join(cycle)}", index[child].line)
                elif not colour.get(child):
                    colour[child] = 1
                    path.append(child)
                    stack.append((child, iter(index[child].implies)))
