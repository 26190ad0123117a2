"""The question's topic and a record's relevance to it (the threshold is measured in evals/ask)."""

from __future__ import annotations

import datetime as dt

from assistant.tasks.relevance import THRESHOLD, intent, score, topic
from retrieval.types import ContextItem


def _item(text: str, **facts: str) -> ContextItem:
    return ContextItem(
        "F1", "feedback", 1, dt.date(2026, 10, 1), 2, 3, "Feedback", text, facts=facts
    )


def test_topic_drops_scaffolding_names_and_time_words() -> None:
    about = topic(
        "What has Dana Okafor done on the ledger migration since September?", ["Dana Okafor"]
    )
    assert about.terms == ("ledger", "migrat")
    assert topic("What did I promise in my last two 1:1s?").empty


def test_intent_names_record_kinds() -> None:
    assert intent("what did I promise?") == ("action_item",)
    assert intent("any feedback on goals?") == ("feedback", "goal", "goal_update", "key_result")
    assert intent("what happened with the ledger?") == ()


def test_score_matches_stems_and_goal_titles() -> None:
    about = topic("ledger migration")
    assert score(_item("We migrated the ledger last week."), about) == 1.0
    assert score(_item("The ledger is fine."), about) == 0.5 < THRESHOLD
    on_goal = _item("Half done.", goal="Migrate the ledger")
    assert score(on_goal, about) == 1.0 and score(on_goal, about, own=True) == 0.0
    assert score(_item("Anything at all."), topic("what did I promise?")) == 1.0


def test_stems_undouble_and_keep_short_words() -> None:
    from assistant.tasks.relevance import stem

    assert [stem(w) for w in ("letting", "stepping", "falling", "migration", "migrated")] == [
        "let",
        "step",
        "fall",
        "migrat",
        "migrat",
    ]
    assert stem("bus") == "bus" and stem("uses") == "use"


def test_named_people_by_full_or_first_name() -> None:
    from assistant.tasks.ask import named_people

    people = [(1, "Alex Kim"), (2, "Alex Moreau"), (3, "Dana Okafor")]
    assert named_people("What has Alex done?", people) == {1, 2}
    assert named_people("Dana's goals", people) == {3}
    assert named_people("what about alexandra?", people) == frozenset()


def test_name_words_leave_a_topic_as_names_do() -> None:
    question = "pairing with Ravi and Ode-Mbeki on the ledger-service rollout"
    names = ["Ravi Shah", "Ade Ode-Mbeki"]
    words_of_names = frozenset({"ravi", "shah", "ade", "ode-mbeki", "ode", "mbeki"})
    about = topic(question, name_words=words_of_names)
    assert about == topic(question, names)
    assert about.terms == ("pair", "ledger", "servic", "rollout")
