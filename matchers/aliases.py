"""Names a listed name implies: its parenthesised acronym standing for the words it abbreviates.

`Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau` is written
`XUAR People's Government Public Security Bureau` as often as in full, and the name without the
parenthesis is as valid as with it. Derived per listed name at index time, general for any list.
"""

from __future__ import annotations

import re

# A parenthesised acronym: 2-8 capitals (digits and `&` allowed after the first letter).
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,7})\s*\)")
_SKIP = frozenset({"and", "of", "the", "for", "de", "la", "del", "des", "du", "&"})


def derived_names(text: str) -> list[str]:
    """Aliases of `text`: without its parenthesised acronym, and with the acronym in place of the words
    whose initials it spells (only when they spell it exactly)."""
    out: list[str] = []
    for m in _PAREN_ACRONYM.finditer(text):
        acronym = m.group(1).replace("&", "")
        before, after = text[: m.start()].rstrip(), text[m.end() :].strip()
        without = f"{before} {after}".strip()
        if without and without != text:
            out.append(without)
        words = before.split()
        letters, k = "", len(words)
        while k > 0 and len(letters) < len(acronym):
            k -= 1
            word = words[k].strip(",.;:")
            if word.lower() in _SKIP or not word:
                continue
            letters = word[0].upper() + letters
        if letters == acronym and after:
            out.append(" ".join([*words[:k], m.group(1), after]).strip())
    return list(dict.fromkeys(out))
