"""The foundations every other layer stands on: safe file reading and YAML, front matter with
line numbers, located problems, the message catalog, the clock and China's time zone, the HTML
sanitizer of department content, and when other processes may be used. Imports nothing else of
``macros``."""
