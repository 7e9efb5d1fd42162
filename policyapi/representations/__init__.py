"""The public representations: one function per resource and format, from typed rows."""
