"""Parallax engine: compare how outlets in different languages cover one event.

Importing this package is cheap: no model, no UI toolkit, no torch. Models
load on first use inside the stage that needs them.
"""

__version__ = "0.1.0"
