"""Widgets shared by the capabilities: rich text edit, delegation field, wrapping label, actions."""
