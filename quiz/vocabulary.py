"""The words the checker's rules are made of, defined once for every stage.

The build side reads rules and examples with these names, the engine
evaluates them, and the pages, the CLI and the browser show the verdict words
the engine returns. Nothing else spells them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import EngineError
from .json_input import described

# What a clause's scenario rule can do to the reader, strongest first. Each is
# a list of quotes taken word for word from the clause. "limits" is a limit
# the clause sets that the reader's answers meet (1.10.1: "can only be shared
# through district or school level accounts", for a district account): the
# clause's condition is met, which is not a permission.
EFFECTS = ("prohibits", "requires", "recommends", "limits", "informs")


@dataclass(frozen=True)
class Verdict:
    """One answer the checker can give: a machine token (used in links, data
    attributes and tests: never rename one) and the words people read."""

    token: str
    label: str
    meaning: str


# The words claim no more than the text: the checker never says "permitted",
# because the supplied document is incomplete and silence is not permission.
VERDICTS = {
    verdict.token: verdict
    for verdict in (
        Verdict("not_permitted", "Prohibited.", "A clause that applies to your situation prohibits it: see the quotation below."),
        Verdict("needs_answers", "Not decided yet.", "Answer the questions listed below: they could change the result."),
        Verdict(
            "not_addressed",
            "Not addressed by the supplied text.",
            "You answered yes to something no clause of the supplied text decides for your situation (listed below). "
            "The text does not say it is allowed, nor that it is not: ask before you go ahead.",
        ),
        Verdict(
            "permitted_with_requirements",
            "Requirements apply.",
            "Clauses that apply to your situation require the things listed below. They do not say more than that.",
        ),
        Verdict(
            "permitted",
            "Not prohibited by the supplied text.",
            "No clause of the supplied text prohibits it or sets requirements for your situation. "
            "The supplied text is incomplete, so this is not a permission.",
        ),
    )
}

# How a yes/no answer may be written in a link or on the command line; the
# YAML files write true/false, which reach the engine as booleans.
YES_NO_WORDS = {"yes": True, "no": False}

# How each source writes yes/no, for messages that say how to fix an answer.
YES_NO_IN_LINKS = "yes or no"
YES_NO_IN_YAML = "true or false"


def read_answer(fact: str, values: Sequence[str], value, yes_no_written_as: str = YES_NO_IN_LINKS) -> bool | str:
    """Check one answer to a fact and return it as the engine compares it.

    The one validator for answers, wherever they come from: a shared link, the
    CLI, a worked example or a condition in the YAML.

    Args:
        fact: the fact's name, for the message.
        values: the fact's allowed values; empty for a yes/no fact.
        value: the answer as given (a bool, or text).
        yes_no_written_as: ``YES_NO_IN_LINKS`` accepts ``yes``/``no`` (and
            booleans); ``YES_NO_IN_YAML`` accepts only booleans.

    Raises:
        EngineError: saying what is wrong and what is allowed.
    """
    if not values:
        if isinstance(value, bool):
            return value
        if yes_no_written_as == YES_NO_IN_LINKS and isinstance(value, str) and value in YES_NO_WORDS:
            return YES_NO_WORDS[value]
        raise EngineError(f'fact "{fact}" is yes/no: write {yes_no_written_as}, not {_shown(value)}')
    if isinstance(value, str) and value in values:
        return value
    if isinstance(value, (list, dict)):
        raise EngineError(f'fact "{fact}" takes one value, not {described(value)}; allowed: {", ".join(values)}')
    raise EngineError(f'fact "{fact}" has no value {_shown(value)}; allowed: {", ".join(values)}')


def answer_as_link_value(value: bool | str) -> str:
    """An engine answer as it is written in a link: ``yes``/``no`` or the value."""
    return ("yes" if value else "no") if isinstance(value, bool) else value


def _shown(value) -> str:
    """An answer as a message quotes it; a list or an object (JSON allows
    either) is named, not printed, since it can never be an answer."""
    if isinstance(value, (list, dict)):
        return described(value)
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    text = str(value)
    return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'
