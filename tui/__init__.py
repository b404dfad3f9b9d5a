"""Parallax terminal UI (Textual). The CLI and the tests use `tui.app.make_app`."""
