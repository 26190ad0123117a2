"""HR themes an HR partner can act on: counts of people (never who), the praise/criticism split, a
paraphrase that quotes and names no one, a trend that a review season does not fake, and one
action from the playbook."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from dana_context import brief_for

from assistant.grounding import Grounding, check
from assistant.offline.theme_wording import QUOTE_WORDS
from assistant.offline.themes import draft_themes, themes_facts
from assistant.tasks.playbook import load_playbook
from assistant.tasks.schemas import GroupTheme, Themes
from retrieval.types import ContextItem

D = dt.date
NAMES = ["Priya Raman", "Tomas Berg", "Ines Duarte", "Kofi Mensah", "Lena Vogel", "Omar Haddad"]
PRAISE = [
    "{name} sends a crisp weekly status update that stakeholders actually read.",
    "Thanks to {name}, stakeholders always get a status update before they ask.",
    "The status update from {name} to stakeholders was clear and on time again.",
]
ASK = [
    "Stakeholders heard nothing for two weeks; {name} needs to send a status update sooner.",
    "Please send the status update to stakeholders before the Friday review, {name}.",
]


def _item(n: int, text: str, receiver: int, giver: int, day: dt.date, kind: str) -> ContextItem:
    return ContextItem(
        citation=f"F{n}",
        record_type="feedback",
        record_id=n,
        date=day,
        subject_id=receiver,
        author_id=giver,
        label="Feedback",
        text=text,
        facts={"kind": kind},
    )


def _feedback(people: int, per_person: int, start: dt.date, first_id: int = 1) -> list[ContextItem]:
    """``per_person`` pieces about each of ``people`` receivers, praise two to one."""
    out = []
    ids = itertools.count(first_id)
    for person in range(people):
        for k in range(per_person):
            praise = k % 3 != 2
            template = (PRAISE if praise else ASK)[k % (3 if praise else 2)]
            out.append(
                _item(
                    next(ids),
                    template.format(name=NAMES[person % len(NAMES)].split()[0]),
                    receiver=200 + person,
                    giver=100 + (person + k + 1) % max(people, 3),
                    day=start + dt.timedelta(days=k),
                    kind="praise" if praise else "constructive",
                )
            )
    return out


def _themes(items: list[ContextItem], **kw: object) -> list[GroupTheme]:
    brief = brief_for("themes", group_name="the Payments team", group_size=6, **kw)
    themes = draft_themes(items, brief)
    assert isinstance(themes, Themes)
    return themes.themes


def _other(n: int, day: dt.date) -> ContextItem:
    text = "Ana fixed the flaky deploy pipeline and cut build times."
    return _item(n, text, 300 + n % 6, 150 + n % 4, day, "praise")


def _named(label: str, themes: list[GroupTheme]) -> GroupTheme:
    return next(t for t in themes if t.theme == label)


def test_a_theme_counts_people_and_splits_praise_from_criticism() -> None:
    items = _feedback(6, 6, D(2026, 10, 1))
    (top, *_) = _themes(items, anonymity_k=5)
    assert top.theme == "Communication" and top.origin == "taxonomy"
    assert top.people == 6 and top.count == 36
    assert (top.praise, top.criticism) == (24, 12) and top.sentiment == "positive"
    assert top.action == load_playbook().hr_action("communication", "praise", "communication")


def test_a_theme_about_fewer_than_k_people_is_left_out() -> None:
    items = _feedback(4, 6, D(2026, 10, 1))
    assert _themes(items, anonymity_k=5) == []
    assert [t.people for t in _themes(items, anonymity_k=4)] == [4]
    # k is never taken below the floor of three, whatever the brief says.
    assert _themes(_feedback(2, 6, D(2026, 10, 1)), anonymity_k=1) == []


def test_the_paraphrase_names_no_one_and_quotes_nothing() -> None:
    items = _feedback(6, 6, D(2026, 10, 1))
    items.append(
        _item(99, "Priya.Raman@example.com wrote the status update for stakeholders.", 200, 101,
              D(2026, 10, 9), "praise")
    )  # fmt: skip
    (top, *_) = _themes(items, anonymity_k=5)
    shown = " ".join((top.text, top.paraphrase, top.action, top.theme))
    for name in NAMES:
        for part in name.split():
            assert not re.search(rf"\b{part}\b", shown, re.I), part
    assert not re.search(r"\S+@\S+|example\.com", shown), shown
    assert not re.search(r"[\"“”]", shown)
    words = [w.lower() for w in re.findall(r"\w+", top.paraphrase)]
    runs = {" ".join(words[i : i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)}
    hay = "\n".join(" ".join(re.findall(r"\w+", i.text.lower())) for i in items)
    assert runs and not any(run in hay for run in runs)
    # It says what the feedback is about, in words several people's feedback shares.
    assert "status update" in top.paraphrase or "stakeholders" in top.paraphrase
    people = {n.split()[0] for n in NAMES}
    grounding = Grounding(context=items, people=set(NAMES) | people, anonymous=True)
    assert check(Themes(themes=[top]), grounding) == []


def test_a_review_season_does_not_read_as_a_spike() -> None:
    # The period before: 6 people, 2 pieces each on the theme among 20 other records; the
    # period: three times the feedback (a review season), the theme's share unchanged.
    before = _feedback(6, 2, D(2026, 6, 1), first_id=1000)
    now = _feedback(6, 6, D(2026, 9, 1))
    extra = [_other(2000 + n, D(2026, 6, 10)) for n in range(20)]
    extra_now = [_other(3000 + n, D(2026, 9, 10)) for n in range(60)]
    kw = {"since": D(2026, 9, 1), "until": D(2026, 11, 30), "anonymity_k": 5}
    steady = _named("Communication", _themes(now + extra_now, baseline=(*before, *extra), **kw))
    assert steady.count == 36
    assert steady.trend == "steady" and abs(steady.share - steady.previous_share) <= 2
    # The same period against a quiet one where the theme was rarer: rising.
    rising = _named("Communication", _themes(now + extra_now, baseline=(*before[:6], *extra), **kw))
    assert rising.trend == "rising" and rising.share > rising.previous_share


def test_without_a_start_date_the_halves_of_the_period_are_compared() -> None:
    early = _feedback(6, 2, D(2026, 6, 1), first_id=1000)
    late = _feedback(6, 6, D(2026, 11, 1))
    (top, *_) = _themes(early + late, anonymity_k=5)
    assert top.trend == "steady" and "later half" in top.text


def test_the_model_is_given_the_same_figures() -> None:
    items = _feedback(6, 6, D(2026, 10, 1))
    brief = brief_for("themes", group_name="x", group_size=6, anonymity_k=5)
    (top,) = draft_themes(items, brief).themes
    facts = themes_facts(items, items, brief)
    assert f"people: {top.people}; praise: {top.praise}; criticism: {top.criticism}" in facts
    assert top.paraphrase in facts and top.action in facts
    assert "no theme concerns at least 5 people" in themes_facts(items[:6], items, brief)
    # Over every record, citing only those the model is given.
    (cut,) = draft_themes(items, brief, frozenset({"F1", "F2"})).themes
    assert cut.count == top.count and set(cut.citations) == {"F1", "F2"}


def test_every_taxonomy_theme_has_an_hr_action_for_every_lean() -> None:
    book = load_playbook()
    for key in ("communication", "incident_response", "general", "not_a_theme"):
        for lean in ("praise", "criticism", "mixed"):
            action = book.hr_action(key, lean, "the theme")
            assert action and "{" not in action and not re.search(r"\d", action)


# Praise on nothing the taxonomy names: read as a theme by the embedder alone, never by a cue.
PLANTS = [
    "{name} ran the charity bake sale and the food bank got a lovely donation.",
    "Thanks to {name} the charity bake sale was a lovely success for the food bank.",
]


def _praise(n: int, text: str, person: int, k: int) -> ContextItem:
    return _item(n, text, 200 + person, 100 + (person + k + 2) % 6, D(2026, 10, 5 + k), "praise")


def test_a_theme_the_taxonomy_lacks_is_found_named_and_counted_once() -> None:
    items = _feedback(6, 6, D(2026, 10, 1))
    ids = itertools.count(500)
    for person in range(6):
        for k, text in enumerate(PLANTS * 2):
            name = NAMES[person].split()[0]
            items.append(_praise(next(ids), text.format(name=name), person, k))
    themes = _themes(items, anonymity_k=5)
    found = [t for t in themes if t.origin == "discovered"]
    # One topic written two ways may come out as two groups (k-means splits; a known limit).
    assert 1 <= len(found) <= 2, [t.theme for t in themes]
    words = {"charity", "bake", "sale", "food", "bank", "donation", "success"}
    for theme in found:
        assert words & set(theme.theme.split()) and theme.people == 6
        assert theme.praise == theme.count
        assert not {n.split()[0].lower() for n in NAMES} & set(re.findall(r"\w+", theme.theme))
    assert sum(t.count for t in found) == 24
    plants = found[0]
    # Its records are not also counted under a taxonomy theme they were loosely read as.
    plant_ids = {f"F{n}" for n in range(500, 524)}
    for theme in themes:
        if theme.origin == "taxonomy":
            assert not plant_ids & set(theme.citations)
    assert plants.action.startswith("Ask the group's managers what makes this theme (")


def test_a_group_about_fewer_than_k_people_is_not_shown() -> None:
    items = _feedback(6, 6, D(2026, 10, 1))
    ids = itertools.count(500)
    for person in range(3):
        for k, text in enumerate(PLANTS * 4):
            items.append(_praise(next(ids), text.format(name="Sam"), person, k))
    assert not [t for t in _themes(items, anonymity_k=5) if t.origin == "discovered"]
