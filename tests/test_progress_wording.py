"""The phrases a learner reads for locked modules (calm, local time, English names)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from growthcourse.progress.wording import format_day, join_titles, opening_phrase, waiting_phrase

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def test_opening_phrases_relative_to_now():
    now = london("2026-12-28 21:00")
    assert opening_phrase(london("2026-12-28 23:30"), now, LONDON) == "Opens today at 23:30"
    assert opening_phrase(london("2026-12-29 00:00"), now, LONDON) == "Opens tomorrow"
    assert opening_phrase(london("2026-12-29 09:15"), now, LONDON) == "Opens tomorrow at 09:15"
    assert opening_phrase(london("2026-12-31 00:00"), now, LONDON) == "Opens Thu 31 Dec, in 3 days"
    assert opening_phrase(london("2027-01-04 00:00"), now, LONDON) == "Opens Mon 4 Jan 2027, in 7 days"


def test_opening_phrase_counts_days_in_the_learners_zone():
    # 23:30 UTC on 28 Dec is already 29 Dec in Tokyo: midnight on 30 Dec is "tomorrow" there.
    tokyo = ZoneInfo("Asia/Tokyo")
    now = datetime.fromisoformat("2026-12-28 23:30+00:00")
    assert opening_phrase(datetime(2026, 12, 30, tzinfo=tokyo), now, tokyo) == "Opens tomorrow"
    assert opening_phrase(datetime(2026, 12, 30, tzinfo=tokyo), now, LONDON) == "Opens tomorrow at 15:00"


def test_waiting_phrases_name_every_module():
    assert waiting_phrase(["Week 2"]) == "Complete “Week 2” first"
    assert waiting_phrase(["Week 1", "Week 2"]) == "Complete “Week 1” and “Week 2” first"
    assert join_titles(["A", "B", "C"]) == "A, B and C"


def test_day_names_do_not_depend_on_the_locale():
    assert format_day(datetime(2026, 12, 8).date()) == "Tue 8 Dec"
