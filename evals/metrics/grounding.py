"""Groundedness of specifics: numbers, dates, names, goal titles and quotes must come from the
records an item cites, not from the model's imagination."""

from __future__ import annotations

import datetime as dt
import re

from evals.metrics.base import Score, contains_word
from evals.sample import Evidence, Item, Sample, strip_citations

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\b", re.I)
NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)(?:\s?%)?(?![\w])")
QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
# "1:1" is the name of a meeting, not a specific.
ONE_ON_ONE = re.compile(r"\b1\s*:\s*1s?\b|\b1-on-1s?\b|\bone-on-ones?\b", re.I)


def _num(value: str) -> str:
    value = value.replace(",", "")
    try:
        f = float(value)
    except ValueError:
        return value
    return str(int(f)) if f.is_integer() else str(f)


def _numbers(text: str) -> set[str]:
    return {_num(m.group(1)) for m in NUMBER.finditer(text)}


def _dates(text: str) -> tuple[set[tuple[int, int]], str]:
    """(month, day) pairs mentioned in ``text`` and the text with them removed."""
    found: set[tuple[int, int]] = set()
    for m in ISO_DATE.finditer(text):
        found.add((int(m.group(2)), int(m.group(3))))
    text = ISO_DATE.sub(" ", text)
    for m in MONTH_DAY.finditer(text):
        found.add((MONTHS[m.group(1).lower()], int(m.group(2))))
    text = MONTH_DAY.sub(" ", text)
    for m in DAY_MONTH.finditer(text):
        found.add((MONTHS[m.group(2).lower()], int(m.group(1))))
    return found, DAY_MONTH.sub(" ", text)


def _evidence_dates(ev: Evidence) -> set[tuple[int, int]]:
    found, _ = _dates(ev.haystack)
    days = [ev.date] + [v for v in ev.facts.values() if isinstance(v, dt.date)]
    found |= {(d.month, d.day) for d in days if d is not None}
    return found


def specifics(item: Item, sample: Sample) -> list[tuple[str, str]]:
    """(kind, value) for every specific in an item: number, date, name, goal title, quote."""
    raw = strip_citations(item.text)
    out: list[tuple[str, str]] = [("quote", q.strip()) for q in QUOTE.findall(raw)]
    text = ONE_ON_ONE.sub(" ", QUOTE.sub(" ", raw))
    dates, rest = _dates(text)
    out += [("date", f"{m:02d}-{d:02d}") for m, d in sorted(dates)]
    out += [("number", n) for n in sorted(_numbers(rest))]
    for person in sample.people:
        if contains_word(text, person.name):
            out.append(("name", person.name))
    low = text.lower()
    for ev in sample.records.values():
        if ev.record_type != "goal":
            continue
        title = str(ev.facts.get("title") or "")
        if len(title) > 8 and title.lower() in low:
            out.append(("goal", title))
    return out


def _counts(cited: list[Evidence]) -> set[str]:
    """Numbers a draft may derive from its citations: how many records, people, record types,
    and the records and authors of one type."""
    found = {len(cited), len({ev.author_id for ev in cited}), len({ev.subject_id for ev in cited})}
    for rtype in {ev.record_type for ev in cited}:
        same = [ev for ev in cited if ev.record_type == rtype]
        # "3 pieces of feedback from 2 people" stays checkable when the item also cites an
        # action item: the records of one type, and their authors.
        found |= {len(same), len({ev.author_id for ev in same} - {None})}
    return {str(n) for n in found}


def _grounded(
    kind: str, value: str, cited: list[Evidence], sample: Sample, declared: set[str]
) -> bool:
    hay = "\n".join(ev.haystack for ev in cited)
    if kind == "number":
        return value in _numbers(hay) or value in _counts(cited) or value in declared
    if kind == "quote":
        # A quote may be shortened with an ellipsis: every fragment must be verbatim.
        # So may a redaction in brackets ("[text omitted: ...]").
        parts = [p.strip(" .,;:").lower() for p in re.split(r"…|\.\.\.|\[[^\]]*\]", value)]
        return all(p in hay for p in parts if p)
    if kind == "date":
        m, d = (int(x) for x in value.split("-"))
        # The bounds of the requested period are given by the request itself.
        bounds = {(b.month, b.day) for b in sample.period or ()}
        return (m, d) in bounds or any((m, d) in _evidence_dates(ev) for ev in cited)
    if kind == "name":
        # The person the draft is about is grounded by the request itself.
        if sample.subject is not None and sample.subject.name == value:
            return True
        return contains_word(hay, value)
    return value.lower() in hay


def _cited(citations: tuple[str, ...], sample: Sample) -> list[Evidence]:
    """The records an item cites. ``C12`` is the whole check-in the caller may see, as in the
    product: its private notes too when the caller may read them (the item is then marked
    private by the product, which is checked elsewhere)."""
    out = []
    for c in citations:
        if c in sample.records:
            out.append(sample.records[c])
        private = f"{c}:private"
        if private in sample.records and private in sample.visible:
            out.append(sample.records[private])
    return out


def groundedness(sample: Sample) -> Score:
    """Share of specifics in the draft that appear in the records their item cites. A specific
    is a number, a date (ISO or "Oct 3"), a person's full name, a goal title or a quoted span
    (>= 12 characters); a number or date counts when its value (not its spelling) occurs in a
    cited record's label, text, facts or date, and a number also when it counts the cited
    records (how many records, authors, subjects, or records of one type) or repeats a count
    the item declares in its own count field (a theme aggregates more records than it cites as
    examples; that count is then only as good as the drafter's own field); a quote shortened
    with an ellipsis or a bracketed redaction counts when each fragment is verbatim; the
    subject's name and the bounds of the requested period are always grounded.

    formula (per draft): 1 if every specific s of every item has s in
    evidence(item.citations), else 0 — one invented number is a wrong draft, however long; the
    suite score is the share of drafts with nothing ungrounded, and the notes list each
    ungrounded specific (with grounded/total).
    """
    good, total, notes = 0, 0, []
    for item in sample.items():
        cited = _cited(item.citations, sample)
        for kind, value in specifics(item, sample):
            total += 1
            if _grounded(kind, value, cited, sample, {str(n) for n in item.counts}):
                good += 1
            else:
                notes.append(f"ungrounded {kind} {value!r} in: {item.text[:100]}")
    if notes:
        notes.append(f"{good}/{total} specifics grounded")
    return Score.check(not notes, notes)
