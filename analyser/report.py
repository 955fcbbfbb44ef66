"""Rendering only: profiles and match results -> rich tables, Markdown or JSON.

JSON is ``to_dict()`` and nothing else, so the library and the CLI never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from .profile import SkillProfile
from .scoring import MatchResult
from .taxonomy import Taxonomy

def to_json(obj: Any) -> str:
    """Return ``obj.to_dict()`` as indented JSON (UTF-8 characters kept)."""
    return json.dumps(obj.to_dict(), indent=2, ensure_ascii=False)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ----------------------------------------------------------------------------- markdown
def profile_markdown(profile: SkillProfile) -> str:
    """Return a Markdown report of one skill profile (skills table, then mentions)."""
    lines = [f"# Skills in {profile.source}", "", f"{len(profile.skills)} skills, {len(profile.mentions)} mentions.", ""]
    lines += ["| Skill | Category | Level | Weight | Mentions | Found by |", "|---|---|---|---|---|---|"]
    for s in profile.skills:
        lines.append(f"| {_md(s.label)} | {s.category} | {s.level} | {s.weight:.2f} | {s.count} | {s.match_type} |")
    lines += ["", "## Mentions", "", "| Skill | Text | Offsets | Section | Negated | Sentence |", "|---|---|---|---|---|---|"]
    for m in profile.mentions:
        lines.append(
            f"| {_md(m.label)} | {_md(m.text)} | {m.start}-{m.end} | {m.section} ({m.section_kind}) | "
            f"{'yes' if m.negated else ''} | {_md(_short(m.sentence))} |"
        )
    return "\n".join(lines) + "\n"


def match_markdown(result: MatchResult) -> str:
    """Return a Markdown report of a match: score, categories, matched, missing (by category), extra."""
    lines = [f"# Match: {result.score:.1f} / 100", "", f"CV: `{result.cv_source}`  ", f"Posting: `{result.jd_source}`", ""]
    lines += ["## By category", "", "| Category | Demanded | Matched | Score |", "|---|---|---|---|"]
    for c in result.categories:
        if c.demanded:
            lines.append(f"| {_md(c.label)} | {c.demanded} | {c.matched} | {c.score:.1f} |")
    lines += ["", "## Matched skills", "", "| Skill | Level | Weight | Credit | In the posting | In the CV |", "|---|---|---|---|---|---|"]
    for m in result.matched:
        via = f" (via {m.via})" if m.via else ""
        via += f" (one of {', '.join(m.one_of)})" if m.one_of else ""
        jd = _short(m.jd_evidence[0]["sentence"], 60) if m.jd_evidence else ""
        cv = _short(m.cv_evidence[0]["sentence"], 60) if m.cv_evidence else ""
        lines.append(f"| {_md(m.label)}{via} | {m.level} | {m.weight:.2f} | {m.credit:.2f} | {_md(jd)} | {_md(cv)} |")
    lines += ["", "## Missing skills, most important first", ""]
    for category, items in _missing_by_category(result):
        lines.append(f"**{category}**")
        lines.append("")
        for rank, m in items:
            jd = _short(m.jd_evidence[0]["sentence"], 70) if m.jd_evidence else ""
            lines.append(f"{rank}. {m.label} — {m.level}, weight {m.weight:.2f}: “{jd}”")
        lines.append("")
    if result.extra:
        lines += ["## Extra skills in the CV", "", ", ".join(e.label for e in result.extra), ""]
    return "\n".join(lines)


def _missing_by_category(result: MatchResult) -> list[tuple[str, list[tuple[int, Any]]]]:
    """Group the missing list by category label, keeping the global rank; heaviest group first."""
    groups: dict[str, list[tuple[int, Any]]] = {}
    labels = {c.category: c.label for c in result.categories}
    for rank, m in enumerate(result.missing, start=1):
        groups.setdefault(labels.get(m.category, m.category), []).append((rank, m))
    return sorted(groups.items(), key=lambda kv: kv[1][0][0])


# -------------------------------------------------------------------------------- rich
def print_profile_table(profile: SkillProfile, console) -> None:
    """Print a profile as rich tables on ``console`` (a ``rich.console.Console``)."""
    from rich.table import Table

    table = Table(title=f"Skills in {profile.source}", title_justify="left")
    for col in ("Skill", "Category", "Level", "Weight", "Mentions", "Found by", "First evidence"):
        table.add_column(col, overflow="fold")
    for s in profile.skills:
        first = s.mentions[0]
        table.add_row(
            s.label, s.category, s.level, f"{s.weight:.2f}", str(s.count), s.match_type,
            f"line {first.line}: {_short(first.sentence, 60)}" + (" (negated)" if not s.present else ""),
        )
    console.print(table)
    console.print(f"{len(profile.skills)} skills, {len(profile.mentions)} mentions.")


def _where(evidence: tuple[dict[str, Any], ...], limit: int = 2) -> str:
    """Short evidence: 'line 12 "PyTorch"; line 30 "torch"' (first ``limit`` places)."""
    parts = [f'line {e["line"]} "{_short(e["text"], 30)}"' for e in evidence[:limit]]
    if len(evidence) > limit:
        parts.append(f"+{len(evidence) - limit}")
    return "; ".join(parts)


def print_match_table(result: MatchResult, console, *, top: int = 15) -> None:
    """Print a match as rich tables on ``console``: score, categories, matched, missing, extra.

    Evidence is shown as line numbers and surface forms; ``--format json`` or ``markdown``
    give the sentences.
    """
    from rich.table import Table

    console.print(f"[bold]Match score: {result.score:.1f} / 100[/bold]")
    console.print(f"CV: {result.cv_source}\nPosting: {result.jd_source}")
    cats = Table(title="By category (what the posting demands, what the CV covers)", title_justify="left")
    for col in ("Category", "Demanded", "Matched", "Score"):
        cats.add_column(col, justify="left" if col == "Category" else "right")
    for c in result.categories:
        if c.demanded:
            cats.add_row(c.label, str(c.demanded), str(c.matched), f"{c.score:.1f}")
    console.print(cats)
    matched = Table(title=f"Matched skills ({len(result.matched)})", title_justify="left")
    for col in ("Skill", "Level", "Weight", "Credit", "In the posting", "In the CV"):
        matched.add_column(col, overflow="fold")
    for m in result.matched:
        matched.add_row(
            m.label + (f" (one of {', '.join(m.one_of)})" if m.one_of else ""),
            m.level, f"{m.weight:.2f}", f"{m.credit:.2f}", _where(m.jd_evidence),
            (f"via {m.via}: " if m.via else "") + _where(m.cv_evidence, 1),
        )
    console.print(matched)
    missing = Table(title=f"Missing skills, most important first ({len(result.missing)})", title_justify="left")
    for col in ("#", "Skill", "Category", "Level", "Weight", "In the posting"):
        missing.add_column(col, overflow="fold")
    labels = {c.category: c.label for c in result.categories}
    for rank, m in enumerate(result.missing[:top], start=1):
        missing.add_row(
            str(rank), m.label, labels.get(m.category, m.category), m.level, f"{m.weight:.2f}", _where(m.jd_evidence)
        )
    console.print(missing)
    if len(result.missing) > top:
        console.print(f"... and {len(result.missing) - top} more (use --top, or --format json).")
    if result.extra:
        console.print("Extra skills in the CV: " + ", ".join(e.label for e in result.extra))


def print_taxonomy_table(taxonomy: Taxonomy, console) -> None:
    """Print the categories of a taxonomy with their skill counts."""
    from rich.table import Table

    table = Table(title=f"{taxonomy.name} (version {taxonomy.version})", title_justify="left")
    for col in ("Category", "Label", "Skills", "Examples"):
        table.add_column(col, overflow="fold")
    for c in taxonomy.categories:
        skills = taxonomy.skills_in(c.id)
        table.add_row(c.id, c.label, str(len(skills)), ", ".join(s.label for s in skills[:5]))
    console.print(table)
    console.print(f"{len(taxonomy.skills)} skills in {len(taxonomy.categories)} categories, from {taxonomy.source}")


def print_evaluation_table(report, console, *, max_errors: int = 30, split: str = "") -> None:
    """Print an :class:`analyser.evaluation.EvaluationReport` as rich tables."""
    from rich.table import Table

    docs = ", ".join(f"{n} {kind}s" for kind, n in sorted(report.documents.items()))
    console.print(f"[bold]Evaluation on the {split} split[/bold]: {docs}")
    table = Table(title="Precision, recall, F1", title_justify="left")
    for col in ("Level", "Precision", "Recall", "F1", "Gold", "Predicted"):
        table.add_column(col, justify="left" if col == "Level" else "right")
    rows = [
        ("span, strict (same offsets)", report.span_strict),
        ("span, lenient (overlap)", report.span_lenient),
        ("document, micro", report.doc_micro),
        ("document, macro (per skill)", report.doc_macro),
        ("document, demanded skills", report.demanded_micro),
    ]
    rows += [(f"document, {kind}s", scores) for kind, scores in report.by_kind.items()]
    rows.append(("groups of alternatives (same skills)", report.groups))
    rows += [(f"category: {cat}", scores) for cat, scores in report.by_category.items()]
    for name, s in rows:
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.support), str(s.predicted))
    console.print(table)
    if report.requirement_accuracy is not None:
        console.print(f"Requirement level agrees for {report.requirement_accuracy:.1%} of the skills demanded in both.")
        confusion = Table(title="Requirement level: gold (rows) x predicted (columns)", title_justify="left")
        levels = ("required", "other", "preferred")
        confusion.add_column("gold")
        for level in levels:
            confusion.add_column(level, justify="right")
        for gold_level in levels:
            row = report.requirement_confusion.get(gold_level, {})
            confusion.add_row(gold_level, *(str(row.get(level, 0)) for level in levels))
        console.print(confusion)
    if max_errors and report.errors:
        errors = Table(title=f"Errors (first {min(max_errors, len(report.errors))} of {len(report.errors)})", title_justify="left")
        for col in ("", "Document", "Skill", "Context", "Detail"):
            errors.add_column(col, overflow="fold")
        from rich.markup import escape

        for e in report.errors[:max_errors]:
            errors.add_row(e.kind.upper(), escape(e.doc_id), e.skill_id, escape(e.context), escape(e.detail))
        console.print(errors)
