"""The development set (evals/devset): its size and balance, and that its loader refuses a broken
set, so a careless edit cannot quietly weaken the labels the accuracy gates rely on."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import ValidationError

from evals.devset import DEVSET_DIR, THEMES, Devset, Voice, count_table, load_devset


@pytest.fixture(scope="module")
def devset() -> Devset:
    return load_devset()


def test_size(devset: Devset) -> None:
    assert len(devset.feedback) >= 450
    assert len(devset.notes) >= 70


def test_polarity_balance_is_roughly_45_40_15(devset: Devset) -> None:
    counts = Counter(f.polarity for f in devset.feedback)
    share = {k: counts[k] / len(devset.feedback) for k in ("strength", "growth", "neutral")}
    assert 0.40 <= share["strength"] <= 0.50, share
    assert 0.35 <= share["growth"] <= 0.45, share
    assert 0.12 <= share["neutral"] <= 0.18, share


def test_every_theme_is_a_taxonomy_key_with_at_least_12_sentences(devset: Devset) -> None:
    counts = Counter(f.theme for f in devset.feedback)
    assert set(counts) == set(THEMES) == set(devset.themes)
    assert min(counts.values()) >= 12, counts.most_common()[-3:]


def test_every_theme_has_both_directions(devset: Devset) -> None:
    # A theme measured only on praise cannot show that criticism of it is read as criticism.
    for theme in THEMES:
        polarities = {f.polarity for f in devset.feedback if f.theme == theme}
        assert {"strength", "growth"} <= polarities, theme


def test_ids_and_texts_are_unique(devset: Devset) -> None:
    ids = [f.id for f in devset.feedback] + [n.id for n in devset.notes]
    texts = [f.text for f in devset.feedback] + [n.text for n in devset.notes]
    texts = [" ".join(t.lower().split()) for t in texts]
    assert len(set(ids)) == len(ids)
    assert len(set(texts)) == len(texts)


def test_hard_voices_are_well_represented(devset: Devset) -> None:
    voices = Counter(f.voice for f in devset.feedback)
    everyday = {"plain", "terse", "long", "casual_peer"}
    hard = [v for v in get_args(Voice) if v not in everyday]
    assert {v: voices[v] for v in hard if voices[v] < 15} == {}
    assert sum(f.mixed for f in devset.feedback) >= 20
    assert sum(voices[v] for v in ("long", "terse")) >= 30


def test_taxonomy_examples_are_not_dev_sentences(devset: Devset) -> None:
    # The examples may seed a matcher; one that is (nearly) a labelled sentence would score itself.
    def words(text: str) -> list[str]:
        return re.sub(r"[^\w' ]", " ", text.lower()).split()

    sentences = [words(f.text) for f in devset.feedback]
    leaks = []
    for entry in devset.themes.values():
        for example in entry.examples:
            mine = words(example)
            for sentence in sentences:
                shared = len(set(mine) & set(sentence)) / len(set(mine))
                if " ".join(mine) in " ".join(sentence) or (len(mine) >= 3 and shared >= 0.8):
                    leaks.append((example, " ".join(sentence)))
    assert leaks == []


def test_notes_cover_every_topic_and_flag(devset: Devset) -> None:
    topics = Counter(t for n in devset.notes for t in n.topics)
    flags = Counter(g for n in devset.notes for g in n.flags)
    assert min(topics.values()) >= 5 and len(topics) == 10, topics
    assert flags["flight_risk"] >= 5 and flags["burnout_risk"] >= 5, flags
    assert sum(bool(n.follow_ups) for n in devset.notes) >= 50
    assert sum(bool(n.open_questions) for n in devset.notes) >= 20
    assert sum(n.mood is not None for n in devset.notes) >= 30
    assert {n.visibility for n in devset.notes} == {"shared", "private"}
    assert {n.style for n in devset.notes} == {"bullets", "shorthand", "prose"}


def test_readme_shows_the_current_counts(devset: Devset) -> None:
    readme = (DEVSET_DIR / "README.md").read_text(encoding="utf-8")
    assert count_table(devset) in readme, "regenerate the counts in README.md with count_table()"


def test_the_readme_snippet_runs() -> None:
    readme = (DEVSET_DIR / "README.md").read_text(encoding="utf-8")
    (snippet,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)
    assert namespace["growth"] and all(isinstance(t, str) for t in namespace["growth"])


# --- the loader refuses a broken set


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _broken_copy(tmp_path: Path, name: str, edit: Callable[[Any], None]) -> Path:
    for file in ("feedback.yaml", "notes.yaml", "taxonomy.yaml"):
        shutil.copy(DEVSET_DIR / file, tmp_path / file)
    data = yaml.load((tmp_path / name).read_text(encoding="utf-8"), Loader=_LOADER)
    edit(data)
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _set(key: str, value: object, index: int = 0) -> Callable[[Any], None]:
    def edit(data: Any) -> None:
        records = data.get("feedback") or data["notes"]
        records[index][key] = value

    return edit


def test_an_unchanged_copy_loads(tmp_path: Path) -> None:
    assert len(load_devset(_broken_copy(tmp_path, "feedback.yaml", lambda _: None)).feedback) >= 450


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        ("feedback.yaml", _set("id", "f002"), "unique"),
        ("feedback.yaml", _set("text", "  SOLID.  ships. "), "unique"),
        ("feedback.yaml", _set("theme", "teamwork"), "theme"),
        ("feedback.yaml", _set("polarity", "positive"), "polarity"),
        ("feedback.yaml", _set("sentiment", "positive"), "sentiment"),
        ("feedback.yaml", _set("mixed", True), "other_claim"),
        ("feedback.yaml", _set("voice", "mixed"), "voice mixed"),
        ("notes.yaml", _set("follow_ups", ["agreed to revisit next time"]), "not a span"),
        ("notes.yaml", _set("mood", 6), "mood"),
        ("notes.yaml", _set("flags", ["none"]), "flags"),
        ("taxonomy.yaml", lambda d: d["themes"].pop("other"), "taxonomy keys"),
    ],
)
def test_the_loader_refuses(
    tmp_path: Path, name: str, edit: Callable[[Any], None], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        load_devset(_broken_copy(tmp_path, name, edit))


def test_theme_training_text_is_not_dev_sentences(devset: Devset) -> None:
    # The product's theme head is trained on assistant/analysis/theme_training.yaml; a training
    # sentence that is (nearly) a labelled one would make the dev figures measure memory.
    from assistant.analysis.theme_head import load_training

    def words(text: str) -> list[str]:
        return re.sub(r"[^\w' ]", " ", text.lower()).split()

    dev = {" ".join(words(f.text)) for f in devset.feedback}
    training = {" ".join(words(e.text)) for e in load_training()}
    assert dev & training == set()


def test_polarity_training_text_is_not_dev_sentences(devset: Devset) -> None:
    # The polarity head is trained on assistant/analysis/polarity_training.yaml as well: none of
    # its sentences may be a labelled one, or nearly (80% of the words of both shared).
    from assistant.analysis.polarity_head import voiced_examples

    def words(text: str) -> list[str]:
        return re.sub(r"[^\w' ]", " ", text.lower()).split()

    dev = [set(words(f.text)) for f in devset.feedback]
    near = []
    for text, _, _ in voiced_examples():
        mine = set(words(text))
        if any(len(mine & sentence) >= 0.8 * len(mine | sentence) for sentence in dev):
            near.append(text)
    assert near == []
