"""The one alert path, and the exception hook."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from notetaker.services import ValidationError
from notetaker.storage import StorageError
from ui.alerts import Alerts, install_excepthook
from ui.context import AppContext


def test_service_error_reaches_the_user_and_the_log(ctx, alerts, caplog):
    caplog.set_level(logging.INFO, logger="notetaker")
    assert ctx.run(ctx.core.events.get, 9999) is None
    assert alerts.last.level == "error"
    assert alerts.last.message == "There is no event 9999."
    assert alerts.shown[-1] is alerts.last
    assert any(
        r.levelno == logging.ERROR and r.name == "notetaker.ui" and "There is no event 9999." in r.getMessage()
        for r in caplog.records
    )


def test_run_unwraps_changed_and_broadcasts_the_changes(ctx, qtbot):
    from notetaker.domain import Event

    with qtbot.waitSignal(ctx.changed) as blocker:
        event = ctx.run(ctx.core.events.create, Event(None, "Workshop"))
    assert event.title == "Workshop"
    assert blocker.args[0].changes.events == frozenset({event.id}) and blocker.args[0].initiator is None
    ok, value = ctx.attempt(ctx.core.events.delete, event.id)
    assert ok and value is None


@pytest.mark.parametrize(
    "error",
    [ValidationError("A bad value."), StorageError("The disk is full."), OSError(28, "No space left on device")],
)
def test_user_errors_of_every_layer_become_alerts(ctx, alerts, error):
    def fail():
        raise error

    ok, value = ctx.attempt(fail)
    assert not ok and value is None
    assert alerts.last.level == "error"
    assert alerts.last.message.split(" (")[0] in str(error)


def test_programming_errors_are_not_swallowed(ctx):
    def broken():
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        ctx.run(broken)


def test_real_alert_is_a_message_box_with_details_that_does_not_block(qapp, caplog):
    alerts = Alerts()
    alerts.warning("Something to know.", "the details")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes, "the alert was not shown"
    box = boxes[-1]
    assert box.text() == "Something to know."
    assert box.detailedText() == "the details"
    assert box.accessibleName()
    box.done(0)
    assert box not in alerts._open_boxes


@pytest.mark.qt_no_exception_capture
def test_excepthook_shows_an_unexpected_exception(qtbot, core, alerts, caplog, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back whatever was there
    caplog.set_level(logging.ERROR, logger="notetaker")
    install_excepthook(alerts)
    AppContext(core, alerts)

    def slot_with_a_bug():
        raise RuntimeError("the widget lost its model")

    QTimer.singleShot(0, slot_with_a_bug)
    qtbot.waitUntil(lambda: bool(alerts.shown), timeout=2000)
    alert = alerts.shown[-1]
    assert alert.level == "error"
    assert "RuntimeError: the widget lost its model" in alert.message
    assert "Traceback" in alert.detail and "slot_with_a_bug" in alert.detail
    assert any("the widget lost its model" in r.getMessage() for r in caplog.records)
