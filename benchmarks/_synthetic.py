"""Deterministic synthetic data for the benchmarks: a large course and event sets.

- ``write_course(folder, modules=100, lessons=20, words=300)``: a valid course
  (course.toml + one file per module), each lesson ``words`` words of Markdown
  with one exercise (the five kinds in turn).
- ``write_events(data_dir, course, count, devices=10)``: ``count`` events of
  ``course`` from ``devices`` devices, written the way growthcourse writes them
  (``devices/<id>/events-YYYY-MM.jsonl``, one compact JSON line each, via
  ``growthcourse.store.events.to_json``), in the mix issue 3 asks for: about
  60% answers and ticks, 30% lessons opened, 10% reflection revisions of about
  200 words (each naming the previous revision of its reflection as parent).

Both are seeded, so every run measures the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from growthcourse.course.model import Course

WORDS = (
    "space patience partner distance notice feeling urge fix wait breathe calm growth trust listen "
    "gentle honest steady kind moment week change slowly yourself together apart worry fear hope "
    "quiet walk write journal counsellor session pause breath body name sadness careful pattern "
    "reflex rush pressure offer ask respect choice friend family sleep morning evening habit small"
).split()

_KINDS = ("reflection", "choice", "checklist", "scale", "practice")


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _paragraphs(rng: random.Random, words: int) -> str:
    """About ``words`` words of Markdown: a heading, paragraphs, a list."""
    parts = [f"### {_words(rng, 4).capitalize()}", ""]
    left = words - 4
    while left > 0:
        size = min(left, rng.randint(40, 70))
        parts += [_words(rng, size).capitalize() + ".", ""]
        left -= size
        if left > 30 and rng.random() < 0.3:
            parts += [f"- {_words(rng, 5)}" for _ in range(3)] + [""]
            left -= 15
    return "\n".join(parts)


def _exercise(kind: str, ident: str, rng: random.Random) -> str:
    head = f'[[lessons.exercises]]\nid = "{ident}"\nkind = "{kind}"\n'
    if kind == "reflection":
        return head + f'prompt = "{_words(rng, 10)}?"\nmin_words = 50\n'
    if kind == "choice":
        return head + (f'question = "{_words(rng, 8)}?"\n'
                       + "".join(f'[[lessons.exercises.options]]\ntext = "{_words(rng, 4)}"\n'
                                 f'feedback = "{_words(rng, 8)}"\n' for _ in range(3)))
    if kind == "checklist":
        items = ", ".join(f'"{_words(rng, 4)}"' for _ in range(4))
        return head + f'prompt = "{_words(rng, 8)}"\nitems = [{items}]\n'
    if kind == "scale":
        return head + (f'prompt = "{_words(rng, 8)}?"\nmin = 0\nmax = 10\n'
                       'labels = { "0" = "not at all", "10" = "completely" }\nseries = "settled"\n')
    return head + f'prompt = "{_words(rng, 10)}"\ntimes = 3\n'


def write_course(folder: Path, modules: int = 100, lessons: int = 20, words: int = 300, *, seed: int = 7) -> Path:
    """Write a synthetic course into ``folder``; return the folder."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{index:03d}-module.toml" for index in range(1, modules + 1)]
    listing = "".join(f'  "{name}",\n' for name in names)
    (folder / "course.toml").write_text(
        'format = 1\nid = "synthetic"\ntitle = "A synthetic course"\nversion = "1.0.0"\n'
        f'description = """\n{_paragraphs(rng, 120)}\n"""\nmodules = [\n{listing}]\n'
        "[pacing]\nmin_days_between_modules = 7\n",
        encoding="utf-8",
    )
    counter = 0
    for index, name in enumerate(names, 1):
        out = [f'id = "m{index:03d}"\ntitle = "Module {index}: {_words(rng, 3)}"\n'
               f'summary = "{_words(rng, 15)}"\n']
        for lesson in range(1, lessons + 1):
            counter += 1
            out.append(f'\n[[lessons]]\nid = "l{lesson:02d}"\ntitle = "{_words(rng, 4).capitalize()}"\n'
                       f"minutes = {rng.randint(5, 15)}\nbody = '''\n{_paragraphs(rng, words)}\n'''\n")
            out.append(_exercise(_KINDS[counter % len(_KINDS)], f"e{index:03d}-{lesson:02d}", rng))
        (folder / name).write_text("".join(out), encoding="utf-8")
    return folder


def write_events(data_dir: Path, course: Course, count: int, devices: int = 10, *, seed: int = 11,
                 start_ms: int = 1_760_000_000_000) -> int:
    """Write ``count`` events of ``course`` from ``devices`` devices into ``data_dir``; return the count."""
    from growthcourse.store import events as ev
    from growthcourse.store.eventlog import device_dir, log_name

    rng = random.Random(seed)
    device_ids = [f"{rng.getrandbits(48):012x}" for _ in range(devices)]
    by_kind: dict[str, list] = {kind: [] for kind in _KINDS}
    for exercise in course.exercises():
        by_kind[exercise.kind].append(exercise)
    answers = [e for kind in ("choice", "checklist", "scale", "practice") for e in by_kind[kind]]
    reflections = by_kind["reflection"]
    lessons = [(module.id, lesson.id) for module in course.modules for lesson in module.lessons]
    heads: dict[str, str] = {}
    files: dict[Path, list[str]] = {}
    ms = start_ms
    counters = {device: 0 for device in device_ids}

    def emit(device: str, type_: str, data: dict) -> None:
        nonlocal ms
        ms += rng.randint(1, 4000)
        event = ev.Event(f"{rng.getrandbits(128):032x}", device, course.id, ev.HLC(ms, counters[device]),
                         ev.format_wall(ms), type_, data)
        path = device_dir(data_dir, device) / log_name(ms)
        files.setdefault(path, []).append(ev.to_json(event))
        if type_ == ev.REFLECTION_SAVED:
            heads[data["exercise"]] = event.id

    written = 0
    for device in device_ids:
        if written < count:
            emit(device, ev.DEVICE_NAMED, {"name": f"device-{device[:4]}"})
            written += 1
        if written < count:
            emit(device, ev.COURSE_STARTED, {})
            written += 1
    while written < count:
        device = rng.choice(device_ids)
        roll = rng.random()
        if roll < 0.6 and answers:
            exercise = rng.choice(answers)
            if exercise.kind == "choice":
                data = {"exercise": exercise.id, "option": rng.randrange(len(exercise.options))}
                emit(device, ev.CHOICE_ANSWERED, data)
            elif exercise.kind == "checklist":
                data = {"exercise": exercise.id, "item": rng.randrange(len(exercise.items)),
                        "ticked": rng.random() < 0.8}
                emit(device, ev.ITEM_TICKED, data)
            elif exercise.kind == "scale":
                emit(device, ev.SCALE_RECORDED, {"exercise": exercise.id,
                                                 "value": rng.randint(exercise.min, exercise.max)})
            else:
                emit(device, ev.PRACTICE_LOGGED, {"exercise": exercise.id, "note": _words(rng, 12)})
        elif roll < 0.9 or not reflections:
            module_id, lesson_id = rng.choice(lessons)
            emit(device, ev.LESSON_OPENED, {"module": module_id, "lesson": lesson_id})
        else:
            exercise = rng.choice(reflections)
            parent = heads.get(exercise.id)
            emit(device, ev.REFLECTION_SAVED, {"exercise": exercise.id, "text": _words(rng, 200),
                                               "parents": [parent] if parent else []})
        written += 1
    for path, lines in files.items():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    return written
