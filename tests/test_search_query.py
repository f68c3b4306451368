"""The query parser: what readers type becomes words, phrases, exclusions and alternatives."""

from iomkb.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    Term,
    parse_query,
    to_fts5,
    to_tsquery,
    word_forms,
)


def words_of(group):
    return [term.words for term in group]


def test_plain_words_all_must_match_and_are_lowercased():
    query = parse_query("Human TRAFFICKING")
    assert [words_of(group) for group in query.groups] == [[("human",)], [("trafficking",)]]


def test_stopwords_are_dropped_so_both_backends_ignore_them():
    assert parse_query("the role of the IOM").words == ["role", "iom"]


def test_a_query_of_only_stopwords_or_punctuation_has_nothing_to_search():
    for text in ["the of and", "*** ::: ---", "🙂🙂", "", "   ", '""']:
        assert not parse_query(text), text


def test_quoted_phrase_keeps_its_words_in_order_even_stopwords():
    query = parse_query('"role of the IOM" Haiyan')
    assert query.groups[0] == (Term(("role", "of", "the", "iom")),)
    assert query.groups[1] == (Term(("haiyan",)),)


def test_unbalanced_quote_runs_to_the_end():
    assert parse_query('"legal aid').groups == ((Term(("legal", "aid")),),)


def test_minus_excludes_a_word():
    query = parse_query("trafficking -smuggling")
    assert query.excluded == (Term(("smuggling",)),)
    assert query.words == ["trafficking"]


def test_a_query_of_only_exclusions_has_nothing_to_search():
    assert not parse_query("-smuggling")


def test_or_joins_neighbouring_terms_into_alternatives():
    query = parse_query("Haiyan OR Libya detention")
    assert [words_of(group) for group in query.groups] == [
        [("haiyan",), ("libya",)],
        [("detention",)],
    ]


def test_or_at_the_start_or_end_is_ignored():
    assert [words_of(g) for g in parse_query("or Haiyan or").groups] == [[("haiyan",)]]


def test_fts_operators_and_syntax_are_just_words_or_punctuation():
    query = parse_query('NEAR(migration law) title:IOM AND "x" *')
    assert query.words == ["near", "migration", "law", "title", "iom", "x"]


def test_punctuation_inside_a_word_makes_a_phrase():
    assert parse_query("non-binding").groups == ((Term(("non", "binding")),),)


def test_unicode_letters_are_words_and_emoji_are_not():
    assert parse_query("Migración 移民 🙂").words == ["migración", "移民"]


def test_decomposed_accents_are_joined_into_one_letter():
    assert parse_query("Migrac\u0327a\u0303o").words == ["migração"]


def test_long_input_is_cut_with_a_notice():
    query = parse_query("migration " * 1000)
    assert len(query.words) == MAX_TERMS
    assert any(str(MAX_QUERY_CHARS) in notice for notice in query.notices)


def test_any_of_puts_every_term_in_one_group():
    query = parse_query("Haiyan smuggling -Libya").any_of()
    assert [words_of(group) for group in query.groups] == [[("haiyan",), ("smuggling",)]]
    assert query.excluded == (Term(("libya",)),)


def test_tsquery_rendering_with_word_forms_phrases_and_exclusions():
    query = parse_query('Haiyan or detain "legal aid" -smuggling')
    assert to_tsquery(query) == ("(haiyan | (detain | detent:*)) & ((legal <-> aid)) & !smuggling")
    # The candidates a phrase is checked on: its words anywhere, no exclusions.
    assert to_tsquery(query, phrases_as_words=True) == (
        "(haiyan | (detain | detent:*)) & ((legal & aid))"
    )


def test_fts5_rendering_quotes_every_term():
    query = parse_query('Haiyan or Libya "legal aid" -smuggling NEAR detention')
    assert to_fts5(query) == (
        '(("haiyan" OR "libya") AND ("legal aid") AND ("near")'
        ' AND (("detention" OR "detain"*))) NOT ("smuggling")'
    )


def test_fts5_phrases_as_words_for_the_window():
    query = parse_query('"legal aid" migrants -smuggling')
    assert to_fts5(query, phrases_as_words=True) == '(("legal" AND "aid")) AND ("migrants")'


def test_word_forms_reach_the_other_latin_form_both_ways():
    assert word_forms("detain") == ("detain", "detent")
    assert word_forms("detention") == ("detention", "detain")
    assert word_forms("intervene") == ("intervene", "intervent")
    assert word_forms("interventions") == ("interventions", "intervene")
    assert word_forms("admit") == ("admit", "admiss")
    assert word_forms("migration") == ("migration",)
    assert word_forms("vent") == ("vent",)  # "vene" would be too short a prefix
