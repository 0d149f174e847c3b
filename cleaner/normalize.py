"""Raw text → normalised lines: repair encoding damage without rewriting a single word.

What is done, and why:
- ftfy repairs mojibake ("itâ€™s" → "it’s"), C1 controls and terminal escapes. Its
  configuration keeps curly quotes, dashes, ligatures and full-width letters as written, and
  never unescapes HTML entities (doing so twice would change "&amp;amp;" again: not idempotent).
- Line breaks: CRLF, CR, U+2028/U+2029/U+0085 become LF, so a line is a line whatever the OS.
- The byte-order mark, zero-width spaces and soft hyphens are dropped: they are invisible and
  break pattern matching ("Comments\u200b" must still be a comment widget).
- Odd spaces (no-break, thin, ideographic …) become a plain space, for the same reason.
- NUL and other control characters are dropped; tabs stay.

ftfy is the slowest step of a clean, so it only runs on the lines that show a sign of what it
repairs (the byte patterns of UTF-8 read as Latin-1/cp1252, C1 controls, escapes, surrogates).
It repairs line by line anyway. On the lines without a sign it would mostly drop a few rare
format characters (U+000B, U+206A…U+206F, U+FFF9…U+FFFC), and only on pages damaged
elsewhere: one line's damage must not change how another is normalised, so it is not run there.
"""
from __future__ import annotations

import re
import unicodedata

import ftfy

from ._accel import speedups

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)

# A UTF-8 lead byte (0xC2–0xF4) read as Latin-1/cp1252, followed by a continuation byte
# (0x80–0xBF) read the same way: the fingerprint of mojibake. Also C1 controls, the ESC of
# terminal escapes, lone surrogates and U+FFFD, which ftfy may be able to restore.
_CP1252_CONTINUATION = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf" + _CP1252_CONTINUATION + "]")
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4]")
_REPAIRABLE = re.compile("[\u0080-\u009f\u001b\ud800-\udfff\ufffd]")


def _needs_ftfy(text: str) -> bool:
    """Whether ``text`` shows a sign of what ftfy repairs. Single-class scans first: they are
    several times faster than one scan for the two-character mojibake pattern."""
    if text.isascii():
        return "\x1b" in text
    return bool(_REPAIRABLE.search(text)
                or (_MOJIBAKE_LEAD.search(text) and _MOJIBAKE.search(text)))


_LINE_BREAK_CHARACTERS = "\r\u2028\u2029\u0085\u000b\u000c"
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters and controls other than tab and newline. ZWJ/ZWNJ stay: they are
# part of how some scripts and emoji are written.
_INVISIBLE = "".join(map(chr, [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f, 0xad, 0x200b, 0x2060, 0xfeff]))
_TRANSLATION = {**{ord(c): "\n" for c in _LINE_BREAK_CHARACTERS},
                **{ord(c): " " for c in _ODD_SPACES},
                **{ord(c): None for c in _INVISIBLE}}
# Scanning for the characters first is much faster than translating text that has none.
_NEEDS_TRANSLATION = re.compile("[" + re.escape(_LINE_BREAK_CHARACTERS + _ODD_SPACES + _INVISIBLE) + "]")


def _needs_translation(text: str) -> bool:
    """Whether ``text`` holds a character the translation table rewrites."""
    return _NEEDS_TRANSLATION.search(text) is not None


# The compiled twins, when built (identical results; tests/test_speedups_words.py).
python_needs_ftfy, python_needs_translation = _needs_ftfy, _needs_translation
if speedups is not None:
    _needs_ftfy, _needs_translation = speedups.needs_ftfy, speedups.needs_translation


def normalize_text(text: str) -> str:
    """Return ``text`` repaired and with LF line breaks; words are never changed."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    # ftfy is not guaranteed to be idempotent on adversarial input; a few rounds to a fixed
    # point make normalisation (and so clean) idempotent.
    for _ in range(3):
        fixed = _normalize_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _normalize_once(text: str) -> str:
    if _needs_ftfy(text):
        text = "\n".join([_repair_line(line) for line in text.split("\n")])
    elif not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if _needs_translation(text):
        text = text.translate(_TRANSLATION)
    return text


def _repair_line(line: str) -> str:
    """One line of a text that needs ftfy somewhere: ftfy where this line needs it, else NFC."""
    if _needs_ftfy(line):
        return ftfy.fix_text(line, _FTFY_CONFIG)
    if not line.isascii() and not unicodedata.is_normalized("NFC", line):
        return unicodedata.normalize("NFC", line)
    return line


def normalize_lines(text: str) -> list[str]:
    """Normalise ``text`` and split it into lines (without their line breaks)."""
    normalized = normalize_text(text)
    if not normalized:
        return []
    lines = normalized.split("\n")
    if lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start a new one
    return lines


# The compiled twin of the whole function for text that normalisation leaves as it is (most
# text): one scan decides every "nothing to do" above and splits the lines in the same pass;
# other text (ftfy's signs, CR, odd spaces, controls, not NFC) goes the Python way.
python_normalize_lines = normalize_lines
if speedups is not None:
    def normalize_lines(text: str) -> list[str]:  # noqa: F811 - the twin
        """Normalise ``text`` and split it into lines (without their line breaks)."""
        if isinstance(text, str):
            lines = speedups.plain_lines(text, unicodedata.is_normalized)
            if lines is not None:
                return lines
        return python_normalize_lines(text)
