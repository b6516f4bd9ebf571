"""Guess a clause's kind (must, must_not, should, may, information) from its wording.

Only a guess: the importer writes it with ``kind_guessed: true`` and a
comment saying what it rests on, for a person to confirm. The rules are checked strongest first, so a clause that says both
"must" and "it is recommended" is a ``must``, and "must not" beats "must".
"""

from __future__ import annotations

import re

# (kind, patterns); the first kind with a matching pattern wins.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "must_not",
        (
            r"\bmust\s+(?:not|never)\b",
            r"\bshall\s+(?:not|never)\b",
            r"\bwill\s+(?:not|never)\b",
            r"\bwon['’]t\b",
            r"\bmay\s+not\b",
            r"\b(?:are|is)\s+not\s+to\b",
            r"\bnot\s+(?:be\s+)?(?:permitted|allowed|authori[sz]ed)\b",
            # "shall refrain from", "must refrain from", "are to refrain from".
            r"\brefrain\s+from\b",
            r"\bprohibited\b",
            r"\bforbidden\b",
            # "X can only be shared through Y": every other way is ruled out.
            r"\b(?:can|may)\s+only\b",
            # An instruction that starts a sentence: "Do not post ...".
            r"(?:^|[.!?]\s+)(?:do\s+not|don['’]t|never)\b",
        ),
    ),
    (
        "must",
        (
            r"\bmust\b",
            r"\bshall\b",
            # "Staff will report …" states a duty in the district's voice.
            r"\bwill\b",
            # "are responsible for", "are personally responsible for", "is solely responsible for".
            r"\b(?:are|is)\s+(?:\w+ly\s+)?(?:responsible|required|obligated|expected)\b",
            r"\bare\s+to\b",
        ),
    ),
    ("should", (r"\bshould\b", r"\brecommended\b", r"\badvised\b", r"\bencouraged\b", r"\bdiscouraged\b")),
    # "may be in violation", "may be applicable" say what might happen, not what is allowed.
    ("may", (r"\bmay\b(?!\s+(?:not\s+)?be\b)", r"\b(?:are|is)\s+(?:permitted|allowed)\b")),
)
_COMPILED = tuple((kind, tuple(re.compile(p, re.IGNORECASE) for p in patterns)) for kind, patterns in _RULES)


def guess_kind(text: str) -> tuple[str, str]:
    """Guess what a clause asks of the reader.

    Returns:
        The kind, and a comment for the YAML saying what the guess is based on,
        e.g. ``guessed from "are not to": please confirm``.
    """
    for kind, patterns in _COMPILED:
        for pattern in patterns:
            found = pattern.search(text)
            if found:
                words = " ".join(found.group(0).strip(" .!?").split())
                return kind, f'guessed from "{words}": please confirm'
    return "information", "guessed: no must/should/may wording: please confirm"
