"""Pure text helpers: scripts, sentences, numbers, names, transliteration, languages, HTML, CC-CEDICT.

The floor of the engine: these modules import nothing of Parallax but `compare.types`.
"""
