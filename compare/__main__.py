"""`python -m compare`: the headless commands (`compare.cli`), with no terminal UI."""

import sys

from compare.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m compare"))
