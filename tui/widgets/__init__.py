"""Parallax widgets, one per module."""
