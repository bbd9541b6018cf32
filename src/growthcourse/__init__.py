"""growthcourse: a calm terminal course for therapeutic homework.

Everything in this package except ``growthcourse.tui`` is the pure core and
must never import textual (``tests/test_architecture.py`` enforces it).
"""

__version__ = "0.1.0"
