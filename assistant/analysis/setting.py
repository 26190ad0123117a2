"""The setting of a story, which judges nobody: masked before the domain layer looks for lapses.

"Stays calm when things go wrong", "when something is not working he finds the reason", "clear
in English, though it is not her first language", "customers keep asking about it", "sat with
her rather than sending it back again": the problem
words here set the scene (or report what others do) and the claim is elsewhere in the sentence.
Written from how reviews tell a story, not from any labelled set.
"""

from __future__ import annotations

import re

SETTING = re.compile(
    # A trouble that starts a story: "when things go wrong", "if the build breaks".
    r"(?<![\w-])(?:when|if|whenever|once|the moment|as soon as)"
    r" (?:something|things|anything|stuff|it|(?:the|a|an|our|their) [\w-]+(?: [\w-]+)?)"
    r" (?:goes|go|went|has gone|have gone|gets|got) (?:wrong|badly|sideways|south|pear-shaped)"
    r"|(?<![\w-])(?:when|if|whenever|once|the moment|as soon as)"
    r" (?:something|things|anything|stuff|it|(?:the|a|an|our|their) [\w-]+(?: [\w-]+)?)"
    r" (?:is|are|was|were)(?: not|n't) working"
    r"|(?<![\w-])(?:when|if|whenever|once|the moment|as soon as)"
    r" (?:something|things|anything|stuff|it|(?:the|a|an|our|their) [\w-]+(?: [\w-]+)?)"
    r" (?:breaks|broke|fails|failed|crashes|crashed|goes down|went down|is broken|was broken)"
    # A language background: "though English is not her first language".
    r"|(?<![\w-])(?:is|isn't|is not|was|wasn't|was not)(?: not)? (?:her|his|their|my|your)"
    r" (?:first|native|mother) (?:language|tongue)"
    # Demand from others: "customers keep asking for it", "clients keep coming back".
    r"|(?<![\w-])(?:customers|clients|guests|patients|users|people|everyone|buyers|readers"
    r"|the (?:team|client|customer)s?) (?:still )?keep (?:asking|coming back|requesting"
    r"|recommending|mentioning|booking|ordering|quoting)(?![\w-])"
    # The alternative avoided: "rather than sending it back again", "instead of on launch day".
    r"|(?<![\w-])(?:rather than|instead of)[^,;:.!?]*",
    re.I,
)


def setting_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in SETTING.finditer(text)]
