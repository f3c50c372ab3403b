"""German separable verbs put back together: "Putin traf in Hanoi ein" says "eintreffen".

In a German main clause the particle of a separable verb stands at the clause's
end, away from its verb ("traf ... ein", "fand ... statt", "kündigte ... an"), so
neither word matches the verb a question asks about or the dictionary translates
("arrive" → "eintreffen"). `joined_verbs` returns the verbs a text writes apart:
the clause's last word joined to the lemma (`simplemma`) of a lower-case word
before it, kept only when the Ding dictionary knows the result as a German word,
so no list of particles is typed here and no non-word is made up.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from assistant.language.dictionary import english_words

_CLAUSE_END = re.compile(r"[,.;:!?()\[\]„“”\"«»–]")
_WORD = re.compile(r"[^\W\d_]+")
_MAX_PARTICLE = 8  # letters: "zusammen" ("kam ... zusammen")
_MIN_VERB = 4


@lru_cache(maxsize=50_000)
def joined_verbs(text: str) -> tuple[str, ...]:
    """The separable verbs `text` writes apart, as infinitives ("eintreffen")."""
    found: dict[str, None] = {}
    for clause in _CLAUSE_END.split(text):
        words = _WORD.findall(clause)
        if len(words) < 3 or not words[-1].islower() or len(words[-1]) > _MAX_PARTICLE:
            continue
        particle = words[-1]
        for word in words[1:-1]:
            if not word.islower() or len(word) < 2:
                continue
            lemma = simplemma.lemmatize(word, lang="de").lower()
            joined = particle + lemma
            if len(lemma) >= _MIN_VERB and lemma.endswith("n") and english_words(joined):
                found[joined] = None
    return tuple(found)
