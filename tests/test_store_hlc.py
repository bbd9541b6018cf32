"""The hybrid logical clock orders events right when device clocks disagree."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from growthcourse.store.events import HLC
from growthcourse.store.hlc import HybridClock

DAY_MS = 24 * 3600 * 1000


class FakeWall:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_now_follows_the_wall_clock_when_it_moves_forward() -> None:
    wall = FakeWall(1_000)
    clock = HybridClock(wall)
    assert clock.now() == HLC(1_000, 0)
    wall.ms = 2_000
    assert clock.now() == HLC(2_000, 0)


def test_same_millisecond_raises_the_counter() -> None:
    clock = HybridClock(FakeWall(5))
    assert [clock.now() for _ in range(3)] == [HLC(5, 0), HLC(5, 1), HLC(5, 2)]


def test_wall_clock_going_backwards_never_goes_back() -> None:
    wall = FakeWall(10_000)
    clock = HybridClock(wall)
    first = clock.now()
    wall.ms = 9_000  # NTP correction
    assert clock.now() > first


def test_device_a_day_behind_writes_after_what_it_read() -> None:
    ahead = HybridClock(FakeWall(1_764_000_000_000 + DAY_MS))
    behind = HybridClock(FakeWall(1_764_000_000_000))
    seen = [ahead.now() for _ in range(3)]
    for hlc in seen:
        behind.observe(hlc)
    mine = behind.now()
    assert all(hlc < mine for hlc in seen)
    # and the device ahead, reading that, continues after it too
    ahead.observe(mine)
    assert mine < ahead.now()


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["tick", "observe", "jump"]),
            st.integers(min_value=-2 * DAY_MS, max_value=2 * DAY_MS),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=60,
    )
)
def test_now_exceeds_everything_issued_or_observed(steps) -> None:
    base = 1_764_000_000_000
    wall = FakeWall(base)
    clock = HybridClock(wall)
    greatest = HLC(0, 0)
    for action, offset, counter in steps:
        if action == "jump":
            wall.ms = base + offset
        elif action == "observe":
            seen = HLC(base + offset, counter)  # another device, up to two days off
            clock.observe(seen)
            greatest = max(greatest, seen, key=lambda h: (h.ms, h.counter))
        else:
            issued = clock.now()
            assert greatest < issued
            greatest = issued
    assert greatest <= clock.last
