"""Alerts for tests: recorded, never shown."""

from __future__ import annotations

from ui.alerts import Alert, Alerts


class RecordingAlerts(Alerts):
    """Alerts that log and record like the real ones, but never open a box."""

    def __init__(self) -> None:
        super().__init__(interactive=True)
        self.shown: list[Alert] = []
        self.questions: list[str] = []
        self.answer = True

    def present(self, alert, parent=None, modal=False) -> None:
        self.shown.append(alert)

    def ask(self, question, parent=None) -> bool:
        self.questions.append(question)
        return self.answer
