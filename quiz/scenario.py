"""The "Can I do this?" checker: facts in, verdict and reasons out.

Every clause whose condition holds for the answers applies; its effects
(quoted word for word from the clause) make the verdict:

- any prohibition that applies  -> ``not_permitted`` ("Prohibited")
- else a prohibition or requirement that might apply, depending on a
  question not answered yet     -> ``needs_answers`` (the open questions are listed)
- else a "yes" that no applying clause decided on
                                -> ``not_addressed`` (the answers are listed)
- else any requirement          -> ``permitted_with_requirements`` ("Requirements apply")
- else                          -> ``permitted`` ("Not prohibited by the supplied text")

Nothing is guessed: an unanswered question that matters is reported, and no
answer is ignored silently: a "yes" either makes a clause apply or is listed
as not addressed. Every answer carries what the supplied text lacks and whom
to ask. The words for each verdict come from ``quiz.vocabulary.VERDICTS``.
"""

from __future__ import annotations

import difflib

from .bundle import Bundle, Fact
from .conditions import deciding_facts, evaluate, undecided_facts
from .errors import EngineError
from .limits import MAX_FACTS, at_most
from .vocabulary import EFFECTS, VERDICTS, answer_as_link_value, read_answer


def read_answers(facts: tuple[Fact, ...], raw: dict) -> dict:
    """Check answers (as in a link: ``yes``/``no`` or a value) and turn them into engine values.

    Empty answers count as not answered. Unknown names or values are errors.
    """
    if not isinstance(raw, dict):
        raise EngineError("facts must map fact names to answers")
    at_most(raw, MAX_FACTS, "facts")
    by_name = {f.name: f for f in facts}
    answers = {}
    for name, value in raw.items():
        fact = by_name.get(name)
        if fact is None:
            close = difflib.get_close_matches(str(name), list(by_name), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise EngineError(f"unknown fact {name!r}; {hint}known facts: {', '.join(by_name)}")
        if value is None or value == "":
            continue
        answers[name] = read_answer(name, fact.value_names, value)
    return answers


def asked_facts(facts: tuple[Fact, ...], answers: dict) -> tuple[list[str], dict]:
    """Which questions are asked given the answers, top to bottom, and the answers that count.

    An answer to a question that is not asked (e.g. comments, for a personal
    account) is set aside, so a hidden answer never changes the result.
    """
    asked, counted = [], {}
    for fact in facts:
        if fact.asked_when is None or evaluate(fact.asked_when, counted) is True:
            asked.append(fact.name)
            if fact.name in answers:
                counted[fact.name] = answers[fact.name]
    return asked, counted


def check_scenario(bundle: Bundle, raw_answers: dict) -> dict:
    """Answer "Can I do this?" for the given answers.

    Args:
        bundle: the policy bundle (facts, and clauses with their scenario rules).
        raw_answers: fact name -> answer as in a link (``yes``/``no`` or a value).

    Returns:
        verdict (with its words), the answers that counted, the questions now
        asked, the open questions, the clauses that apply (verbatim, with why),
        the prohibitions, checklist, recommendations, limits met and
        information, each quoted from its clause, the "yes" answers no clause
        decided on, and what the supplied text lacks.
    """
    by_name = {f.name: f for f in bundle.facts}
    asked, answers = asked_facts(bundle.facts, read_answers(bundle.facts, raw_answers))
    applying, lists = [], {name: [] for name in EFFECTS}
    undecided = {name: False for name in EFFECTS}
    open_facts: set[str] = set()
    for clause in bundle.clauses.values():
        # Ordered sets (dict keys): each quote and reason once, in order, without a quadratic search.
        effects: dict[str, dict[str, None]] = {name: {} for name in EFFECTS}
        because: dict[str, None] = {}
        for rule in clause.scenario:
            outcome = evaluate(rule.when, answers)
            if outcome is None:
                open_facts |= undecided_facts(rule.when, answers)
                for name in EFFECTS:
                    undecided[name] |= bool(rule.quotes(name))
            elif outcome:
                because.update(dict.fromkeys(deciding_facts(rule.when, answers)))
                for name in EFFECTS:
                    effects[name].update(dict.fromkeys(rule.quotes(name)))
        if not because:
            continue
        for name in EFFECTS:
            lists[name] += [{"clause": clause.number, "text": quote} for quote in effects[name]]
        applying.append({
            **clause.citation(bundle.procedure_url),
            "effects": {name: list(quotes) for name, quotes in effects.items()},
            "because": [_reason(by_name[name], answers[name]) for name in because],
        })

    decided_on = {reason["fact"] for clause in applying for reason in clause["because"]}
    unaddressed = [
        _reason(fact, True) for fact in bundle.facts if answers.get(fact.name) is True and fact.name not in decided_on
    ]
    if lists["prohibits"]:
        verdict = "not_permitted"
    elif undecided["prohibits"] or (undecided["requires"] and not lists["requires"]):
        verdict = "needs_answers"
    elif unaddressed:
        verdict = "not_addressed"
    elif lists["requires"]:
        verdict = "permitted_with_requirements"
    else:
        verdict = "permitted"
    open_questions = [
        {"fact": f.name, "question": f.question} for f in bundle.facts if f.name in open_facts and f.name in asked
    ]
    return {
        "verdict": verdict,
        "verdict_label": VERDICTS[verdict].label,
        "verdict_meaning": VERDICTS[verdict].meaning,
        "answers": {name: answer_as_link_value(value) for name, value in answers.items()},
        "asked": asked,
        "open_questions": open_questions,
        "clauses": applying,
        "prohibitions": lists["prohibits"],
        "checklist": lists["requires"],
        "recommendations": lists["recommends"],
        "limits_met": lists["limits"],
        "information": lists["informs"],
        "unaddressed": unaddressed,
        "supplied_text": {"gaps": list(bundle.gaps), "ask": bundle.ask},
    }


def _reason(fact: Fact, value) -> dict:
    """One answer that made a clause apply, as a person reads it."""
    return {
        "fact": fact.name,
        "question": fact.question,
        "answer": answer_as_link_value(value),
        "answer_label": fact.label_of(value),
    }
