"""Parallax screens, one per module."""
