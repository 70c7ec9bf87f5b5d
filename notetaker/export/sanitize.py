"""Make stored text safe for XML 1.0 (and so for Word), at export time only.

The database keeps text exactly as typed; only what XML 1.0 cannot hold is
dropped on the way out: C0 control characters other than tab, line feed and
carriage return, lone surrogates, and the non-characters U+FFFE and U+FFFF.
"""

from __future__ import annotations

import re

# Everything outside XML 1.0's Char production that a Python str can hold.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sanitize_text(text: str) -> str:
    """``text`` without the characters XML 1.0 / Word cannot hold (unchanged if none)."""
    if _FORBIDDEN.search(text) is None:
        return text
    return _FORBIDDEN.sub("", text)
