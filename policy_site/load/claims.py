"""What our own texts (questions, feedback, fact help, example names) claim
about the district's text, checked against it.

Questions and help texts are ours; the clauses are the district's. Two kinds
of claim go wrong quietly, so ``policy check`` flags them:

- an uncited source: a question that names a clause ("clause 1.8"), quotes
  a phrase in quotation marks, or repeats a run of words from a clause's text
  that it does not cite. A reader checks an answer against the clauses shown
  beside it; an uncited one is a claim they cannot check.
- a claim about text we do not have: "the procedure does not ..." speaks for
  the whole procedure, while the supplied document is incomplete. Write "the
  supplied text does not ..." instead.

A simple check on purpose (no paraphrase detection): it catches the slips
that happen, and explains each one with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..common.problems import Location, ProblemLog
from ..model.content import Content

# How many words a run must share with a clause's text to count as repeating it:
# fewer matches the district's common phrases ("professional social media sites").
REPEATED_RUN_WORDS = 6
# A phrase in quotation marks of at least this many words is a quotation.
QUOTED_PHRASE_WORDS = 3

_CLAUSE_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)+(?![\d.]*\d)")
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SPEAKS_FOR_THE_PROCEDURE = re.compile(r"\b(?:the|this) procedure (?:does not|doesn't|never)\b", re.I)


def check_claims(content: Content, log: ProblemLog) -> None:
    """Add a warning for every uncited clause a question relies on, and every claim about missing text."""
    clauses = {c.number: _words(c.text) for c in content.policy.clauses if c.text}
    for question in content.questions.questions:
        cited = set(question.cites)
        for text in _question_texts(question):
            for number in sorted(_uncited_clauses(text, clauses, cited)):
                log.warning(
                    question.location,
                    f'question "{question.id}" relies on clause {number} ({_shortened(text)}) but does not cite it; '
                    f'add "{number}" to its cites, or reword',
                )
    for location, owner, text in _our_texts(content):
        if _SPEAKS_FOR_THE_PROCEDURE.search(text):
            log.warning(
                location,
                f'{owner} says "{_SPEAKS_FOR_THE_PROCEDURE.search(text).group(0)} …", but the supplied document is '
                'incomplete: write "the supplied text does not …"',
            )


def _uncited_clauses(text: str, clauses: dict[str, list[str]], cited: set[str]) -> set[str]:
    found = {number for number in _CLAUSE_NUMBER.findall(text) if number in clauses and number not in cited}
    phrases = [_words(p) for p in _QUOTED.findall(text) if len(_words(p)) >= QUOTED_PHRASE_WORDS]
    words = _words(text)
    phrases += [words[i : i + REPEATED_RUN_WORDS] for i in range(len(words) - REPEATED_RUN_WORDS + 1)]
    for phrase in phrases:
        if any(_contains(clauses[number], phrase) for number in cited if number in clauses):
            continue  # the cited clauses say it
        found |= {number for number, clause in clauses.items() if _contains(clause, phrase)}
    return found


def _question_texts(question) -> Iterator[str]:
    yield from (question.prompt, question.explanation, question.situation or "")
    for choice in question.choices:
        yield choice.text
        yield choice.feedback or ""


def _our_texts(content: Content) -> Iterator[tuple[Location, str, str]]:
    for question in content.questions.questions:
        for text in _question_texts(question):
            yield question.location, f'question "{question.id}"', text
    for fact in content.facts:
        for text in (fact.question, fact.help or "", *(v.label for v in fact.values)):
            yield fact.location, f'fact "{fact.name}"', text
    for example in content.examples:
        yield example.location, f'example "{example.name}"', example.name


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _contains(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _shortened(text: str, limit: int = 50) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit].rsplit(" ", 1)[0]}…"'
