"""A question with options: choose one, read its feedback, try again if you like.

Polls (no correct option) simply record the choice.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from growthcourse.course.model import Choice
from growthcourse.progress import ChoiceFacts
from growthcourse.store import events as ev
from growthcourse.tui.exercises.common import ExerciseScreenBase
from growthcourse.tui.text import hanging, literal
from growthcourse.tui.widgets.markdown_text import CourseMarkdown


class ChoiceScreen(ExerciseScreenBase):
    AUTO_FOCUS = "#options"
    DEFAULT_CSS = """
    ChoiceScreen {
        #choice { padding: 0 2; }
        #options { height: auto; max-height: 12; margin-top: 1; }
        #feedback { margin-top: 1; padding: 0 1; border: round $primary; height: auto; display: none; }
        #feedback.-shown { display: block; }
        #choice-hint { color: $text-muted; margin-top: 1; }
    }
    """

    exercise: Choice

    def compose(self) -> ComposeResult:
        yield from self.header()
        with VerticalScroll(id="choice"):
            yield self.title_widget()
            yield CourseMarkdown(self.exercise.question, id="question")
            yield OptionList(*self._options(), id="options")
            yield Static("", id="feedback", markup=False)
            hint = ("Any answer is fine: this question has no right or wrong."
                    if self.exercise.is_poll else "You can choose again as often as you like.")
            hint = "↑ ↓ and Enter, or a number, to choose. " + hint
            yield Static(Content(hint), id="choice-hint")
            yield self.done_note()
        yield Footer()

    def on_mount(self) -> None:
        facts = self._facts()
        if facts is not None and facts.latest is not None:
            options = self.query_one(OptionList)
            options.highlighted = facts.latest.option
            self._show_feedback(facts.latest.option)

    def _facts(self) -> ChoiceFacts | None:
        facts = self.session.state.progress.choices.get(self.exercise.id)
        return facts

    def _chosen(self) -> int | None:
        facts = self._facts()
        return facts.latest.option if facts is not None and facts.latest is not None else None

    def _options(self) -> list[Option]:
        chosen = self._chosen()
        rows = []
        for index, option in enumerate(self.exercise.options):
            text = option.text
            if index == chosen:
                if self.exercise.is_poll:
                    mark = "  ← your answer"
                elif option.correct:
                    mark = "  ✓ your answer: yes"
                else:
                    mark = "  ✗ your answer: not quite"
                text += mark
            rows.append(Option(hanging([(f"{index + 1}.", text)]), id=f"option-{index}"))
        return rows

    def _show_feedback(self, index: int) -> None:
        option = self.exercise.options[index]
        if self.exercise.is_poll:
            words = "Thank you, your answer is noted."
        elif option.correct:
            words = "✓ Yes, that's it."
        else:
            words = "✗ Not quite. Read the feedback and try again if you like."
        if option.feedback:
            words += "\n\n" + option.feedback
        feedback = self.query_one("#feedback", Static)
        feedback.update(literal(words))
        feedback.add_class("-shown")
        # On a small terminal the feedback may start below the fold: bring all of it into view.
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if self.record(ev.CHOICE_ANSWERED, {"exercise": self.exercise.id, "option": index}) or self.session.preview:
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options(self._options())
            options.highlighted = index
            self._show_feedback(index)

    def on_key(self, event) -> None:
        """Digits choose an option directly."""
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.exercise.options):
                event.stop()
                options = self.query_one(OptionList)
                options.highlighted = index
                options.action_select()
