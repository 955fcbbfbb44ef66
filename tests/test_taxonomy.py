"""Taxonomy loading and validation: every rule of taxonomy/README.md has a failing example."""

from __future__ import annotations

import pytest

from analyser.errors import TaxonomyError
from analyser.taxonomy import alias_key, load_taxonomy, parse_taxonomy

HEAD = """
[taxonomy]
name = "t"
version = "1"

[[categories]]
id = "prog"
label = "Programming"
"""


def skill(id_: str, aliases: str = "[]", extra: str = "") -> str:
    return f'\n[[skills]]\nid = "{id_}"\nlabel = "{id_.title()} Skill"\ncategory = "prog"\naliases = {aliases}\n{extra}\n'


def test_valid_minimal_taxonomy_has_label_as_alias():
    tax = parse_taxonomy(HEAD + skill("python", '["python3"]'))
    assert tax.skill("python").aliases == ("Python Skill", "python3")
    assert tax.skills_in("prog")[0].id == "python"


@pytest.mark.parametrize(
    "text, message, line",
    [
        (HEAD + skill("python") + skill("python"), "duplicate skill id 'python'", 17),
        (HEAD + skill("a", '["Machine Learning"]') + skill("b", '["machine-learning"]'),
         "alias 'machinelearning' is on two skills: 'a'", 17),
        (HEAD + skill("a").replace('"prog"', '"nope"'), "unknown category 'nope'", 10),
        (HEAD + skill("a", "[]", 'implies = ["ghost"]'), "implies unknown skill 'ghost'", 10),
        (HEAD + skill("a", "[]", 'implies = ["a"]'), "implies itself", 10),
        (HEAD + skill("a", "[]", 'implies = ["b"]') + skill("b", "[]", 'implies = ["a"]'), "cycle: a -> b -> a", 10),
        (HEAD + skill("a", '["  "]'), "empty alias", 10),
        (HEAD + skill("a", "[]", "match_label = false"), "no surface form", 10),
        (HEAD + skill("a", '["R"]'), "alias 'R' is shorter than 3 characters", 10),
        (HEAD + skill("a", "[]", 'alias = ["x"]'), "unknown key(s) 'alias'", 10),
        (HEAD + skill("Bad Id"), "not kebab-case", 10),
        (HEAD + skill("a", "[]", 'paraphrases = ["deploy"]'), "needs at least two words", 10),
        (HEAD + skill("a", "[]", 'paraphrases = ["... deploy model"]'), "a gap must stand between two words", 10),
        (HEAD + skill("a", "[]", 'paraphrases = ["deploy ... ... model"]'), "a gap must stand between two words", 10),
        (HEAD + skill("a", "[]", 'paraphrases = ["Deploy ... model"]'), "'Deploy' is not a lower-case word", 10),
        (HEAD.replace('version = "1"\n', ""), "missing required key 'version'", 2),
        (HEAD + "[[skills]\n", "not valid TOML", 9),
    ],
)
def test_validation_errors_name_file_line_and_problem(text, message, line):
    with pytest.raises(TaxonomyError) as err:
        parse_taxonomy(text, source="my.toml")
    assert message in str(err.value)
    assert err.value.line == line
    assert str(err.value).startswith(f"my.toml:{line}: ")


def test_strict_alias_is_case_sensitive_and_may_be_short():
    tax = parse_taxonomy(HEAD + skill("r", '["R programming"]', 'strict_aliases = [{ form = "R", needs_context = true }]'))
    strict = tax.skill("r").strict_aliases[0]
    assert (strict.form, strict.needs_context) == ("R", True)


def test_implied_closure_is_transitive():
    tax = parse_taxonomy(HEAD + skill("a", "[]", 'implies = ["b"]') + skill("b", "[]", 'implies = ["c"]') + skill("c"))
    assert tax.implied_closure("a") == {"b", "c"}
    assert tax.implied_closure("c") == frozenset()


def test_alias_key_folds_case_space_and_hyphen():
    assert alias_key("Scikit-Learn") == alias_key("scikit learn") == "scikitlearn"


def test_missing_directory_and_non_utf8_files(tmp_path):
    with pytest.raises(TaxonomyError, match="no such file"):
        load_taxonomy(tmp_path / "none.toml")
    with pytest.raises(TaxonomyError, match="is a directory"):
        load_taxonomy(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'caf\xe9'".encode("latin-1"))
    with pytest.raises(TaxonomyError, match="not UTF-8"):
        load_taxonomy(bad)


def test_bundled_taxonomy_covers_the_article():
    tax = load_taxonomy()
    assert len(tax.skills) >= 120
    assert [c.id for c in tax.categories] == [
        "software-engineering", "data-science", "probability-statistics", "cs-fundamentals",
        "programming-big-data", "ml-libraries-algorithms", "neural-networks", "applied-mathematics",
    ]
    # every category has skills, and the article's named tools are present
    assert all(tax.skills_in(c.id) for c in tax.categories)
    for needed in ("python", "sql"):
        assert needed in tax
    labels = {s.label.lower() for s in tax.skills}
    for tool in ("apache spark", "apache hadoop", "apache kafka"):
        assert any(tool in label or tool.split()[1] == label for label in labels), tool
