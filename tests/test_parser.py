"""Unit tests for iomkb.sourcetext (pure Python, no Django)."""

import dataclasses
from pathlib import Path

import pytest

from iomkb.sourcetext import Block, Document, ParseError, Section, parse, slugify

SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "source"
    / "iom-global-migration-governance.txt"
)
HEADING_LINES = [5, 9, 13, 18, 23, 27, 31, 39, 44, 49, 53, 58, 63, 68, 73, 78]


@pytest.fixture(scope="module")
def source_bytes() -> bytes:
    return SOURCE.read_bytes()


@pytest.fixture(scope="module")
def doc(source_bytes) -> Document:
    return parse(source_bytes)


def text(*lines: str) -> str:
    return "\n".join(lines)


# --- the real source -------------------------------------------------------------------


def test_source_title_is_line_1(doc):
    assert doc.title_line == 1
    assert doc.title == (
        "Understanding the Role of the International Organization for Migration "
        "in Global Migration Governance"
    )


def test_source_disclaimer_is_line_2(doc):
    assert doc.disclaimer_line == 2
    assert doc.disclaimer_end_line == 2
    assert doc.disclaimer == (
        "This content was assembled by AI. Cross-verify all data points with official authorities."
    )


def test_source_intro_is_lines_3_and_4_as_two_paragraphs(doc):
    assert [(b.kind, b.start_line, b.end_line) for b in doc.intro] == [
        ("paragraph", 3, 3),
        ("paragraph", 4, 4),
    ]
    assert doc.intro[0].text.startswith("The International Organization for Migration (IOM)")


def test_source_has_16_level_1_sections_at_expected_lines(doc):
    assert len(doc.sections) == 16
    assert [s.heading_line for s in doc.sections] == HEADING_LINES
    assert all(s.start_line == s.heading_line for s in doc.sections)
    assert all(s.level == 1 for s in doc.sections)


def test_source_sections_end_before_the_next_heading(doc):
    ends = [s.end_line for s in doc.sections]
    assert ends == [line - 1 for line in HEADING_LINES[1:]] + [82]


def test_source_challenges_section_has_three_paragraphs_and_a_four_item_list(doc):
    section = doc.sections[6]
    assert section.heading.startswith("Challenges Faced by")
    assert (section.start_line, section.end_line) == (31, 38)
    assert [(b.kind, b.start_line, b.end_line) for b in section.blocks] == [
        ("paragraph", 32, 32),
        ("paragraph", 33, 33),
        ("paragraph", 34, 34),
        ("list", 35, 38),
    ]
    items = section.blocks[3].items
    assert len(items) == 4
    assert items[0] == "Insufficient resources to meet growing migrant needs"
    assert section.blocks[2].text == "Some key challenges include:"


def test_section_markdown_joins_blocks_with_a_blank_line_and_renders_lists(doc):
    markdown = doc.sections[6].markdown
    assert not markdown.startswith("Challenges")
    assert "Some key challenges include:\n\n- Insufficient resources" in markdown
    assert markdown.endswith(
        "- Managing politically sensitive migration issues that may face "
        "domestic or international opposition"
    )
    assert markdown.count("\n\n") == 3


def test_block_text_is_the_verbatim_source_line(doc):
    block = doc.sections[0].blocks[0]
    assert block.text == doc.lines[5]
    assert block.markdown == block.text
    assert block.items == ()


def test_source_slug_drops_the_apostrophe_and_is_cut_at_a_word_boundary(doc):
    section = doc.sections[8]
    assert section.heading == (
        "The International Organization for Migration’s Role in Shaping Global Migration Policies"
    )
    assert section.slug == (
        "the-international-organization-for-migrations-role-in-shaping-global-migration"
    )
    assert "-s-" not in section.slug
    assert len(section.slug) <= 80


def test_source_slugs_are_unique_and_well_formed(doc):
    slugs = [s.slug for s in doc.sections]
    assert len(set(slugs)) == len(slugs)
    assert all(slug == slugify(s.heading) for slug, s in zip(slugs, doc.sections, strict=True))
    assert all("-s-" not in slug for slug in slugs)


def test_every_nonblank_source_line_belongs_to_exactly_one_part(doc):
    owners: dict[int, list[str]] = {}

    def claim(start: int, end: int, owner: str) -> None:
        for line in range(start, end + 1):
            owners.setdefault(line, []).append(owner)

    claim(doc.title_line, doc.title_line, "title")
    claim(doc.disclaimer_line, doc.disclaimer_end_line, "disclaimer")
    for block in doc.intro:
        claim(block.start_line, block.end_line, "intro")
    for section in doc.sections:
        claim(section.heading_line, section.heading_line, section.slug)
        for block in section.blocks:
            claim(block.start_line, block.end_line, section.slug)

    nonblank = {n for n, line in enumerate(doc.lines, start=1) if line.strip()}
    assert len(nonblank) == 82
    assert set(owners) == nonblank
    assert {n: o for n, o in owners.items() if len(o) != 1} == {}


def test_lines_are_the_source_lines_and_line_text_joins_a_range(doc, source_bytes):
    assert list(doc.lines) == source_bytes.decode("utf-8").split("\n")
    assert len(doc.lines) == 82
    assert doc.line_text(35, 36) == doc.lines[34] + "\n" + doc.lines[35]
    assert doc.line_text(1, 1) == doc.title


@pytest.mark.parametrize("start, end", [(0, 1), (2, 1), (82, 83)])
def test_line_text_rejects_ranges_outside_the_document(doc, start, end):
    with pytest.raises(ValueError, match="outside"):
        doc.line_text(start, end)


def test_str_input_parses_like_bytes(doc, source_bytes):
    assert parse(source_bytes.decode("utf-8")) == doc


def test_document_tree_is_immutable(doc):
    assert isinstance(doc.sections[0], Section)
    assert isinstance(doc.intro[0], Block)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "changed"  # type: ignore[misc]


# --- paragraph modes -------------------------------------------------------------------


def test_blank_separated_hard_wrapped_lines_join_into_one_paragraph():
    doc = parse(
        text(
            "Title",
            "",
            "An intro that is",
            "wrapped over two lines.",
            "",
            "First Heading",
            "",
            "A paragraph that was",
            "  hard-wrapped by an editor   ",
            "and ends here.",
            "",
            "Second paragraph.",
        )
    )
    assert [b.text for b in doc.intro] == ["An intro that is wrapped over two lines."]
    section = doc.sections[0]
    assert section.heading == "First Heading"
    assert [(b.text, b.start_line, b.end_line) for b in section.blocks] == [
        ("A paragraph that was hard-wrapped by an editor and ends here.", 8, 10),
        ("Second paragraph.", 12, 12),
    ]
    assert section.markdown == (
        "A paragraph that was hard-wrapped by an editor and ends here.\n\nSecond paragraph."
    )


def test_short_unpunctuated_wrapped_line_is_not_a_heading():
    doc = parse(
        text(
            "Title",
            "",
            "Heading One",
            "",
            "This paragraph wraps so that its",
            "middle line is short",
            "and only the last line ends with a period.",
            "",
            "Heading Two",
            "",
            "Body text",
            "continues here.",
        )
    )
    assert [s.heading for s in doc.sections] == ["Heading One", "Heading Two"]
    assert doc.sections[0].blocks[0].text == (
        "This paragraph wraps so that its middle line is short "
        "and only the last line ends with a period."
    )
    assert doc.sections[1].end_line == 12


def test_heading_glued_to_a_paragraph_is_prose_in_blank_separated_text():
    doc = parse(text("Title", "", "Real Heading", "", "Not A Heading", "text follows.", "", "x."))
    assert [s.heading for s in doc.sections] == ["Real Heading"]
    assert doc.sections[0].blocks[0].text == "Not A Heading text follows."


def test_without_blank_lines_each_line_is_a_paragraph():
    doc = parse(text("Title", "Heading", "One line.", "Another line.", "Next Heading", "More."))
    assert [len(s.blocks) for s in doc.sections] == [2, 1]
    assert [b.text for b in doc.sections[0].blocks] == ["One line.", "Another line."]


def test_blank_lines_around_title_and_disclaimer_keep_line_per_paragraph_mode():
    doc = parse(
        text(
            "Title",
            "",
            "Disclaimer: generated text.",
            "",
            "Heading",
            "First paragraph.",
            "Second paragraph.",
        )
    )
    assert doc.disclaimer_line == 3
    assert doc.sections[0].heading_line == 5
    assert [b.start_line for b in doc.sections[0].blocks] == [6, 7]


def test_section_without_body_ends_at_its_heading():
    doc = parse(text("Title", "Empty Heading", "Full Heading", "Body."))
    assert (doc.sections[0].start_line, doc.sections[0].end_line) == (2, 2)
    assert doc.sections[0].blocks == ()
    assert doc.sections[0].markdown == ""


def test_leading_blank_lines_and_trailing_newline_are_tolerated():
    doc = parse("\n\n  Title  \nHeading\nBody.\n")
    assert (doc.title, doc.title_line) == ("Title", 3)
    assert len(doc.lines) == 5
    assert doc.sections[0].end_line == 5


def test_trailing_whitespace_does_not_hide_punctuation():
    doc = parse(text("Title", "Heading   ", "Ends with a colon:   ", "Body.\t"))
    assert [s.heading for s in doc.sections] == ["Heading"]
    assert [b.text for b in doc.sections[0].blocks] == ["Ends with a colon:", "Body."]


# --- disclaimers -----------------------------------------------------------------------


def test_without_disclaimer_the_second_line_is_intro():
    doc = parse(text("Title", "The IOM was founded in 1951.", "Heading", "Body."))
    assert doc.disclaimer is None
    assert doc.disclaimer_line is None
    assert [(b.text, b.start_line) for b in doc.intro] == [("The IOM was founded in 1951.", 2)]


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Disclaimer: this summary was machine-generated; check it against primary sources.",
        "This article was generated with AI and may contain errors.",
        "This page is for information only and is not legal advice.",
        "For informational purposes only.",
        "We make no guarantee of the accuracy of this content.",
        "Automatically assembled text - please verify before relying on it",
    ],
)
def test_differently_worded_disclaimers_are_recognised(disclaimer):
    doc = parse(text("Title", disclaimer, "Intro paragraph.", "Heading", "Body."))
    assert doc.disclaimer == disclaimer
    assert doc.disclaimer_line == 2
    assert [b.start_line for b in doc.intro] == [3]


@pytest.mark.parametrize(
    "line",
    [
        "The IOM assists migrants and governments worldwide.",
        "Migration is a defining feature of our time; states must check their borders.",
        "Generated revenue from remittances reached a record high in 2023.",
    ],
)
def test_ordinary_prose_is_not_a_disclaimer(line):
    doc = parse(text("Title", line, "Heading", "Body."))
    assert doc.disclaimer is None
    assert doc.intro[0].text == line


def test_disclaimer_without_final_punctuation_is_not_taken_for_a_heading():
    doc = parse(text("Title", "AI-generated content, verify before use", "Heading", "Body."))
    assert doc.disclaimer == "AI-generated content, verify before use"
    assert [s.heading for s in doc.sections] == ["Heading"]


def test_hard_wrapped_disclaimer_spans_its_lines():
    doc = parse(
        text(
            "Title",
            "",
            "Disclaimer: this summary was machine-generated;",
            "check it against primary sources.",
            "",
            "Heading",
            "",
            "Body.",
        )
    )
    assert doc.disclaimer == (
        "Disclaimer: this summary was machine-generated; check it against primary sources."
    )
    assert (doc.disclaimer_line, doc.disclaimer_end_line) == (3, 4)
    assert doc.intro == ()


# --- headings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Some key challenges include:",
        "It ends with a period.",
        "Is this a question?",
        "What an exclamation!",
        "A list follows;",
        "He said “stop.”",
        "(See the annex.)",
        "x" * 151,
        "- a list item",
        "* another list item",
        "----",
    ],
)
def test_punctuated_long_or_list_lines_are_not_headings(line):
    doc = parse(text("Title", "Heading", line, "Body."))
    assert [s.heading for s in doc.sections] == ["Heading"]


def test_heading_may_be_150_characters_long():
    heading = "Word " * 29 + "Last1"
    assert len(heading) == 150
    doc = parse(text("Title", heading, "Body."))
    assert doc.sections[0].heading == heading


def test_markdown_headings_set_levels_and_strip_markers():
    doc = parse(
        text(
            "# The Title",
            "",
            "Intro paragraph.",
            "",
            "## Background ##",
            "",
            "Short line without punctuation",
            "",
            "### Details",
            "Text right under the heading.",
            "",
            "## C# and F#",
            "",
            "Body.",
        )
    )
    assert doc.title == "The Title"
    assert [(s.heading, s.level, s.heading_line) for s in doc.sections] == [
        ("Background", 2, 5),
        ("Details", 3, 9),
        ("C# and F#", 2, 12),
    ]
    # With '#' headings in use, a short plain line is a paragraph.
    assert doc.sections[0].blocks[0].text == "Short line without punctuation"
    assert doc.sections[1].blocks[0].start_line == 10


def test_markdown_level_1_headings_and_hashtags():
    doc = parse(text("# Title", "# First", "#hashtag is prose", "# Second", "Body."))
    assert [(s.heading, s.level) for s in doc.sections] == [("First", 1), ("Second", 1)]
    assert doc.sections[0].blocks[0].text == "#hashtag is prose"


def test_markdown_title_marker_alone_does_not_switch_to_markdown_headings():
    doc = parse(text("# Title", "Plain Heading", "Body."))
    assert doc.title == "Title"
    assert [s.heading for s in doc.sections] == ["Plain Heading"]


def test_repeated_headings_get_numbered_slugs():
    doc = parse(text("Title", "Overview", "a.", "Overview", "b.", "Overview", "c.", "Overview 2"))
    assert [s.slug for s in doc.sections] == [
        "overview",
        "overview-2",
        "overview-3",
        "overview-2-2",
    ]


# --- lists -----------------------------------------------------------------------------


def test_consecutive_list_lines_form_one_list_block():
    doc = parse(text("Title", "Heading", "Intro:", "- one", "* two", "+ three", "After."))
    kinds = [(b.kind, b.start_line, b.end_line) for b in doc.sections[0].blocks]
    assert kinds == [("paragraph", 3, 3), ("list", 4, 6), ("paragraph", 7, 7)]
    lst = doc.sections[0].blocks[1]
    assert lst.items == ("one", "two", "three")
    assert lst.text == lst.markdown == "- one\n- two\n- three"


def test_lists_in_blank_separated_text_keep_wrapped_and_spaced_items():
    doc = parse(
        text(
            "Title",
            "",
            "Heading",
            "",
            "Points:",
            "- first item that",
            "  wraps",
            "",
            "- second item",
            "",
            "Closing paragraph.",
        )
    )
    blocks = doc.sections[0].blocks
    assert [(b.kind, b.start_line, b.end_line) for b in blocks] == [
        ("paragraph", 5, 5),
        ("list", 6, 9),
        ("paragraph", 11, 11),
    ]
    assert blocks[1].items == ("first item that wraps", "second item")


# --- encodings and line endings ----------------------------------------------------------

SIMPLE = ["Title", "Disclaimer: AI-assembled, verify it.", "Heading", "Body one.", "Body two."]


def assert_simple(doc: Document) -> None:
    assert doc.title == "Title"
    assert doc.disclaimer_line == 2
    assert [(s.heading, s.heading_line, s.end_line) for s in doc.sections] == [("Heading", 3, 5)]
    assert list(doc.lines) == SIMPLE


def test_crlf_line_endings_are_accepted():
    assert_simple(parse("\r\n".join(SIMPLE).encode() + b"\r\n"))


def test_old_mac_cr_line_endings_are_accepted():
    assert_simple(parse("\r".join(SIMPLE).encode()))


def test_utf8_bom_is_stripped_from_bytes_and_str():
    assert_simple(parse(b"\xef\xbb\xbf" + "\n".join(SIMPLE).encode()))
    assert_simple(parse("\ufeff" + "\n".join(SIMPLE)))


def test_bytearray_input_is_accepted():
    assert_simple(parse(bytearray("\n".join(SIMPLE).encode())))


def test_non_text_argument_is_a_type_error():
    with pytest.raises(TypeError):
        parse(None)  # type: ignore[arg-type]


# --- bad input -------------------------------------------------------------------------


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "empty"),
        ("", "empty"),
        (" \n\t\r\n  ", "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (b"Title\x00\x01\x02binary", "NUL byte at position 5"),
        ("Title\x00", "NUL character"),
        (b"Title\nHeading\nCaf\xe9.", "invalid byte 0xe9 at position 17 (line 3)"),
        ("Title\n\udcff", "not UTF-8"),
        ("Title".encode("utf-16"), "UTF-16"),
        ("Just a title\n\n", "only a title"),
        ("Title\nOne sentence.\nAnother sentence.", "no section headings"),
        ("Title\nDisclaimer: AI-generated, verify.", "no section headings"),
        ("# Title\n\nA paragraph.\n\nAnother paragraph.", "no section headings"),
    ],
)
def test_bad_input_raises_parse_error_naming_the_problem(data, problem):
    with pytest.raises(ParseError) as excinfo:
        parse(data)
    message = str(excinfo.value)
    assert problem in message
    assert "\n" not in message


# --- slugify ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, slug",
    [
        ("Organization for Migration’s Role", "organization-for-migrations-role"),
        ("Migration's Role", "migrations-role"),
        ("Migrationʼs Role", "migrations-role"),
        ("Café Réfugiés à Genève", "cafe-refugies-a-geneve"),
        ("Straße & Æsir Øresund", "strasse-aesir-oresund"),
        ("  Q&A: Who -- what? (2024 / 25)  ", "q-a-who-what-2024-25"),
        ("UN-IOM Agreement, 2016", "un-iom-agreement-2016"),
    ],
)
def test_slugify_examples(heading, slug):
    assert slugify(heading) == slug


def test_slugify_cuts_long_text_at_a_word_boundary():
    slug = slugify("word " * 30)
    assert len(slug) <= 80
    assert slug == "-".join(["word"] * 16)


def test_slugify_cuts_a_single_overlong_word():
    assert slugify("a" * 100) == "a" * 80


def test_slugify_is_never_empty_for_text_with_letters():
    slug = slugify("Μετανάστευση 移民")
    assert slug
    assert slug.isascii()
    assert slug == slugify("Μετανάστευση 移民")


def test_slugify_of_punctuation_only_is_empty():
    assert slugify("!!! — ???") == ""


def test_repeated_headings_skip_suffixes_other_headings_took():
    doc = parse(text("Title", "Overview", "a.", "Overview 3", "b.", "Overview", "c.", "Overview"))
    assert [s.slug for s in doc.sections] == ["overview", "overview-3", "overview-2", "overview-4"]


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"Title\nHeading\x1b[0m\nBody.", "control character 0x1b on line 2"),
        ("Title\nHeading\nBody\x01\x02.", "control character 0x01 on line 3"),
        (b"\x7fELF\x02\x01\x01\nHeading\nBody.", "control character 0x7f on line 1"),
    ],
)
def test_control_characters_are_refused_as_binary(data, problem):
    with pytest.raises(ParseError, match=problem):
        parse(data)


def test_tabs_and_form_feeds_are_text():
    doc = parse(text("Title", "Heading", "Body\twith a tab.", "Next\fpage."))
    assert [b.text for b in doc.sections[0].blocks] == ["Body\twith a tab.", "Next\fpage."]
