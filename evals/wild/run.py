"""Draft summary, coaching and HR themes for every person of the wild organisation and measure
them against the dev set's labels. Formulas are in each measure's comment and in
evals/devset/README.md ("The wild suite")."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from assistant.importer import import_bundle
from assistant.runtime import Runtime
from assistant.settings import Settings
from evals.devset import FeedbackSentence
from evals.evidence import load_people, load_records
from evals.metrics.template import masked_words, template_ratio
from evals.sample import Person as JudgePerson
from evals.sample import iter_items
from evals.wild.build import HR, MANAGER, TEAM, WildOrg, build

DAY = dt.date(2026, 11, 26)  # drafted as of this day, whatever the calendar says
QUOTE = re.compile(r"[“\"]([^”\"]{8,}?)(?:…)?[”\"]")


@dataclass
class Measures:
    people: int = 0
    spearman: float = 0.0  # balance vs share of praise labels
    leaning_right: int = 0  # people with a clear lean whose summary leans the same way
    leaning_total: int = 0
    empty_summaries: int = 0  # no strength and no growth item, though feedback exists
    summary_citation_share: float = 0.0  # mean over people of |cited ∩ theirs| / |theirs|
    coaching_citation_share: float = 0.0
    coaching_template_ratio: float = 0.0  # mean over people (evals.metrics.template)
    theme_quoted: int = 0  # quoted sentences under a summary theme the taxonomy names
    theme_strict: float = 0.0  # ... whose labelled theme is that theme
    theme_lenient: float = 0.0  # ... whose labelled theme or `also` is that theme
    side_precision: float = 0.0  # quoted sentences on the side their polarity says
    hr_themes: int = 0
    hr_theme_precision: float = 0.0  # cited records whose labelled theme (or also) is the theme
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per person


def theme_keys() -> dict[str, str]:
    """The product's theme labels (as a draft shows them, lower-cased) -> taxonomy key (the keys
    follow the dev set's, so a label maps to a dev-set theme)."""
    text = resources.files("assistant.analysis").joinpath("taxonomy.yaml").read_text("utf-8")
    themes = yaml.safe_load(text)["themes"]
    return {str(v["label"]).lower(): k for k, v in themes.items()} | {k: k for k in themes}


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation (ties share their mean rank); 0 when either side is flat."""
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


Drafts = tuple[dict[str, dict[str, Any]], dict[str, Any], dict[str, str], list[JudgePerson]]


def draft_all(org: WildOrg, data_dir: Path) -> Drafts:
    """Import the organisation and draft: summary and coaching per person (as their manager),
    HR themes for the team. Returns outputs by email, the themes output, external id ->
    citation, and the people."""
    from assistant.tasks.pipeline import generate

    settings = Settings(data_dir=data_dir, environment="test", llm_provider="offline", today=DAY)
    runtime = Runtime(settings)
    try:
        import_bundle(runtime.sessions, org.bundle, migration=True)
        with runtime.sessions() as session:
            _, ext = load_records(session)
            people = load_people(session)
        drafts: dict[str, dict[str, Any]] = {}
        for person in org.people:
            drafts[person.email] = {
                task: generate(runtime, task, MANAGER, subject=person.email,
                               since=org.since, until=org.until).output
                for task in ("summary", "coaching")
            }  # fmt: skip
        themes = generate(runtime, "themes", HR, team=TEAM, since=org.since, until=org.until)
        return drafts, dict(themes.output), ext, people
    finally:
        runtime.close()


def measure(org: WildOrg, data_dir: Path | None = None) -> Measures:
    workdir = data_dir or Path(tempfile.mkdtemp(prefix="cadence-wild-"))
    drafts, themes, ext, judge_people = draft_all(org, workdir)
    keys = theme_keys()
    label_of: dict[str, FeedbackSentence] = {
        ext[e]: s for p in org.people for e, s in p.feedback.items()
    }
    m = Measures(people=len(org.people))
    balances, shares = [], []
    summary_share, coaching_share, templ = [], [], []
    strict, lenient, side = [], [], []
    words = {p.email: masked_words(drafts[p.email]["coaching"], tuple(judge_people))
             for p in org.people}  # fmt: skip
    for person in org.people:
        mine = {ext[e] for e in person.feedback}
        summary, coaching = drafts[person.email]["summary"], drafts[person.email]["coaching"]
        good = {c for i in summary.get("strengths", []) for c in i["citations"]} & mine
        bad = {c for i in summary.get("growth_areas", []) for c in i["citations"]} & mine
        balance = (len(good) - len(bad)) / (len(good) + len(bad)) if good or bad else 0.0
        balances.append(balance)
        shares.append(person.positive_share)
        # A clear lean: at least 70% of one polarity among the person's judged sentences.
        if abs(person.positive_share - 0.5) >= 0.2:
            m.leaning_total += 1
            m.leaning_right += (balance > 0) == (person.positive_share > 0.5) and balance != 0
        if not summary.get("strengths") and not summary.get("growth_areas"):
            m.empty_summaries += 1
        cited_s = {c for i in iter_items(summary) for c in i.citations}
        cited_c = {c for i in iter_items(coaching) for c in i.citations}
        summary_share.append(len(cited_s & mine) / len(mine))
        coaching_share.append(len(cited_c & mine) / len(mine))
        peers = [w for e, w in words.items() if e != person.email]
        templ.append(template_ratio(words[person.email], peers))
        for side_name, want in (("strengths", "strength"), ("growth_areas", "growth")):
            for item in summary.get(side_name, []):
                key = keys.get(str(item.get("theme", "")).lower())
                for quote in QUOTE.findall(item["text"]):
                    src = [label_of[c] for c in item["citations"] if c in label_of
                           and quote.strip().lower() in label_of[c].text.lower()]  # fmt: skip
                    if not src:
                        continue
                    sentence = src[0]
                    side.append(sentence.polarity == want)
                    if key is not None:
                        strict.append(sentence.theme == key)
                        lenient.append(sentence.theme == key or key in sentence.also)
        m.rows.append({
            "person": person.name, "lean": person.lean,
            "praise_share": round(person.positive_share, 2), "balance": round(balance, 2),
            "strengths": len(summary.get("strengths", [])),
            "growth": len(summary.get("growth_areas", [])),
            "cited": round(summary_share[-1], 2),
        })  # fmt: skip
    m.spearman = spearman(shares, balances)
    m.summary_citation_share = _mean(summary_share)
    m.coaching_citation_share = _mean(coaching_share)
    m.coaching_template_ratio = _mean(templ)
    m.theme_quoted = len(strict)
    m.theme_strict, m.theme_lenient, m.side_precision = _mean(strict), _mean(lenient), _mean(side)
    hr_hits = []
    for item in themes.get("themes", []):
        key = keys.get(str(item.get("theme", "")).lower())
        m.hr_themes += 1
        for c in item["citations"]:
            if key is not None and c in label_of:
                s = label_of[c]
                hr_hits.append(s.theme == key or key in s.also)
    m.hr_theme_precision = _mean(hr_hits)
    return m


def run(people: int, *, seed: int = 7, data_dir: Path | None = None) -> Measures:
    return measure(build(people, seed=seed, today=DAY), data_dir)
