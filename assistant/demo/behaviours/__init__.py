"""What people do at work, per behaviour, as fragments that feedback sentences are built from.

Grammar contract (so one fragment serves "you", "Dana" and "they" alike):
- ``did`` and ``missed``: simple past verb phrases, no subject ("walked the team through ...").
- ``detail``: complete sentences about the work, no pronoun agreement needed.
- ``ask``: bare infinitive phrases ("send a short written update ...").
- ``names``: noun phrases a reviewer would use for the area ("how {poss} changes get reviewed").
Placeholders ({project}, {service}, {customer}, {meeting}, {weekday}, {n}, {pct}, {hours},
{peer}, {poss}) are filled per record from the vocab banks.

Written from what each kind of work looks like, in the words different people use for it, not
from the drafter's lexicon (evals/generator_overlap.py counts how much they share). A fragment
can mention a problem in praise ("kept the broken deploy away from customers") or criticise with
no problem word at all ("sent the numbers on Friday when we had said Tuesday").

The type is in behaviour.py; the behaviours themselves, by area of work, in engineering.py,
teamwork.py and product.py.
"""

from __future__ import annotations

from assistant.demo.behaviours.behaviour import Behaviour
from assistant.demo.behaviours.engineering import ENGINEERING
from assistant.demo.behaviours.product import PRODUCT
from assistant.demo.behaviours.teamwork import TEAMWORK

# In the order they were written in: the evals that walk every behaviour list them so.
BEHAVIOURS: dict[str, Behaviour] = {**ENGINEERING, **TEAMWORK, **PRODUCT}

__all__ = ["BEHAVIOURS", "Behaviour"]
