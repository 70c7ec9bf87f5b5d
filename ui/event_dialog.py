"""The dialog that creates or edits an event.

Times are typed as wall-clock times in the event's own zone ("12:30" with
"GMT-6", as the seeds write them) and stored as UTC instants. Problems are
shown inside the dialog, next to the fields, and the dialog stays open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from babel import Locale, UnknownLocaleError
from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from notetaker.domain import Event, EventKind
from notetaker.i18n import _
from notetaker.services import ValidationError
from notetaker.services.events import validate_event
from notetaker.timezones import ZoneError, canonical_zone, from_local, to_local

from .formatting import kind_labels

DEFAULT_SERIES = ("IMRF 2022 side events", "RCM", "RCM-SACM")
COMMON_ZONES = (
    "UTC",
    "UTC-06:00",
    "UTC-05:00",
    "America/Guatemala",
    "America/Mexico_City",
    "America/El_Salvador",
    "America/Tegucigalpa",
    "America/Managua",
    "America/Costa_Rica",
    "America/Panama",
    "America/Belize",
    "America/Santo_Domingo",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "Europe/Geneva",
)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "ZZ", "XA", "XB"})
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def country_names(lang: str) -> list[tuple[str, str]]:
    """(ISO code, CLDR name in ``lang``) for every country, sorted by name."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    pairs = [
        (code, name)
        for code, name in locale.territories.items()
        if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda p: p[1].casefold())


def system_zone() -> str:
    """The computer's IANA zone when known, else UTC (the default for new events)."""
    try:
        return canonical_zone(bytes(QTimeZone.systemTimeZoneId()).decode())
    except (ZoneError, UnicodeDecodeError):
        return "UTC"


class EventDialog(QDialog):
    def __init__(
        self,
        event: Event | None = None,
        series_choices: Sequence[str] = (),
        lang: str = "en",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.original = event
        self.result_event: Event | None = None
        self.setWindowTitle(_("Edit event") if event and event.id else _("New event"))
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 720)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c01c28; font-weight: bold;")
        self.error_label.setAccessibleName(_("Problems with the event"))
        self.error_label.hide()

        self.title_edit = self._line(_("Title"))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("Kind of event"))
        for kind, label in kind_labels().items():
            self.kind_combo.addItem(label, kind.value)
        self.series_combo = QComboBox()
        self.series_combo.setEditable(True)
        self.series_combo.setAccessibleName(_("Series or process"))
        self.series_combo.addItems(sorted({*series_choices, *DEFAULT_SERIES} - {""}, key=str.casefold))
        self.series_combo.setCurrentText("")

        self.schedule_box = QGroupBox(_("Date and time"))
        self.schedule_box.setCheckable(True)
        self.schedule_box.setAccessibleName(_("Date and time known"))
        self.start_edit = self._datetime(_("Start (local time of the event)"))
        self.end_edit = self._datetime(_("End (local time of the event)"))
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(COMMON_ZONES)
        self.zone_combo.setAccessibleName(_("Time zone"))
        self.zone_combo.setToolTip(_('A zone name such as "America/Guatemala", or an offset such as "GMT-6"'))
        self.start_edit.dateTimeChanged.connect(self._keep_end_after_start)
        schedule_form = QFormLayout(self.schedule_box)
        schedule_form.addRow(_("Starts:"), self.start_edit)
        schedule_form.addRow(_("Ends:"), self.end_edit)
        schedule_form.addRow(_("Time zone:"), self.zone_combo)

        self.city_edit = self._line(_("Venue city"))
        self.country_combo = QComboBox()
        self.country_combo.setAccessibleName(_("Venue country"))
        self.country_combo.addItem(_("(none)"), "")
        for code, name in country_names(lang):
            self.country_combo.addItem(f"{name} ({code})", code)
        self.virtual_check = QCheckBox(_("Virtual event"))
        self.virtual_check.setAccessibleName(_("Virtual event"))
        self.languages_edit = self._line(_("Languages"))
        self.languages_edit.setPlaceholderText(_("e.g. Spanish, English"))
        self.convener_edit = self._line(_("Convener"))
        self.general_edit = self._text(_("General objectives"))
        self.specific_edit = self._text(_("Specific objectives"))
        self.specific_edit.setPlaceholderText(_("One objective per line"))
        self.profile_edit = self._text(_("Participants' profile"))
        self.results_edit = self._text(_("Desired results"))
        self.comments_edit = self._text(_("Comments"))

        body = QWidget()
        form = QFormLayout(body)
        form.addRow(self.error_label)
        form.addRow(_("Title:"), self.title_edit)
        form.addRow(_("Kind:"), self.kind_combo)
        form.addRow(_("Series:"), self.series_combo)
        form.addRow(self.schedule_box)
        form.addRow(_("City:"), self.city_edit)
        form.addRow(_("Country:"), self.country_combo)
        form.addRow("", self.virtual_check)
        form.addRow(_("Languages:"), self.languages_edit)
        form.addRow(_("Convener:"), self.convener_edit)
        form.addRow(_("General objectives:"), self.general_edit)
        form.addRow(_("Specific objectives:"), self.specific_edit)
        form.addRow(_("Participants' profile:"), self.profile_edit)
        form.addRow(_("Desired results:"), self.results_edit)
        form.addRow(_("Comments:"), self.comments_edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("Event details"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setAccessibleName(_("Dialog buttons"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self._load(event)
        self.title_edit.setFocus()

    # -- building the widgets ---------------------------------------------------------------
    @staticmethod
    def _line(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        return edit

    @staticmethod
    def _text(name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        return edit

    @staticmethod
    def _datetime(name: str) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATETIME_FORMAT)
        # The edits hold wall-clock times of the event's zone, never of this computer's.
        edit.setTimeZone(QTimeZone.utc())
        return edit

    # -- values --------------------------------------------------------------------------
    @staticmethod
    def _set_wall_clock(edit: QDateTimeEdit, value: datetime) -> None:
        edit.setDateTime(
            QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute), QTimeZone.utc())
        )

    @staticmethod
    def wall_clock(edit: QDateTimeEdit) -> datetime:
        return datetime.combine(edit.date().toPython(), edit.time().toPython()).replace(second=0, microsecond=0)

    def _load(self, event: Event | None) -> None:
        if event is None:
            start = datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            self._set_wall_clock(self.start_edit, start)
            self._set_wall_clock(self.end_edit, start + timedelta(minutes=90))
            self.zone_combo.setCurrentText(system_zone())
            self.schedule_box.setChecked(True)
            return
        self.title_edit.setText(event.title)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(event.kind.value)))
        self.series_combo.setCurrentText(event.series)
        self.zone_combo.setCurrentText(event.timezone)
        self.schedule_box.setChecked(event.starts_at is not None)
        if event.starts_at is not None:
            start = to_local(event.starts_at, event.timezone).replace(tzinfo=None)
            end = to_local(event.ends_at, event.timezone).replace(tzinfo=None) if event.ends_at else start
            self._set_wall_clock(self.start_edit, start)
            self._set_wall_clock(self.end_edit, end)
        self.city_edit.setText(event.venue_city)
        self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(event.venue_country)))
        self.virtual_check.setChecked(event.is_virtual)
        self.languages_edit.setText(", ".join(event.languages))
        self.convener_edit.setText(event.convener)
        self.general_edit.setPlainText(event.general_objectives)
        self.specific_edit.setPlainText("\n".join(event.specific_objectives))
        self.profile_edit.setPlainText(event.participants_profile)
        self.results_edit.setPlainText(event.desired_results)
        self.comments_edit.setPlainText(event.comments)

    def _keep_end_after_start(self) -> None:
        if self.end_edit.dateTime() < self.start_edit.dateTime():
            self.end_edit.setDateTime(self.start_edit.dateTime().addSecs(90 * 60))

    def build_event(self) -> Event:
        """The event as filled in; raises ZoneError or ValidationError with a message for the user."""
        zone = canonical_zone(self.zone_combo.currentText())
        starts_at = ends_at = None
        if self.schedule_box.isChecked():
            starts_at = from_local(self.wall_clock(self.start_edit), zone)
            ends_at = from_local(self.wall_clock(self.end_edit), zone)
        base = self.original or Event(id=None, title="")
        event = replace(
            base,
            title=self.title_edit.text().strip(),
            kind=EventKind(self.kind_combo.currentData()),
            series=self.series_combo.currentText().strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=zone,
            venue_city=self.city_edit.text().strip(),
            venue_country=self.country_combo.currentData() or "",
            is_virtual=self.virtual_check.isChecked(),
            languages=tuple(p.strip() for p in re.split(r"[,;]", self.languages_edit.text()) if p.strip()),
            convener=self.convener_edit.text().strip(),
            general_objectives=self.general_edit.toPlainText().strip(),
            specific_objectives=tuple(
                line.strip() for line in self.specific_edit.toPlainText().splitlines() if line.strip()
            ),
            participants_profile=self.profile_edit.toPlainText().strip(),
            desired_results=self.results_edit.toPlainText().strip(),
            comments=self.comments_edit.toPlainText().strip(),
        )
        validate_event(event)
        return event

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def accept(self) -> None:
        try:
            self.result_event = self.build_event()
        except ZoneError as exc:
            self.show_error(str(exc))
            self.zone_combo.setFocus()
            return
        except ValidationError as exc:
            self.show_error(str(exc))
            if not self.title_edit.text().strip():
                self.title_edit.setFocus()
            return
        self.show_error("")
        super().accept()
