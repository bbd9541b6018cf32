"""Pilot tests: first start, Continue, moving through modules and lessons, resume across devices."""

from __future__ import annotations

from tuikit import FakeClock, event_types, make_app, open_store, screen_text, tui_course, wait_for_text, started_app

from growthcourse.store.events import COURSE_STARTED, LESSON_OPENED, REFLECTION_SAVED
from growthcourse.tui.screens.about import AboutScreen
from growthcourse.tui.screens.dashboard import DashboardScreen
from growthcourse.tui.exercises.reflection import ReflectionScreen
from growthcourse.tui.screens.lesson import LessonScreen
from growthcourse.tui.screens.module import ModuleScreen


async def test_the_welcome_scrolls_by_keyboard_while_begin_has_focus(tmp_path):
    from growthcourse.course.loader import load_course
    from growthcourse.resources import builtin_course_dir

    clock = FakeClock()
    store = open_store(tmp_path, clock)
    app = make_app(load_course(builtin_course_dir()), store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen) and app.focused.id == "close"
        assert "Course version" not in screen_text(app)  # the credits are below the fold
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Adam Day" in screen_text(app) and "Course version" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert "Course version" not in screen_text(app)


async def test_first_start_welcomes_then_shows_the_dashboard(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    app = make_app(course, store, clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen) and app.screen.welcome
        text = screen_text(app)
        assert "Welcome" in text
        assert "Written by A. Counsellor" in text
        assert "Course version 1.0" in text
        assert "Begin" in text.splitlines()[-2] and "⏎ Begin" in text.splitlines()[-1]  # the action, and the key
        await pilot.press("enter")  # "Begin"
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        text = screen_text(app)
        assert "From fix-it to growth" in text
        assert "A test course in three weeks" in text
        assert "○  Week 1: When they pull away" in text
        assert "Open · ready when you are" in text
        assert "Locked · Complete “Week 1: When they pull away” first" in text
        assert "You started this course today." in text
        assert app.focused is not None and app.focused.id == "modules"
        assert app.focused.highlighted_option.id == "continue"
        assert "Continue: The urge to fix" in text
    assert event_types(store, course.id).count(COURSE_STARTED) == 1

    # The welcome is shown once: the next start goes straight to the dashboard.
    app = make_app(course, open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    assert event_types(store, course.id).count(COURSE_STARTED) == 1


async def test_a_click_on_begin_shows_the_dashboard(tmp_path):
    clock = FakeClock()
    app = make_app(tui_course(tmp_path), open_store(tmp_path, clock), clock, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_about_is_reachable_from_the_dashboard(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen) and not app.screen.welcome
        assert "A short course for tests." in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        assert "esc Back" in footer and "⏎" not in footer  # one way back named once; Enter still works
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_continue_opens_the_resume_lesson_and_records_it(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert (app.screen.module_id, app.screen.lesson_id) == ("week-one", "urge")
        text = screen_text(app)
        assert "The urge to fix" in text and "Lesson 1 of 2 · about 12 min" in text
        await pilot.pause()
    opened = [e.data for e in store.events(course.id) if e.type == LESSON_OPENED]
    assert opened == [{"module": "week-one", "lesson": "urge"}]


async def test_navigating_modules_lessons_and_exercises(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # below Continue: the first module
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "week-one"
        text = screen_text(app)
        assert "What happens in you when your partner needs space." in text
        assert "1. The urge to fix" in text and "12 min" in text
        assert "2. A pause" in text and "5 min" in text
        assert "✓ done  ◐ partly done  ○ not yet" in text  # the marks explained, not only drawn

        await pilot.press("down", "enter")  # the second lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "pause"
        assert "Take a breath." in screen_text(app)

        await pilot.press("p")  # previous lesson
        await pilot.pause()
        assert app.screen.lesson_id == "urge"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.lesson_id == "pause"
        await pilot.press("n")  # the next lesson is in a locked module: stay, and say what comes next
        await pilot.pause()
        assert app.screen.lesson_id == "pause"
        said = [n.message for n in app._notifications]
        assert said and said[-1].startswith("This is the last lesson open for now.")

        await pilot.press("escape")  # previous/next replace the lesson: back goes to the module
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen)
        # The lesson without exercises counts as done once opened.
        assert "✓  2. A pause" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")  # escape on the dashboard does nothing
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


async def test_exercises_are_listed_with_their_state_and_open_a_plain_screen(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    store = open_store(tmp_path, clock)
    store.append(course.id, COURSE_STARTED, {})
    app = make_app(course, store, clock, tmp_path, device="a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Exercises" in text
        assert "○  Reflection: What you noticed" in text and "not yet" in text
        await pilot.click("#exercise-w1-notice")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        text = screen_text(app)
        assert "What did you notice in yourself this week?" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)

        # A reflection saved (here: as another device would) shows as done once the state refreshes.
        store.append(course.id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "I noticed.", "parents": []})
        app.session.events = store.events(course.id)
        app.session.state = app.session._derive()
        app.state_version += 1
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert "✓  Reflection: What you noticed" in screen_text(app)


async def test_a_second_device_resumes_where_the_first_left_off(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    laptop = open_store(tmp_path, clock, device="laptop")
    laptop.append(course.id, COURSE_STARTED, {})
    app = make_app(course, laptop, clock, tmp_path, device="laptop")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", "down", "enter")  # week one, second lesson
        await pilot.pause()
        assert app.screen.lesson_id == "pause"
        await pilot.pause()

    clock.advance(hours=3)
    desktop = open_store(tmp_path, clock, device="desktop")
    assert desktop.device_id != laptop.device_id
    app = make_app(course, desktop, clock, tmp_path, device="desktop")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)  # no second welcome on the desktop
        assert "Continue: A pause" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert (app.screen.module_id, app.screen.lesson_id) == ("week-one", "pause")


async def test_continue_shows_the_whole_title_when_the_resume_lesson_changes(tmp_path):
    from growthcourse.course.model import Course, Lesson, Module

    lessons = (
        Lesson(id="one", title="Short", body="One.", module_id="m"),
        Lesson(id="two", title="Feeling unseen: care and consideration", body="Two.", module_id="m"),
    )
    course = Course(id="c", title="Course", modules=(Module(id="m", title="Module", file="m.toml",
                                                            lessons=lessons),))
    app, *_ = started_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "▶ Continue: Short" in screen_text(app)
        app.open_lesson("m", "two")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "▶ Continue: Feeling unseen: care and consideration" in screen_text(app)


async def test_each_module_row_shows_the_engines_state_in_words(tmp_path):
    from growthcourse.tui.widgets.module_list import ModuleList
    from growthcourse.tui.wording import module_state_words

    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(ModuleList)
        ids = [option.id for option in rows.options]
        assert ids == ["continue", "module-week-one", "module-week-two", "module-week-three"]
        assert [rows.module_of(option_id) for option_id in ids] == [None, "week-one", "week-two", "week-three"]
        text = screen_text(app)
        for view in app.session.state.modules:
            assert rows.shown_state(view.id) == module_state_words(view)
            assert module_state_words(view) in text
        assert rows.shown_state("week-two") == "Locked · Complete “Week 1: When they pull away” first"


async def test_work_synced_from_another_device_shows_while_the_app_is_open(tmp_path):
    clock = FakeClock()
    course = tui_course(tmp_path)
    laptop = open_store(tmp_path, clock, device="laptop")
    laptop.append(course.id, COURSE_STARTED, {})
    app = make_app(course, laptop, clock, tmp_path, device="laptop", clock_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Continue: The urge to fix" in screen_text(app)
        desktop = open_store(tmp_path, clock, device="desktop")
        desktop.append(course.id, LESSON_OPENED, {"module": "week-one", "lesson": "pause"})
        desktop.append(course.id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "Noticed.", "parents": []})
        text = await wait_for_text(app, pilot, "Continue: A pause")
        assert "✓  Week 1: When they pull away" in text


async def test_exercise_states_in_words_including_a_reflection_edited_on_two_devices(tmp_path):
    from growthcourse.store.events import SCALE_RECORDED

    clock = FakeClock()
    course = tui_course(tmp_path)
    laptop = open_store(tmp_path, clock, device="laptop")
    desktop = open_store(tmp_path, clock, device="desktop")
    laptop.append(course.id, COURSE_STARTED, {})
    laptop.append(course.id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "On the laptop.", "parents": []})
    desktop.append(course.id, REFLECTION_SAVED, {"exercise": "w1-notice", "text": "On the desktop.", "parents": []})
    laptop.append(course.id, SCALE_RECORDED, {"exercise": "w2-settled", "value": 4})  # week two is locked: kept
    app = make_app(course, open_store(tmp_path, clock, device="laptop"), clock, tmp_path, device="laptop")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        app.open_lesson("week-one", "urge")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "✓  Reflection: What you noticed" in text, text
        assert "done · edited on two devices" in text


async def test_the_mouse_works_too(tmp_path):
    app, store, clock, course = started_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#modules", offset=(6, 2))  # the first module's title (under Continue and a rule)
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "week-one"
        await pilot.click("#lesson-pause")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "pause"
        await pilot.click("#previous")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "urge"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.click("#modules", offset=(6, 0))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson_id == "urge"


async def test_a_long_course_scrolls_under_the_heading_and_keeps_the_highlighted_module_in_view(tmp_path):
    from coursekit import module_dict, write_course

    from growthcourse.course.loader import load_course
    from growthcourse.tui.widgets.module_list import ModuleList

    modules = {f"{number:02d}-m{number}.toml": module_dict(f"m{number}", title=f"Week {number}: a step")
               for number in range(1, 13)}
    app, *_ = started_app(tmp_path, load_course(write_course(tmp_path / "long", modules=modules)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(ModuleList)
        assert rows.max_scroll_y > 0  # twelve modules do not fit in 80x24
        assert "Week 12: a step" not in screen_text(app)
        await pilot.press(*["down"] * 12)  # Continue, then the twelve modules
        await pilot.pause()
        text = screen_text(app)
        assert "Week 12: a step" in text and "Locked · Complete “Week 11: a step” first" in text
        assert "A test course" in text.splitlines()[2]  # the heading stays at the top
        assert "You started this course today." in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ModuleScreen) and app.screen.module_id == "m12"
