"""Extraction on our own sentences: normalisation, overlaps, ambiguous aliases, sections, cues.

The mechanics are checked on the tiny taxonomy of tests/data/mini_taxonomy.toml, so that each
expectation is exact; the bundled taxonomy is checked on the same traps in test_real_postings.py.
"""

from __future__ import annotations

import pytest

from conftest import SAMPLES


def ids(profile):
    return [m.skill_id for m in profile.mentions]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("PYTHON and python3 and Python", ["python", "python", "python"]),  # case
        ("We build neural networks.", ["neural-networks"]),  # plural -> lemma
        ("Design of neural net", ["neural-networks"]),  # singular of the alias "neural nets"
        ("object oriented design and Object-Oriented Design", ["object-oriented-programming"] * 2),  # hyphen/space
        ("Tensor Flow, Tensor-Flow, tensorflow", ["tensorflow"] * 3),  # CamelCase split
        ("scikit learn or Scikit-Learn or sklearn", ["scikit-learn"] * 3),
        ("hyperparameter optimization", ["hyperparameter-tuning"]),
    ],
)
def test_normalised_forms_find_the_skill(mini, text, expected):
    assert ids(mini.extract(text)) == expected


def test_lower_case_agile_needs_a_methodology_word(bundled):
    assert [m.skill_id for m in bundled.extract("Projects in both waterfall and agile.").mentions] == ["agile"]
    assert bundled.extract("You are dynamic and agile.").mentions == ()


def test_aliases_span_a_wrapped_line_but_not_a_new_bullet(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("strong data\nanalytics and Machine\nLearning").mentions]
    assert found == [("data\nanalytics", "data-analysis"), ("Machine\nLearning", "machine-learning")]
    # "scripting\nExperience": the capital after the break starts a new bullet
    found = [(m.text, m.skill_id) for m in bundled.extract("- Linux Shell scripting\nExperience using Git").mentions]
    assert ("scripting\nExperience", "programming-languages") not in found and ("Git", "git") in found


def test_mojibake_no_break_space_splits_words(bundled):
    # "Â" is a no-break space decoded as Latin-1: the words around it are words
    found = [(m.text, m.skill_id) for m in bundled.extract("Understanding ofÂDeep Learning andÂNLP").mentions]
    assert found == [("Deep Learning", "deep-learning"), ("NLP", "nlp")]


def test_slashed_verbs_share_the_object(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Experience in deploying/retraining predictive models").mentions}
    assert ("deploying/retraining predictive models", "model-deployment") in found


def test_cv_skill_template_hyphen_is_a_separator(bundled):
    # Kaggle CVs: "SKILL- Experience - N months"; the broken compound "time- series" still matches
    found = [(m.text, m.skill_id) for m in bundled.extract("LINEAR PROGRAMMING- Experience - 6 months\nSHELL SCRIPTS- Experience - 48 months").mentions]
    assert found == [("LINEAR PROGRAMMING", "linear-programming"), ("SHELL SCRIPTS", "shell-scripting")]
    assert [m.skill_id for m in bundled.extract("large volumes of time- series data").mentions] == ["time-series"]


def test_hyphen_joined_aliases(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("feature-engineering, data-cleaning and natural-language processing").mentions]
    assert found == [("feature-engineering", "feature-engineering"), ("data-cleaning", "data-cleaning"), ("natural-language processing", "nlp")]
    # a hyphen with spaces on both sides separates list items ("Hive - SQL programming")
    found = [(m.text, m.skill_id) for m in bundled.extract("Hadoop Spark Hive - SQL programming").mentions]
    assert ("Hive", "hive") in found and ("SQL", "sql") in found


def test_acronym_plurals_take_the_acronym_norm(bundled):
    from analyser.normalise import LemmaNormaliser

    norm = LemmaNormaliser()
    assert [norm(w) for w in ("ETLs", "APIs", "DBMSs", "AWS", "SaaS", "Ops")] == ["etl", "api", "dbms", "aws", "saas", "op"]
    found = [(m.text, m.skill_id) for m in bundled.extract("Write ETLs and manage DBMSs").mentions]
    assert found == [("ETLs", "etl"), ("DBMSs", "database-systems")]


def test_offsets_index_the_text_as_given(mini):
    text = "Skills:\n  - Tensor Flow\t and SQL"
    profile = mini.extract(text)
    for m in profile.mentions:
        assert text[m.start : m.end] == m.text
    assert [(m.text, m.match_type) for m in profile.mentions] == [("Tensor Flow", "normalised"), ("SQL", "exact")]


def test_longest_overlapping_match_wins(mini):
    # "neural network architectures" contains the alias "neural network"; one mention results
    profile = mini.extract("Experience with neural network architectures.")
    assert [(m.skill_id, m.text) for m in profile.mentions] == [("neural-networks", "neural network architectures")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Our R&D team grew.", []),
        ("We value R-squared above 0.9.", []),
        ("Proficiency in Python, R or SQL.", ["python", "r", "sql"]),  # enumeration
        ("Statistical programming in R is required.", ["r"]),  # context word
        ("R is the house language.", ["r"]),  # context word "language"
        ("Go-to-market plans.", []),
        ("We go to great lengths.", []),
        ("Go is our main programming language.", ["go", "programming-languages"]),
        ("Golang services", ["go"]),
        ("These ideas spark joy.", []),
        ("Events spark curiosity; Spark clusters run nightly.", ["spark"]),
        ("You will Spark new ideas.", []),  # exclude_prev "will"
        ("You excel at communication. Excel at scale.", []),
        ("Advanced Excel and MS Excel", ["excel", "excel"]),
        ("ML engineers and OOP", ["machine-learning", "object-oriented-programming"]),
        ("the mL and oop words are not acronyms here", []),
    ],
)
def test_ambiguous_short_aliases(mini, text, expected):
    assert ids(mini.extract(text)) == expected


def test_fuzzy_linking_catches_long_misspellings_only(mini):
    profile = mini.extract("Strong hyperparamter tuning and Pyhton skills.")
    assert [(m.skill_id, m.match_type) for m in profile.mentions] == [("hyperparameter-tuning", "fuzzy")]
    assert 0.9 <= profile.mentions[0].confidence < 1.0


def test_sections_and_cues_set_the_requirement_level(mini):
    text = (
        "Data Scientist\n\n"
        "About us\nWe love Python.\n\n"
        "Responsibilities:\n- Build pipelines in SQL\n\n"
        "Requirements\n- Python and Go programming\n- Kafka is a plus\n\n"
        "Nice to have:\n- PyTorch\n- Strong experience with TensorFlow\n\n"
        "Benefits\n- Free MS Excel training\n"
    )
    got = {(m.text, m.section, m.section_kind) for m in mini.extract(text).mentions}
    assert got == {
        ("Python", "other", "boilerplate"),
        ("SQL", "other", "responsibilities"),
        ("Python", "required", "required"),
        ("Go", "required", "required"),
        ("Kafka", "preferred", "required"),  # the cue beats the section
        ("PyTorch", "preferred", "preferred"),
        ("TensorFlow", "preferred", "preferred"),  # a required cue does not promote a preferred section
        ("MS Excel", "other", "boilerplate"),
    }


def test_inline_heading_opens_a_section(mini):
    profile = mini.extract("Qualifications: Python and SQL. Preferred Qualifications: Kafka")
    # one line: the inline heading covers the whole line, so the level is the cue-less section
    assert {(m.text, m.section) for m in profile.mentions} == {("Python", "required"), ("SQL", "required"), ("Kafka", "preferred")}


@pytest.mark.parametrize(
    "sentence, negated",
    [
        ("No prior Kafka experience needed.", True),
        ("Kafka experience is not required.", True),
        ("We don't use Kafka.", True),
        ("You won't be writing SQL.", True),
        ("Not only Python but also Kafka.", False),  # pseudo cue
        ("No visa sponsorship; Kafka experience essential.", False),  # scope ends at ';'
        ("Kafka experience is essential.", False),
    ],
)
def test_negation_cues(mini, sentence, negated):
    mentions = [m for m in mini.extract(sentence).mentions if m.skill_id in ("kafka", "sql")]
    assert mentions and mentions[-1].negated is negated


def test_negated_skill_is_not_demanded_and_not_present(mini):
    profile = mini.extract("Requirements:\n- Python\n- No Kafka experience needed")
    kafka = profile.get("kafka")
    assert kafka.weight == 0 and kafka.present is False
    assert "kafka" not in profile.skill_ids
    assert [s.skill_id for s in profile.demanded] == ["python"]


def test_extract_many_matches_extract(mini):
    texts = ["Python and SQL", "", "Kafka is a plus"]
    many = list(mini.extract_many(texts))
    assert [p.to_dict()["mentions"] for p in many] == [mini.extract(t).to_dict()["mentions"] for t in texts]
    assert [p.source for p in many] == ["<text 0>", "<text 1>", "<text 2>"]


def test_extract_rejects_non_text(mini):
    with pytest.raises(TypeError):
        mini.extract(b"bytes")


@pytest.mark.parametrize(
    "sentence",
    [
        "Our R&D group partners with the C-suite on go-to-market plans.",
        "Ideas that spark joy; you will excel at storytelling.",
        "Fresh Java and pastries every morning in our Azure blue lounge.",
        "We go the extra mile; excel in a fast-paced team.",
    ],
)
def test_false_positive_traps_with_the_bundled_taxonomy(bundled, sentence):
    """Real-text traps (R&D, C-suite, go-to-market, spark, excel, coffee Java, azure blue)."""
    assert [(m.skill_id, m.text) for m in bundled.extract(sentence).mentions] == []


@pytest.mark.parametrize(
    "sentence, skill",
    [
        ("We don't use Spark here.", "spark"),
        ("You won't be writing SQL.", "sql"),
        ("No Kafka experience needed.", "kafka"),
        ("Knowledge of Docker is not required.", "docker"),
    ],
)
def test_negated_demands_with_the_bundled_taxonomy(bundled, sentence, skill):
    mentions = [m for m in bundled.extract(sentence).mentions if m.skill_id == skill]
    assert mentions and all(m.negated for m in mentions)
    assert bundled.extract(sentence).get(skill).weight == 0


def test_candidate_generation_ranks_the_intended_alias_first():
    from analyser.candidates import CandidateGenerator

    generator = CandidateGenerator(["hyperparameter tuning", "tensorflow", "transfer learning", "time series"])
    assert generator("hyperparamter tuning")[0].alias == "hyperparameter tuning"
    assert generator("tensorfow")[0].alias == "tensorflow"
    assert all(c.similarity >= 0.25 for c in generator("tensorfow"))
    with pytest.raises(ValueError):
        CandidateGenerator([])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Machine and Deep Learning experience", [("machine-learning", "Machine"), ("deep-learning", "Deep Learning")]),
        ("supervised and unsupervised learning", [("supervised-learning", "supervised"), ("unsupervised-learning", "unsupervised learning")]),
        ("Python and deep learning", [("python", "Python"), ("deep-learning", "deep learning")]),  # "Python learning" is no alias
        # the last head word alone: "statistical learning models" is no alias, "statistical models" is
        ("Statistical and Machine Learning models", [("statistical-modelling", "Statistical"), ("ml-algorithms", "Machine Learning models")]),
        # a one-word last conjunct that names no skill: "statistical modeling" is an alias
        ("Python for statistical and financial models", [("python", "Python"), ("statistical-modelling", "statistical")]),
        ("techniques such as survival and failure analysis", [("survival-analysis", "survival")]),
        # a mention's own head elided: "machine learning [libraries] and deep learning libraries"
        ("test machine learning and deep learning libraries", [("ml-libraries", "machine learning"), ("deep-learning-frameworks", "deep learning libraries")]),
        ("Experience using Spark and SQL.", [("spark", "Spark"), ("sql", "SQL")]),  # two one-word conjuncts: no "Spark SQL"
        # the second conjunct shares the first one's modifier, when it ends the coordination
        ("experience in data manipulation and cleaning;", [("data-wrangling", "data manipulation"), ("data-cleaning", "cleaning")]),
        ("data manipulation and cleaning routines", [("data-wrangling", "data manipulation")]),
        ("join a team of data scientists and engineers.", [("data-science", "data scientists")]),  # colleagues, not data engineering
        # a serial comma before the last conjunct: "supervised, and unsupervised learning"
        ("classification, supervised, and unsupervised learning", [("classification", "classification"), ("supervised-learning", "supervised"), ("unsupervised-learning", "unsupervised learning")]),
        # kinds of a mention listed in parentheses after it
        ("Machine Learning (supervised and unsupervised) models", [("machine-learning", "Machine Learning"), ("supervised-learning", "supervised"), ("unsupervised-learning", "unsupervised")]),
        ("regression (multivariate and logistic)", [("regression", "regression"), ("logistic-regression", "logistic")]),
        # the members of a comma list share the head too; a serial comma needs three members
        ("3 years designing, developing, and testing software", [("software-engineering", "developing")]),
        ("Clean the files, develop data, and perform analysis", []),
        # "and using ..." opens a new clause: no "optimization models" here
        ("find chances for process optimization and using models to test them", []),
        # not when the first conjunct ends a compound: "machine learning systems", not "systems design"
        ("Implement machine learning systems and validate designs", [("machine-learning", "machine learning")]),
    ],
)
def test_elided_coordination_completes_the_first_conjunct(bundled, text, expected):
    assert [(m.skill_id, m.text) for m in bundled.extract(text).mentions] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # verb ... object within three tokens, any inflection
        ("You will be deploying our fraud models.", [("model-deployment", "deploying our fraud models", "paraphrase")]),
        ("Ensure models can be deployed quickly", [("model-deployment", "models can be deployed", "paraphrase")]),
        ("Analyze large volumes of data daily", [("data-analysis", "Analyze large volumes of data", "paraphrase")]),
        # a mention inside a paraphrase stays, and both are found
        (
            "evaluate machine learning models",
            [("model-evaluation", "evaluate machine learning models", "paraphrase"), ("ml-algorithms", "machine learning models", "normalised")],
        ),
        # the gap never crosses punctuation, a line break, or more than three tokens
        ("We deploy. Our models are great", []),
        ("We deploy\nour models", []),
        ("deploy the very best new models", []),
        # a fixed alias of the same skill wins over the pattern
        ("deploy ML models", [("model-deployment", "deploy ML models", "exact")]),
        # "implement" takes its object directly: "implement data models" is data modelling work
        ("Implement data models", []),
    ],
)
def test_paraphrase_patterns(bundled, text, expected):
    assert [(m.skill_id, m.text, m.match_type) for m in bundled.extract(text).mentions] == expected


def test_hedges_are_preferred_unless_intensified(bundled):
    text = (
        "Responsibilities\n"
        "- Familiarity with Spark\n"
        "- Strong practical knowledge of methods such as Bayesian inference\n"
        "- Deep understanding of SQL\n"
    )
    levels = {m.text: m.section for m in bundled.extract(text).mentions}
    assert levels == {"Spark": "preferred", "Bayesian inference": "required", "SQL": "required"}


ONE_LINE_FILLER = "The primary duty will be the design of reports that drive decisions at the company. " * 12


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(  # an explicit cue of the sentence beats a nearer hedge
            "Requirements\n- Knowledge of SQL preferred.\n- Familiarity with A/B testing is also helpful.\n- Familiarity with Kafka\n",
            {"sql": "preferred", "ab-testing": "preferred", "kafka": "required"}, id="explicit-cue-beats-hedge"),
        pytest.param(
            "Requirements\n- Proficiency with a scientific programming language, preferably Python\n",
            {"programming-languages": "required", "python": "preferred"}, id="preferably-looks-forward"),
        pytest.param(  # scraped one-line posting: the inline bullet begins a qualification piece
            ONE_LINE_FILLER + "Driving business solutions.* Bachelor degree in Statistics or Mathematics* Two years of work.",
            {"statistics": "required", "mathematics": "required"}, id="inline-bullet-of-one-line-posting"),
        pytest.param(
            "Responsibilities\n- Build reports\n- BSc in Computer Science or related field\n"
            "- Competent in machine learning principles\n"
            "The employee should have significant expertise in statistics.\n",
            {"computer-science": "required", "machine-learning": "required", "statistics": "required"},
            id="qualification-lines-and-demand-cues"),
        pytest.param(  # "etc." before ")" ends no sentence; before a capital it does
            "Requirements\n- Experience with tools (Hive, Spark, etc.) is a plus.\n- Use SQL etc. Python is required.\n",
            {"hive": "preferred", "spark": "preferred", "sql": "required", "python": "required"}, id="abbreviation-full-stop"),
        pytest.param(
            "Responsibilities\n- Knowledge of relational databases\n"
            "- Reports in Excel and R (familiarity with other languages welcome)\n- Familiarity with Spark\n",
            {"relational-databases": "required", "excel": "other", "r": "other", "spark": "preferred"},
            id="hedges-look-forward-knowledge-lines-demand"),
        pytest.param(  # a list intro inside a preferred section keeps it; "Bonus points if you have" heads one
            "Must-haves:\n- Python\nNice-to-haves:\nExperience with any of the following:\nDocker, Kafka\n"
            "Bonus Points If You Have\nExperience with Spark\n",
            {"python": "required", "docker": "preferred", "kafka": "preferred", "spark": "preferred"},
            id="list-intro-and-bonus-heading"),
        pytest.param(  # a long line ending in a colon introduces a list; preferred phrases win
            "Requirements:\n- SQL\nTo excel here you would use the following experience and skills "
            "(not all of these are required, but highly desirable):\nScrum, JIRA\n"
            "- 2+ years of Python (special consideration for experience with pandas)\n",
            {"sql": "required", "scrum": "preferred", "jira": "preferred", "python": "preferred", "pandas": "preferred"},
            id="list-intro-lines"),
        pytest.param(  # misspelt headings still classify by keyword
            "JOB QUALIFICATIONS\n- Java\nPREFFERRED EDUCATION AND EXPERIENCE:\n- Scala\n",
            {"java": "required", "scala": "preferred"}, id="misspelt-preferred-heading"),
        pytest.param(  # "You have ..." lines state qualifications, even without a heading
            "This is the perfect job for you if:\nYou have expertise in Java or similar languages.\n",
            {"java": "required"}, id="you-have-lines"),
    ],
)
def test_requirement_level_cues(bundled, text, expected):
    assert {m.skill_id: m.section for m in bundled.extract(text).mentions} == expected


def test_professional_experience_heading_demands_in_a_posting(bundled):
    text = "Professional Experience/Background:\nStrong record of data analysis using SQL or SAS\n"
    assert {m.section_kind for m in bundled.extract(text).mentions} == {"required"}


def test_one_line_posting_with_glued_headings(bundled):
    # scraped postings can lose every line break; headings then stick to the next word
    filler = "This team builds reporting for the business units and the courts of the state. " * 10
    text = (
        "Job SummaryThis position supports our analytics work stream. " + filler +
        "Minimum SkillsQualifications Required (in order of importance) Experience in R and Stata. "
        "Excellent communication skills. Additional SkillsQualifications Desired General "
        "Explain technical issues to managers. Experience using SQL or Python."
    )
    assert len(text) > 1000 and "\n" not in text
    levels = {m.text: (m.section_kind, m.section) for m in bundled.extract(text).mentions}
    assert levels["Stata"] == ("required", "required")
    assert levels["SQL"] == ("preferred", "preferred")


def test_metadata_line_is_not_a_boilerplate_section_and_html_headings_count(bundled):
    text = (
        "Position: Data Scientist\n\nLocation: San Ramon, CA - must work onsite\n\n"
        "<u>\nBuild predictive models in Python\n</ul>\n\n<b>Required skills\nSQL & database experience\n"
    )
    levels = {m.skill_id: (m.section_kind, m.section) for m in bundled.extract(text).mentions}
    assert levels["python"] == ("other", "other")
    assert levels["sql"] == ("required", "required")


def test_plural_roles_name_other_people_unless_hired(bundled):
    text = (
        "Responsibilities\n- Collaborate with data scientists and software engineers on reporting\n"
        "We are looking for Data Scientists who know Python.\n"
    )
    profile = bundled.extract(text)
    who = {m.start: (m.skill_id, m.experiencer) for m in profile.mentions}
    assert sorted(who.values()) == [
        ("data-science", "candidate"), ("data-science", "other"), ("python", "candidate"), ("software-engineering", "other"),
    ]
    demanded = {s.skill_id for s in profile.skills if s.weight > 0}
    assert demanded == {"data-science", "python"}


def test_symbol_slash_pairs_are_split(bundled):
    ids = [m.skill_id for m in bundled.extract("Experience with C++/C#, C#/.NET or C/C++; see https://a.io/x.html").mentions]
    assert ids == ["c++", "c#", "c#", "dotnet", "c", "c++"]


def test_headings_ending_in_an_ellipsis(bundled):
    text = (
        "You might be a fit for this role if...\n- You use SQL daily\n"
        "It\u2019d be even better if you\u2026\n- Have used Spark\n"
        "You\u2019ll love it here because...\n- We run Python workshops\n"
    )
    kinds = {m.skill_id: m.section_kind for m in bundled.extract(text).mentions}
    assert kinds == {"sql": "required", "spark": "preferred", "python": "boilerplate"}


def test_line_pieces_cut_long_lines_only():
    from analyser.sections import line_pieces

    assert line_pieces("Job SummaryThis role") == [(0, "Job SummaryThis role")]
    long = "Job SummaryThis role is new. " + "x " * 600 + "apply.We sponsor * Python"
    pieces = [p for _, p in line_pieces(long)]
    assert pieces[:2] == ["Job Summary", "This role is new."]
    assert pieces[-3].endswith(" x apply.") and pieces[-2:] == ["We sponsor", "* Python"]
    assert all(long[o : o + len(p)] == p for o, p in line_pieces(long))


def test_paraphrase_mentions_carry_their_own_confidence_and_level(bundled):
    (mention,) = bundled.extract("Requirements:\n- Experience deploying models built by others").mentions
    assert (mention.skill_id, mention.match_type, mention.section) == ("model-deployment", "exact", "required")
    (mention,) = bundled.extract("Requirements:\n- Experience deploying our models at scale").mentions
    assert (mention.match_type, mention.confidence, mention.section) == ("paraphrase", 0.8, "required")


def test_boilerplate_cue_marks_its_sentence_not_the_whole_line(bundled):
    # scraped postings are often one line; the equal-opportunity sentence must not swallow it
    text = (
        "You will build models in Python and SQL. "
        "We are an equal opportunity employer and value Kafka-like diversity of Java teams."
    )
    levels = {m.text: (m.section_kind, m.section) for m in bundled.extract(text).mentions}
    assert levels["Python"] == ("other", "other") and levels["SQL"] == ("other", "other")
    assert levels["Java"] == ("boilerplate", "other")
    assert {s.skill_id for s in bundled.extract(text).skills if s.weight > 0} == {"python", "sql"}


def test_paraphrase_matcher_agrees_with_spacy_matcher(bundled):
    # oracle: the same patterns as spaCy Matcher token patterns return the same matches
    from spacy.matcher import Matcher

    from analyser.taxonomy import PARAPHRASE_GAP_TOKENS, parse_paraphrase

    nlp = bundled.nlp
    oracle = Matcher(nlp.vocab)
    for skill in bundled.taxonomy.skills:
        for pattern in skill.paraphrases:
            tokens = [
                {"IS_PUNCT": False, "IS_SPACE": False, "OP": f"{{0,{PARAPHRASE_GAP_TOKENS}}}"}
                if slot is None else {"NORM": {"IN": sorted({nlp.vocab[w].norm_ for w in slot})}}
                for slot in parse_paraphrase(pattern)
            ]  # fmt: skip
            oracle.add(skill.id, [tokens])
    ours = nlp.get_pipe("skill_matcher").paraphrase_matcher
    texts = [p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "postings").iterdir())]
    texts.append("We deploy and then monitor our models; models, once deployed, are tested. Analyze data and clean the data.")
    found = 0
    for doc in nlp.pipe(texts):
        expected = sorted((nlp.vocab.strings[m], s, e) for m, s, e in oracle(doc))
        assert sorted(ours(doc, extended=False)) == expected
        found += len(expected)
    assert found > 0


def test_comparing_models_is_model_selection(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Regularly evaluate alternate models and compare predictive models.").mentions}
    assert ("evaluate alternate models", "model-selection") in found and ("compare predictive models", "model-selection") in found


def test_paraphrases_of_different_skills_may_overlap(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Develop tools to monitor and analyze model performance and data accuracy").mentions}
    assert ("monitor and analyze model", "model-monitoring") in found
    assert ("analyze model performance", "model-evaluation") in found


def test_paraphrase_noun_list_and_inner_hyphens(bundled):
    # "analysis of ... data" shared by a coordination without a comma
    found = [(m.text, m.skill_id) for m in bundled.extract("Experience in the analysis and modeling of data.").mentions]
    assert found == [("analysis", "data-analysis")]
    # a hyphenated word is one word of the gap; three separate words still close it
    assert [(m.text, m.skill_id) for m in bundled.extract("Deploy large-scale models to production.").mentions] == [
        ("Deploy large-scale models", "model-deployment")
    ]
    assert not bundled.extract("Deploy large scale new shiny models").mentions


def test_paraphrase_first_word_of_a_comma_list_shares_the_object(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("Compile, analyze, and visualize data; clean, merge and transform data").mentions]
    assert ("analyze", "data-analysis") in found and ("visualize data", "data-visualisation") in found
    assert ("clean", "data-cleaning") in found
    # no comma list, no single-word mention: the ordinary gap covers it
    assert [m.text for m in bundled.extract("analyze and present data").mentions] == ["analyze and present data"]


def test_section_rules_reject_an_unknown_list_intro_kind(tmp_path):
    from analyser.sections import SectionRules, SectionRulesError

    path = tmp_path / "sections.toml"
    path.write_text('[kinds]\nrequired = ["requirements"]\n[list_intros]\nboilerplate = ["about us"]\n', encoding="utf-8")
    with pytest.raises(SectionRulesError, match="sections.toml.*list_intros"):
        SectionRules.load(path)
    path.write_text('[kinds]\nrequired = ["requirements"]\n[list_intros]\npreferred = ["a plus"]\n', encoding="utf-8")
    assert SectionRules.load(path).list_intro_kind("Knowing these would be a plus:") == "preferred"


def test_glued_parenthesis_splits_before_a_capital(bundled):
    # scraped text: "technologies(Spark, Hive" hid Spark; "language(s)" stays one token
    found = [(m.text, m.skill_id) for m in bundled.extract("Comfort using Hadoop related technologies(Spark, Hive, Presto, etc.) is preferred").mentions]
    assert ("Spark", "spark") in found
    found = [(m.text, m.skill_id) for m in bundled.extract("work effectively with Matlab, Excel(VBA), SQL").mentions]
    assert ("Excel", "excel") in found and ("VBA", "vba") in found
    assert [t.text for t in bundled.nlp.make_doc("language(s)")][0] != "language"


def test_bare_transformers_need_a_neural_network_context(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("Neural Network models (CNN, RNN, auto-encoders, transformers);").mentions]
    assert ("transformers", "transformers") in found
    # scikit-learn's transformers and electrical transformers are not the skill
    assert not bundled.extract("you have rolled your own transformers and estimators").mentions
    assert not bundled.extract("maintenance of electrical transformers and motors").mentions


def test_crossing_aliases_of_different_skills_are_both_kept(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("work with engineers to put predictive models into production").mentions]
    assert ("predictive models", "predictive-modelling") in found and ("models into production", "model-deployment") in found
    found = [(m.text, m.skill_id) for m in bundled.extract("Experience with AWS cloud services: EC2, EMR, RDS").mentions]
    assert ("cloud services", "cloud-computing") in found
    # a span inside a longer one is still dropped: "logistic regression" only
    assert [m.skill_id for m in bundled.extract("Experience building logistic regression").mentions] == ["logistic-regression"]


def test_data_models_need_a_database_context(bundled):
    found = [(m.text, m.skill_id) for m in bundled.extract("Familiarity with data warehouse concepts and data models").mentions]
    assert ("data models", "data-modelling") in found
    # the machine-learning sense is not data modelling
    assert "data-modelling" not in {m.skill_id for m in bundled.extract("Develop custom data models and algorithms to apply to data sets").mentions}


def test_bare_wrangling_and_munging(bundled):
    assert [m.skill_id for m in bundled.extract("data cleaning, munging, analysis").mentions] == ["data-cleaning", "data-wrangling"]
    assert not bundled.extract("for families who need help wrangling their finances").mentions


def test_deployment_paraphrases_with_a_modifier_after_the_gap(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("developing and implementing multivariate predictive models using GLM").mentions}
    assert ("implementing multivariate predictive models", "model-deployment") in found
    found = {(m.text, m.skill_id) for m in bundled.extract("Statistical programming, model development and implementation.").mentions}
    assert ("model development and implementation", "model-deployment") in found
    assert not bundled.extract("supporting data models to encourage the implementation of the targeted architecture").mentions


def test_paraphrase_kept_beside_a_crossing_mention(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("produce data models to predict risk and load them into the data warehouse").mentions}
    assert ("data models", "data-modelling") in found and ("models to predict", "predictive-modelling") in found


def test_etl_pipelines_are_etl_and_data_pipelines(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Experience building ETL pipelines in a cloud-native environment").mentions}
    assert ("ETL", "etl") in found and ("ETL pipelines", "data-pipelines") in found


def test_exploring_data_and_two_word_paraphrases_over_a_coordination(bundled):
    assert ("explore data", "eda") in {(m.text, m.skill_id) for m in bundled.extract("Ability to mine and explore data to derive insights").mentions}
    # the first verb of "X and Y data" shares the object of a two-word pattern too
    assert ("Exploring", "eda") in {(m.text, m.skill_id) for m in bundled.extract("Exploring and visualizing data to gain an understanding").mentions}
    assert "eda" not in {m.skill_id for m in bundled.extract("explore new approaches to data analytics").mentions}


def test_mathematical_programming_languages_are_not_linear_programming(bundled):
    ids = [m.skill_id for m in bundled.extract("SQL / Python / R or other mathematical programming languages experience").mentions]
    assert "programming-languages" in ids and "linear-programming" not in ids


def test_edge_slashes_bullets_and_andor_split(bundled):
    # scraped text: a slash at a word's edge, a bullet glued to a word, "and/or" without its slash
    found = [(m.text, m.skill_id) for m in bundled.extract("Expertise in programming languages, especially R/ Python and SQL.").mentions]
    assert ("R", "r") in found
    assert ("Spark", "spark") in [(m.text, m.skill_id) for m in bundled.extract("Experiences on Hadoop /Spark and Azure").mentions]
    assert ("Programming experience", "programming-languages") in [(m.text, m.skill_id) for m in bundled.extract("•Programming experience (preferred Python, R, C++)").mentions]
    found = [(m.text, m.skill_id) for m in bundled.extract("Gathers, cleans, transforms, andor reduces data from dissimilar sources").mentions]
    assert ("cleans", "data-cleaning") in found and ("transforms", "data-wrangling") in found
    # a slash inside a word is still an infix
    assert [t.text for t in bundled.nlp.make_doc("CI/CD")] == ["CI", "/", "CD"]


def test_modifier_shared_over_a_list_whose_first_member_is_no_mention(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("data engineering, feature engineering, model building and evaluation, model deployment").mentions}
    assert ("evaluation", "model-evaluation") in found
    found = {(m.text, m.skill_id) for m in bundled.extract("Strong skills in data extraction, exploration, transformation and visualization").mentions}
    assert {("exploration", "eda"), ("transformation", "data-wrangling")} <= found
    # a word after the last member: a longer phrase, no elision
    assert [m.skill_id for m in bundled.extract("data science and analytics teams").mentions] == ["data-science"]
    # a second spelling of the first member's skill is no new mention
    ids = [m.skill_id for m in bundled.extract("a BA Degree in Computer Science, Engineering, Math, Sciences, or equivalent").mentions]
    assert ids.count("computer-science") == 1


def test_bare_streaming_and_integrated_data_sources(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Experience with scalable ML (MapReduce, streaming).").mentions}
    assert ("streaming", "stream-processing") in found
    assert not bundled.extract("a leading video streaming service").mentions
    assert ("integrating data sources", "etl") in {(m.text, m.skill_id) for m in bundled.extract("including integrating data sources across the enterprise").mentions}


def test_serial_list_before_a_two_word_mention_shares_its_head(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Facility with relational, columnar, and NoSQL databases.").mentions}
    assert ("relational", "relational-databases") in found and ("NoSQL databases", "nosql") in found


def test_distributed_data_as_written(bundled):
    assert ("distributed data", "distributed-computing") in {(m.text, m.skill_id) for m in bundled.extract("Experience with distributed data/computing tools: Map/Reduce").mentions}
    assert not bundled.extract("Distributing data to all linked sites").mentions


def test_monte_carlo_needs_a_statistics_context(bundled):
    assert ("Monte Carlo", "monte-carlo") in {(m.text, m.skill_id) for m in bundled.extract("Statistical Techniques (Baysian, Monte Carlo, etc.)").mentions}
    assert not bundled.extract("offices in Monte Carlo and Paris").mentions


def test_mixed_modeling_is_not_marketing_mix_modeling(bundled):
    assert [m.skill_id for m in bundled.extract("Generalized Linear Models, Mixed Modeling").mentions] == ["glm", "mixed-effects-models"]
    assert not bundled.extract("marketing mix modeling, scenario modeling").mentions


def test_commas_between_modifiers_of_data_stay_in_a_paraphrase_gap(bundled):
    found = {(m.text, m.skill_id) for m in bundled.extract("Apply statistical and machine learning methods to analyze large, complex data sets").mentions}
    assert ("analyze large, complex data", "data-analysis") in found
    # elsewhere a comma still ends the gap
    found = {(m.text, m.skill_id) for m in bundled.extract("develop prototype software, determine software settings").mentions}
    assert ("develop prototype software", "software-engineering") in found and len(found) == 1


def test_r_before_ampersand_is_the_language_unless_r_and_d(bundled):
    assert ("R", "r") in {(m.text, m.skill_id) for m in bundled.extract("experience in programming language such as R & Python a plus.").mentions}
    assert "r" not in {m.skill_id for m in bundled.extract("Our R & D team works on data analysis").mentions}


def test_no_alias_over_a_line_break_after_a_list_item(bundled):
    # "Apache Spark" ends its line: the next line "SQL" is a new item, not "Spark SQL"
    found = [(m.text, m.skill_id) for m in bundled.extract("Hadoop ecosystem\nApache Spark\nSQL\nExcellent understanding").mentions]
    assert ("Apache Spark", "spark") in found and ("SQL", "sql") in found and "spark-sql" not in {s for _, s in found}
    # hard-wrapped prose still joins a phrase over the break
    assert ("data\nanalytics", "data-analysis") in [(m.text, m.skill_id) for m in bundled.extract("experience in data\nanalytics and more").mentions]


def test_elided_head_after_a_mention_in_the_last_conjunct(bundled):
    # "statistical [techniques] and data mining techniques": the head follows the mention
    found = {(m.text, m.skill_id) for m in bundled.extract("Apply statistical and data mining techniques to conduct audits").mentions}
    assert ("statistical", "statistics") in found and ("data mining", "data-mining") in found


def test_shared_modifier_before_a_generic_trailer(bundled):
    # "statistical analysis and modeling skills": "skills" does not make a longer phrase
    found = {(m.text, m.skill_id) for m in bundled.extract("Strong statistical analysis and modeling skills preferably using R").mentions}
    assert ("modeling", "statistical-modelling") in found
    assert [m.skill_id for m in bundled.extract("data science and analytics teams").mentions] == ["data-science"]


def test_database_feature_and_hypothesis_paraphrases(bundled):
    assert "database-systems" in {m.skill_id for m in bundled.extract("Develop, implement, and maintain databases using Oracle").mentions}
    assert "feature-engineering" in {m.skill_id for m in bundled.extract("Engineer and extract features from raw data").mentions}
    assert "hypothesis-testing" in {m.skill_id for m in bundled.extract("generate and test working hypotheses").mentions}


def test_verb_coordination_before_a_long_object(bundled):
    # "optimizing and implementing machine learning models": optimizing shares the object
    found = {(m.text, m.skill_id) for m in bundled.extract("by developing, optimizing and implementing machine learning models").mentions}
    assert ("optimizing", "hyperparameter-tuning") in found and ("implementing machine learning models", "model-deployment") in found


def test_lower_case_tools_in_a_list(bundled):
    ids = {m.skill_id for m in bundled.extract("Knowledge of some datavis technologies (ggplot2, shiny, plotly, d3, Tableau or Spotfire)").mentions}
    assert {"shiny", "d3js", "data-visualisation"} <= ids
    assert "snowflake" not in {m.skill_id for m in bundled.extract("a star or snowflake schema in the data warehouse").mentions}
