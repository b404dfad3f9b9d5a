"""The `parallax` command: the headless commands of `compare.cli`, and the terminal UI, its default."""

from __future__ import annotations

import argparse
import sys

from compare import cli
from compare.cli import run_options as _options  # the name the tests know it by


def build_parser() -> argparse.ArgumentParser:
    return cli.build_parser("parallax", ui=True)


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, open_ui=open_ui)


def open_ui(args: argparse.Namespace) -> int:
    """`parallax ui [PATH]`: check the set, then run the app (Textual is imported only here)."""
    from compare.corpus import SetError

    try:
        app = ui_app(args.path, cli.run_options(args))
    except SetError as exc:
        return cli.fail(str(exc))
    from tui.log_toasts import logs_as_toasts

    with logs_as_toasts(app):
        app.run()
    return app.return_code or 0


def ui_app(path: str | None, options):
    """The app `parallax [ui] [PATH]` runs, not yet running: the set at `path` loaded and checked
    (SetError when it is not a set), handed to the app so that its stored comparison opens at once."""
    import gc

    from compare.corpus import load_article_set

    article_set = load_article_set(path) if path else None
    # What was made so far (modules, classes, the set) lives as long as the process: kept out of the
    # collector's full passes, the one that falls while the main view is built scans only what is new.
    gc.freeze()
    return build_app(path, options, article_set)


def build_app(path: str | None, options, article_set=None):
    """The app on the real engine with these run options: a stored comparison is shown
    at once, and whether its translations are still current is asked after.
    `article_set`: the set at `path` as already loaded."""
    from functools import partial

    from compare import pipeline
    from tui import engine
    from tui.app import make_app

    return make_app(path, run_pipeline=partial(pipeline.run, options=options),
                    load_cached=partial(pipeline.load_cached, options=options, check_translations=False),
                    check_cached=partial(pipeline.translations_current, options=options),
                    stream=partial(engine.stream, options=options), article_set=article_set)


if __name__ == "__main__":
    sys.exit(main())
