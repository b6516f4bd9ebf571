"""How long the package's ``cmi.suspend_data`` can get, checked before a package is made.

SCORM 1.2 gives a SCO 4,096 characters of ``cmi.suspend_data`` (a
CMIString4096) to keep an unfinished attempt, and an LMS may refuse or cut a
longer value. The package keeps the attempt there in a compact form, written
by ``docs/assets/quiz/scorm-progress.js`` (where the format is described):

    1.<fingerprint>.<seed>.<saved at>.<submitted>.<answers>

with the seed and the time in base 36 (at most 7 characters each: 2**32 - 1
is ``1z141z3``; seconds since 1970 stay within 7 until the year 4400), and
one base64url character for every six choices of each question. Its length
depends only on the bank, so a bank whose longest value would not fit is
refused when the package is made, not in a learner's LMS.
"""

from __future__ import annotations

from collections.abc import Iterable

# SCORM 1.2 run-time environment, cmi.suspend_data: CMIString4096.
SUSPEND_DATA_LIMIT = 4096

# Each base64url character carries six yes/no answers (one per choice).
CHOICES_PER_CHARACTER = 6

# "1" (the format) and the five dots; the seed and the time at their longest; the submitted flag.
_FIXED = len("1") + 5 + 7 + 7 + 1


def longest_suspend_data(fingerprint: str, choice_counts: Iterable[int]) -> int:
    """The most characters the attempt can take in ``cmi.suspend_data``.

    Args:
        fingerprint: the text's fingerprint (the page's ``data-fingerprint``).
        choice_counts: how many choices each question of the bank has.
    """
    return _FIXED + len(fingerprint) + sum(-(-count // CHOICES_PER_CHARACTER) for count in choice_counts)
