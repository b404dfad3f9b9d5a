"""While the app runs, what the engine logs becomes a notification, not a line written over the screen."""

from __future__ import annotations

import logging

from tui.log_toasts import ToastHandler, logs_as_toasts

from conftest import wait_for


async def test_a_warning_the_engine_logs_is_a_notification_and_never_reaches_stderr(make_test_app, engine, capfd):
    def run(*args, **kwargs):  # in the app's worker thread, as the real pipeline's warnings are
        logging.getLogger("compare.embed_stage").warning("the set is too large [bold]for[/] sentence matching")
        return engine.run(*args, **kwargs)

    app = make_test_app(run_pipeline=run)
    root = logging.getLogger()
    to_stderr = logging.StreamHandler()  # what `logging.basicConfig` in compare.cli adds
    root.addHandler(to_stderr)
    try:
        with logs_as_toasts(app) as handler:
            assert root.handlers == [handler]
            async with app.run_test() as pilot:
                await wait_for(pilot, lambda: any("too large" in n.message for n in app._notifications))
                shown = [n for n in app._notifications if "too large" in n.message]
        assert to_stderr in root.handlers and handler not in root.handlers
    finally:
        root.removeHandler(to_stderr)
    assert shown[0].message == "the set is too large [bold]for[/] sentence matching"  # as logged: no markup
    assert shown[0].severity == "warning" and not shown[0].markup
    assert "too large" not in capfd.readouterr().err


def test_records_below_warning_are_not_shown():
    class Recorder:
        def __init__(self):
            self.told = []

        def notify(self, message, **kwargs):
            self.told.append((message, kwargs["severity"]))

    app = Recorder()
    log = logging.getLogger("tests.log_toasts")
    log.setLevel(logging.INFO)
    handler = ToastHandler(app)
    log.addHandler(handler)
    log.propagate = False
    try:
        log.info("embedding 300 paragraphs")
        log.error("model missing")
    finally:
        log.removeHandler(handler)
        log.propagate = True
    assert app.told == [("model missing", "error")]
