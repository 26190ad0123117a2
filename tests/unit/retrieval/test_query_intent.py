"""Reading what a query names: people (to narrow to records about or by them), record kinds,
and statuses kept as phrases for the full-text leg."""

from __future__ import annotations

from retrieval.lexical import query_terms
from retrieval.query_intent import read_query

PEOPLE = {"femi kim": 1, "femi": 1, "dana okafor": 2, "dana": 2, "kim lee": 3}


def test_names_full_first_and_possessive_longest_first() -> None:
    intent = read_query("Femi Kim during production incidents", PEOPLE)
    assert intent.named == (1,)  # not also "kim lee"'s first name: there is no "kim" entry
    assert intent.rest == "during production incidents"
    assert read_query("which of Dana's goals is off track", PEOPLE).named == (2,)
    assert read_query("which of Dana's goals is off track", PEOPLE).rest == (
        "which of goals is off track"
    )
    both = read_query("overdue action items for Dana and Kim Lee", PEOPLE)
    assert set(both.named) == {2, 3} and both.record_types == ("action_item",)


def test_no_people_no_names_and_words_inside_other_words_do_not_count() -> None:
    assert read_query("Dana's goals", None).named == ()
    assert read_query("danaher contract and femininity", PEOPLE).named == ()
    assert not read_query("ledger migration", PEOPLE).structured


def test_status_phrases_stay_whole() -> None:
    assert query_terms("goals in my team that are off track") == ["off track", "goals", "team"]
    assert query_terms("Off-track or at risk?") == ["off track", "at risk"]
    assert query_terms("on track") == ["on track"]
    assert query_terms("who is on it") == ["who", "is", "on", "it"]
