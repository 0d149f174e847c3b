"""Rules are data: user packs add and override rules, rules switch off by id, and a broken
rule file raises a RuleError that names the file and the rule."""
from __future__ import annotations

import time

import pytest

import cleaner
from cleaner import Cleaner, PatternTimeoutError, RuleError, load_rules
from cleaner.rules import default_rules

ARTICLE = ("The harbour authority said on Monday that the new ferry terminal would open in May, "
           "two months later than planned, because of delays in delivering the steel frame.\n")


def write(tmp_path, text, name="rules.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_pack_adds_a_rule(tmp_path):
    path = write(tmp_path, '''
[[rule]]
id = "house-promo"
kind = "pattern"
category = "promotion"
reason = "the site's own promotion"
phrases = ["Play today's crossword"]
patterns = ['try\\s+premium\\s+free\\s+for\\s+\\d+\\s+days']
''')
    pack = load_rules(path)
    assert pack.ids == ("house-promo",)
    cleaner_ = Cleaner(extra_rules=[path])
    result = cleaner_.explain("Play today's crossword!\n" + ARTICLE + "Try premium free for 30 days\n")
    assert result.text == ARTICLE
    assert [r.rule_id for r in result.removals] == ["house-promo", "house-promo"]
    assert result.removals[0].reason == "the site's own promotion"


def test_user_rule_with_an_existing_id_replaces_it(tmp_path):
    path = write(tmp_path, '''
[[rule]]
id = "advertisement"
kind = "pattern"
category = "advertisement"
reason = "only the word ANZEIGE"
phrases = ["Anzeige"]
''')
    cleaner_ = Cleaner(extra_rules=load_rules(path))
    assert cleaner_.clean("Anzeige\n" + ARTICLE) == ARTICLE
    assert cleaner_.clean("Advertisement\n" + ARTICLE) == "Advertisement\n" + ARTICLE


def test_disable_by_id_keeps_what_the_rule_would_remove():
    text = "Advertisement\n" + ARTICLE
    assert cleaner.clean(text) == ARTICLE
    assert Cleaner(disable=["advertisement"]).clean(text) == text
    assert "advertisement" not in Cleaner(disable="advertisement").rules.ids


def test_disable_unknown_id_is_an_error_naming_it():
    with pytest.raises(RuleError, match="'no-such-rule'"):
        Cleaner(disable=["no-such-rule"])


def test_rules_replace_the_default_pack(tmp_path):
    path = write(tmp_path, '''
[[rule]]
id = "only-this"
kind = "pattern"
category = "x"
reason = "x"
phrases = ["Advertisement"]
''')
    assert Cleaner(rules=path).rules.ids == ("only-this",)


def test_enabled_false_skips_a_rule(tmp_path):
    path = write(tmp_path, '''
[[rule]]
id = "off"
kind = "pattern"
category = "x"
reason = "x"
enabled = false
phrases = ["x"]
''')
    assert load_rules(path).ids == ()


@pytest.mark.parametrize("body, message", [
    ('[[rule]\nid = "x"', "invalid TOML"),
    ('[[rule]]\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = ["a"]', "has no 'id'"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\nreason = "r"\nphrases = ["a"]', "'x': missing required field 'category'"),
    ('[[rule]]\nid = "x"\nkind = "sorcery"\ncategory = "c"\nreason = "r"', "'x': field 'kind' must be one of"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\npattern = ["a"]', "unknown field"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\npatterns = ["(unclosed"]', "invalid pattern"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\npatterns = ["(a)\\\\1"]', "back-reference"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"', "at least one entry"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = "a"', "field 'phrases' must be a list"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = ["a"]\nmax_words = -1', "max_words"),
    ('[[rule]]\nid = "Bad Id"\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = ["a"]', "field 'id'"),
    ('[[rule]]\nid = "x"\nkind = "marker"\ncategory = "c"\nreason = "r"\nmarkers = ["a"]\nfollow = "all"', "follow"),
    ('[[rule]]\nid = "x"\nkind = "headline_list"\ncategory = "c"\nreason = "r"\nmax_overlap = 2', "max_overlap"),
    ('[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = ["a"]\n'
     '[[rule]]\nid = "x"\nkind = "pattern"\ncategory = "c"\nreason = "r"\nphrases = ["b"]', "defined twice"),
    ('[rules]\nid = "x"', "unknown table"),
])
def test_broken_rule_file_names_file_and_problem(tmp_path, body, message):
    path = write(tmp_path, body, "broken.toml")
    with pytest.raises(RuleError, match=message) as error:
        load_rules(path)
    assert "broken.toml" in str(error.value)


def test_missing_and_undecodable_rule_files(tmp_path):
    with pytest.raises(RuleError, match="not found"):
        load_rules(tmp_path / "nope.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"id = '\xff'")
    with pytest.raises(RuleError, match="latin.toml: not UTF-8"):
        load_rules(latin)
    with pytest.raises(RuleError, match="folder"):
        load_rules(tmp_path)


def test_catastrophic_user_pattern_times_out_instead_of_hanging(tmp_path):
    path = write(tmp_path, r'''
[[rule]]
id = "evil"
kind = "pattern"
category = "x"
reason = "x"
max_words = 100
patterns = ['(?:(?:a|a)+)+b']
''')
    cleaner_ = Cleaner(extra_rules=path, pattern_timeout=0.05)
    started = time.monotonic()
    with pytest.raises(PatternTimeoutError, match="'evil'.*line 2") as raised:
        cleaner_.clean("fine\n" + "a" * 60 + "!\n")
    assert time.monotonic() - started < 5
    # the CLI's worker processes send errors back pickled: the error must come back whole
    import pickle
    back = pickle.loads(pickle.dumps(raised.value))
    assert (str(back), back.rule_id, back.line_number) == (str(raised.value), "evil", 2)


def test_default_pack_loads_and_ids_are_unique():
    pack = default_rules()
    assert len(pack.ids) == len(set(pack.ids)) >= 10
    assert pack.name == "default"


def test_context_rules_never_empty_a_page(tmp_path):
    """A context rule judges lines against the rest of the page: it never takes the last of it."""
    path = write(tmp_path, '''
[[rule]]
id = "greedy-list"
kind = "headline_list"
category = "x"
reason = "x"
min_body_words = 0
max_overlap = 1.0
''')
    page = "Storm Closes Schools Across the Region\nFerry Services Suspended Until Friday\nPower Cut Hits Thousands of Homes\n"
    assert Cleaner(rules=path).clean(page) == page
    widgets_only = "Comments\nPost a Comment\n"
    assert cleaner.clean(widgets_only) == ""  # pattern rules may: nothing here is article text


def _matchers(rule):
    for name in ("matcher", "marker", "follow_matcher"):
        matcher = getattr(rule, name, None)
        if matcher is not None:
            yield matcher


def test_candidate_lines_never_hide_a_matching_line():
    # Rules only try the lines their matcher names through the document's word index (gate
    # words, phrases' first words, digits); that shortcut must agree with matching every line
    # one by one, on every page the project holds, with and without the rule set's shared
    # vocabulary.
    from pathlib import Path

    from cleaner.document import Document
    from cleaner.normalize import normalize_lines
    from cleaner.rules import RunContext, RuleSet

    rules = list(default_rules())
    shared = RunContext(gate_vocabulary=RuleSet([rules]).gate_vocabulary)
    matchers = [(m, getattr(rule, "max_words", 12)) for rule in rules for m in _matchers(rule)]
    pages = sorted(Path(__file__).parent.parent.glob("fixtures/*/*.txt"))
    assert len(pages) > 100 and len(matchers) > 20
    tried = everything = 0
    for page in pages:
        document = Document.from_lines(normalize_lines(page.read_text(encoding="utf-8")))
        for context in (RunContext(), shared):
            for matcher, max_words in matchers:
                candidates = matcher.candidate_lines(document, max_words, context)
                assert candidates == sorted(set(candidates))
                matching = [index for index, line in enumerate(document.lines)
                            if not line.is_blank and len(line.words) <= max_words
                            and matcher.matches(line, context)]
                assert set(matching) <= set(candidates), (page, matcher.rule_id)
                tried += len(candidates)
                everything += len(document.lines)
    assert tried < everything / 10  # the shortcut is taken, so the check above means something


def test_needs_digit_only_tries_lines_with_a_digit(tmp_path):
    path = write(tmp_path, '''
[[rule]]
id = "counter"
kind = "pattern"
category = "share"
reason = "counter"
needs_digit = true
patterns = ['[\\d.,]*\\s*(?:shares|views)']
''')
    kept = Cleaner(rules=load_rules(path)).clean("Story text here.\n12 shares\nviews\n")
    assert kept == "Story text here.\nviews\n"


def test_words_in_play_counts_only_the_lines_still_in_play():
    """share_elsewhere: the share of a line's content keys that another line still in play
    uses, the same as counting every key over the lines in play, for any set of removals."""
    from cleaner.document import Document
    from cleaner.normalize import normalize_lines
    from cleaner.rules.headline import WordsInPlay
    from conftest import golden_pairs, read
    checked = 0
    for raw, _ in golden_pairs("seeds") + golden_pairs("cases"):
        document = Document.from_lines(normalize_lines(read(raw)))
        count = len(document.lines)
        for removed in (set(), set(range(0, count, 2)), set(range(count // 2)), set(range(count))):
            in_play = WordsInPlay(document, removed)
            for index, line in enumerate(document.lines):
                if index in removed or not line.content_keys:
                    continue
                users = {key: sum(1 for i, other in enumerate(document.lines)
                                  if i not in removed and key in other.content_keys)
                         for key in line.content_keys}
                expected = sum(1 for key in users if users[key] > 1) / len(users)
                assert in_play.share_elsewhere(line) == expected
                checked += 1
    assert checked > 400


def test_a_marker_block_ends_where_the_next_marker_begins():
    # "Comments" is removed as a comment widget and is also the comment form's marker. The
    # form lines after the second "Comments" belong to the second block, not the first: each
    # marker's scan stops at the next marker (which also keeps a page of thousands of marker
    # lines linear instead of one whole-page scan per marker).
    page = ARTICLE + "\nComments\nName *\nComments (2)\nWebsite\nSubmit\n"
    result = Cleaner().explain(page)
    reasons = {removal.text: removal.reason for removal in result.removals}
    assert result.text == ARTICLE
    assert "marker on line 3" in reasons["Name *"]
    assert "marker on line 5" in reasons["Website"] and "marker on line 5" in reasons["Submit"]


class _CountingLines(list):
    """A document's line list that counts how often rules read a line from it."""

    reads = 0

    def __getitem__(self, index):
        type(self).reads += 1
        return super().__getitem__(index)


def test_marker_scans_stay_linear_on_a_page_of_markers():
    # Thousands of "Comments" lines, each removed by the comment widget and each a marker of
    # the comment form: every marker's scan must stop at the next one, or the rule reads the
    # page once per marker (minutes on a long page).
    from cleaner.document import Document
    from cleaner.rules import RunContext

    rules = {rule.id: rule for rule in default_rules()}
    document = Document.from_lines([ARTICLE.strip()] + ["Comments"] * 3000)
    document.lines = _CountingLines(document.lines)
    removed = {index: (rules["comment-widget"], "widget") for index in range(1, len(document.lines))}
    _CountingLines.reads = 0
    list(rules["comment-form"].find(document, removed, RunContext()))
    assert _CountingLines.reads < 10 * len(document.lines)


NEWSLETTER_BOX = "Sign up for our weekly newsletter to get the best stories in your inbox.\n"


@pytest.mark.parametrize("above, goes", [
    ("The Harbour Brief\n", True),                                    # a box's name, right above it
    ("The Harbour Letter: ferries, fish and tides. Free, every Friday.\n", True),  # its pitch
    ("The Harbour Brief\n\n", False),                                 # a blank line: not its heading
    ("What happens next for the ferry terminal and its workers\n", False),  # too long for a name
    ("Officials said the cost would not rise.\n", False),             # a sentence of the article
])
def test_newsletter_heading_takes_only_the_line_right_above_the_box(above, goes):
    page = ARTICLE + "\n" + above + NEWSLETTER_BOX + "\n" + ARTICLE.replace("Monday", "Tuesday")
    result = Cleaner().explain(page)
    heading = above.strip()
    assert (heading not in result.text.splitlines()) == goes
    if goes:
        [removal] = [r for r in result.removals if r.text == heading]
        assert removal.rule_id == "newsletter-heading" and "heading above the marker" in removal.reason


def test_heading_fields_are_validated(tmp_path):
    path = write(tmp_path, '[[rule]]\nid = "x"\nkind = "marker"\ncategory = "c"\nreason = "r"\n'
                           'markers = ["x"]\nheading_max_words = -1\n')
    with pytest.raises(RuleError, match="heading_max_words"):
        load_rules(path)


@pytest.mark.parametrize("page, heading_goes", [
    (ARTICLE + "\nConversation\n12 comments\n", True),        # right above the comment counter
    (ARTICLE + "\nConversation\n\n12 comments\n", False),     # a blank line between: not its heading
    (ARTICLE + "Officials said the cost would not rise, and the old pier stays open until then.\n"
     "\nConversation\nLocal businesses welcomed the delay, saying the old pier brings them more "
     "customers than the new terminal would, at least for the summer season.\n", False),  # a sub-heading
])
def test_comment_heading_only_right_above_a_comment_widget(page, heading_goes):
    out = Cleaner().clean(page).splitlines()
    assert ("Conversation" not in out) == heading_goes


@pytest.mark.parametrize("index_keys", ["python", "compiled"])
def test_the_key_index_holds_the_keys_of_two_lines_or_more(index_keys):
    """Document.lines_by_key: a key on one line only is never shared, so it has no entry; the
    others list every line holding them, in order, keys in the order their second line comes."""
    from cleaner import document
    from cleaner.document import Document
    if index_keys == "compiled" and document.index_keys is document.python_index_keys:
        pytest.skip("the compiled speed-ups are not built")
    function = document.python_index_keys if index_keys == "python" else document.index_keys
    lines = Document.from_lines(["Harbour ferry sails", "Storm closes harbour", "",
                                 "Ferry timetable", "Storm warning", "Harbour ferry sails"]).lines
    found = function(lines)
    # (no two keys get their second line on the same line: the order is the same on both
    # paths whatever order a line's frozenset of keys iterates in)
    assert list(found.items()) == [("harbour", [0, 1, 5]), ("ferry", [0, 3, 5]),
                                   ("storm", [1, 4]), ("sail", [0, 5])]
