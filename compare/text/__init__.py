"""Pure text helpers: the bottom floor of the engine (they import nothing of ours but compare.types)."""
