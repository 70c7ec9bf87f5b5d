"""The note editor: sections, rows and their builder, undo, capture commands and keys, the session bar, autosave."""
