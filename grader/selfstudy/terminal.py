"""How self-study output looks: colour on a terminal (unless NO_COLOR is set), plain text otherwise."""

import os
import sys

_CODES = {"pass": "32", "fail": "31", "part": "33", "dim": "2", "bold": "1"}
MARKS = {"pass": "✓", "fail": "✗", "part": "◐"}


def wants_colour(stream=None):
    """https://no-color.org: any non-empty NO_COLOR turns colour off; so does a pipe or a file."""
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


class Style:
    def __init__(self, colour):
        self.colour = colour

    def __call__(self, kind, text):
        if not self.colour or kind not in _CODES:
            return text
        return f"\033[{_CODES[kind]}m{text}\033[0m"


def status_of(score, max_score):
    """"pass", "part" or "fail" for a score."""
    if score >= max_score:
        return "pass"
    return "part" if score > 0 else "fail"
