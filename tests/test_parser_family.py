"""The parser on the other shapes texts of this family come in (written here for the tests):
a disclaimer before the title, headings glued to their paragraph, question headings,
numbered headings, bold Markdown headings and `•` bullets, and what must stay prose."""

import random

import pytest

from iomkb.sourcetext import ParseError, parse


def text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def headings(doc):
    return [section.heading for section in doc.sections]


def first_texts(doc):
    return {section.heading: [block.text for block in section.blocks] for section in doc.sections}


# --- a disclaimer before the title --------------------------------------------------------


def test_disclaimer_on_the_first_line_is_not_taken_for_the_title():
    doc = parse(
        text(
            "Generated with AI assistance: verify every figure with official sources.",
            "The Red Cross Movement and Disaster Relief",
            "The Movement brings together three components.",
            "Origins",
            "It was founded in Geneva in 1863.",
        )
    )
    assert doc.title == "The Red Cross Movement and Disaster Relief"
    assert doc.title_line == 2
    assert doc.disclaimer.startswith("Generated with AI assistance")
    assert (doc.disclaimer_line, doc.disclaimer_end_line) == (1, 1)
    assert [block.text for block in doc.intro] == ["The Movement brings together three components."]
    assert headings(doc) == ["Origins"]


def test_hard_wrapped_disclaimer_before_the_title_spans_its_lines():
    doc = parse(
        text(
            "",
            "> *This summary was assembled by an automated tool and may contain",
            "errors; check it against the organisation's own publications.*",
            "",
            "# Labour Mobility in the Pacific",
            "",
            "An introduction.",
            "",
            "## Schemes",
            "",
            "Two schemes run today.",
        )
    )
    assert doc.title == "Labour Mobility in the Pacific"
    assert (doc.disclaimer_line, doc.disclaimer_end_line, doc.title_line) == (2, 3, 5)
    assert doc.disclaimer == (
        "This summary was assembled by an automated tool and may contain errors; "
        "check it against the organisation's own publications."
    )
    assert headings(doc) == ["Schemes"]


def test_a_title_that_mentions_ai_is_still_the_title_when_no_title_follows():
    doc = parse(text("How AI Is Assembled Into Checklists", "Scope", "Body text."))
    assert doc.title == "How AI Is Assembled Into Checklists"
    assert headings(doc) == ["Scope"]


# --- headings glued to their paragraph ----------------------------------------------------


def test_heading_followed_directly_by_its_paragraph_in_blank_separated_text():
    doc = parse(
        text(
            "Refugee Resettlement Explained",
            "",
            "Resettlement moves refugees from a first country of asylum to a third country.",
            "",
            "Who Is Eligible",
            "Refugees with urgent protection needs are referred by the agency.",
            "",
            "Quotas and Pledges",
            "States set annual quotas. Pledges are reviewed each year.",
            "",
            "Key Steps",
            "- referral",
            "- interview",
        )
    )
    assert headings(doc) == ["Who Is Eligible", "Quotas and Pledges", "Key Steps"]
    assert first_texts(doc)["Who Is Eligible"] == [
        "Refugees with urgent protection needs are referred by the agency."
    ]
    assert doc.sections[2].blocks[0].kind == "list"
    assert doc.sections[0].heading_line == 5
    assert doc.sections[0].blocks[0].start_line == 6


def test_glued_heading_in_hard_wrapped_text_but_not_a_wrapped_first_line():
    doc = parse(
        text(
            "The Committee Against Torture",
            "",
            "The Committee monitors the Convention against Torture through reports that",
            "states submit every four years, and through individual complaints where a",
            "state has accepted that procedure.",
            "",
            "Country Reports",
            "Each state party reports on the measures it has taken to give effect to its",
            "undertakings. The Committee adopts concluding observations after a dialogue",
            "with the delegation.",
            "",
            "The Committee may also visit a state when reliable information suggests that",
            "Torture is being systematically practised in its territory by state agents.",
        )
    )
    assert headings(doc) == ["Country Reports"]
    assert doc.sections[0].blocks[1].text.startswith("The Committee may also visit")


def test_lead_in_with_a_colon_and_lower_case_continuations_stay_prose():
    doc = parse(
        text(
            "Title",
            "",
            "Main Heading",
            "",
            "The main functions are:",
            "- coordination",
            "",
            "Funding Comes",
            "from voluntary contributions of states.",
        )
    )
    assert headings(doc) == ["Main Heading"]
    blocks = doc.sections[0].blocks
    assert [block.kind for block in blocks] == ["paragraph", "list", "paragraph"]
    assert blocks[2].text == "Funding Comes from voluntary contributions of states."


# --- question headings --------------------------------------------------------------------


def test_question_headings_in_blank_separated_text():
    doc = parse(
        text(
            "The Global Compact on Refugees",
            "",
            "The compact was affirmed by the General Assembly in 2018.",
            "",
            "Is the Compact Legally Binding?",
            "",
            "No. It is a framework for more predictable responsibility-sharing.",
            "",
            "how is progress measured?",
            "",
            "Through indicators reviewed at the Global Refugee Forum.",
        )
    )
    assert headings(doc) == ["Is the Compact Legally Binding?", "how is progress measured?"]


def test_question_headings_without_blank_lines_need_title_case():
    doc = parse(
        text(
            "Statelessness in Brief",
            "What Is Statelessness?",
            "A stateless person is not considered a national by any state.",
            "But what does that mean in daily life?",
            "It can mean no access to school or work.",
            "Who Counts the Stateless?",
            "Agencies rely on national censuses.",
        )
    )
    assert headings(doc) == ["What Is Statelessness?", "Who Counts the Stateless?"]
    assert first_texts(doc)["What Is Statelessness?"] == [
        "A stateless person is not considered a national by any state.",
        "But what does that mean in daily life?",
        "It can mean no access to school or work.",
    ]


def test_long_questions_and_runs_of_sentences_are_prose():
    doc = parse(
        text(
            "Title",
            "",
            "Overview",
            "",
            "What challenges and opportunities lie ahead for this key organization in advancing "
            "humane and sustainable migration management over the coming decades?",
            "",
            "Why? Because It Matters?",
            "",
            "Closing text.",
        )
    )
    assert headings(doc) == ["Overview"]


# --- numbered headings --------------------------------------------------------------------


def test_numbered_headings_lose_their_number_and_numbered_lists_stay_lists():
    doc = parse(
        text(
            "The UNHCR Mandate",
            "Disclaimer: for information purposes only.",
            "1. Background",
            "UNHCR was established by the General Assembly in 1950.",
            "2) The 1951 Convention",
            "The Convention defines who is a refugee.",
            "3. What Are Durable Solutions?",
            "Its three durable solutions are:",
            "1. Voluntary repatriation",
            "2. Local integration",
            "3. Resettlement",
        )
    )
    assert headings(doc) == ["Background", "The 1951 Convention", "What Are Durable Solutions?"]
    assert first_texts(doc)["What Are Durable Solutions?"] == [
        "Its three durable solutions are:",
        "1. Voluntary repatriation",
        "2. Local integration",
        "3. Resettlement",
    ]


def test_numbered_headings_glued_to_wrapped_paragraphs():
    doc = parse(
        text(
            "Five Facts About the ILO",
            "",
            "1. A Tripartite Body",
            "Governments, employers and workers sit together in the",
            "governing body and the conference.",
            "",
            "2. Standards",
            "Conventions become binding when ratified.",
        )
    )
    assert headings(doc) == ["A Tripartite Body", "Standards"]
    assert first_texts(doc)["A Tripartite Body"] == [
        "Governments, employers and workers sit together in the governing body and the conference."
    ]


def test_a_number_that_does_not_run_through_the_document_is_kept():
    doc = parse(text("Title", "", "Intro.", "", "7 Days of Action", "", "Text.", "", "2. Later"))
    assert headings(doc) == ["7 Days of Action", "2. Later"]


def test_a_numbered_list_alone_gives_no_headings():
    with pytest.raises(ParseError, match="no section headings"):
        parse(text("Title", "Intro sentence.", "1. One thing", "2. Another thing"))


# --- bold headings and bullets ------------------------------------------------------------


def test_bold_headings_lose_their_asterisks_and_bullets_may_be_dots():
    doc = parse(
        text(
            "**Seasonal Worker Schemes in the Pacific**",
            "",
            "Seasonal schemes let employers hire workers from Pacific island states.",
            "",
            "**How Seasonal Schemes Work**",
            "Employers apply for approval and recruit through labour-sending units.",
            "",
            "__Worker Protections__",
            "",
            "• Minimum hours are guaranteed.",
            "• Pastoral care is provided.",
            "",
            "A sentence with **bold words** inside stays a paragraph.",
        )
    )
    assert doc.title == "Seasonal Worker Schemes in the Pacific"
    assert headings(doc) == ["How Seasonal Schemes Work", "Worker Protections"]
    protections = doc.sections[1].blocks
    assert protections[0].items == ("Minimum hours are guaranteed.", "Pastoral care is provided.")
    assert protections[1].text == "A sentence with **bold words** inside stays a paragraph."


def test_markdown_hash_headings_still_win_over_bold_lines():
    doc = parse(text("# Title", "", "## Real", "", "**Bold Line**", "", "Text."))
    assert headings(doc) == ["Real"]
    assert doc.sections[0].blocks[0].text == "**Bold Line**"


# --- invariants on random input -----------------------------------------------------------

_PIECES = [
    "",
    "",
    "Title Case Heading",
    "lower case line",
    "A sentence that ends.",
    "Is This a Question?",
    "why not?",
    "1. Numbered",
    "2) Numbered Again",
    "**Bold Heading**",
    "- a list item",
    "• a dot item",
    "  indented continuation",
    "# Hash Heading",
    "Disclaimer: assembled by AI; verify it.",
    "Ends with a colon:",
    "x" * 160,
    "**",
    "1.",
    "?",
]


def check_invariants(doc) -> None:
    owners: dict[int, int] = {}
    spans = [(doc.title_line, doc.title_line)]
    if doc.disclaimer_line:
        spans.append((doc.disclaimer_line, doc.disclaimer_end_line))
    spans += [(b.start_line, b.end_line) for b in doc.intro]
    for section in doc.sections:
        assert section.heading.strip() and section.slug
        spans.append((section.heading_line, section.heading_line))
        spans += [(b.start_line, b.end_line) for b in section.blocks]
    for start, end in spans:
        assert 1 <= start <= end <= len(doc.lines)
        for line in range(start, end + 1):
            owners[line] = owners.get(line, 0) + 1
    nonblank = {n for n, line in enumerate(doc.lines, start=1) if line.strip()}
    assert nonblank <= set(owners)  # a list in blank-separated text spans its blank lines
    assert set(owners.values()) == {1}


def test_random_texts_parse_or_fail_cleanly_and_every_line_has_one_owner():
    # scripts/fuzz_parser.py runs the same check on 100,000 texts.
    rng = random.Random(20261202)
    parsed = 0
    for _ in range(1500):
        lines = [rng.choice(_PIECES) for _ in range(rng.randint(1, 14))]
        try:
            doc = parse("\n".join(lines))
        except ParseError:
            continue
        check_invariants(doc)
        parsed += 1
    assert parsed > 500
