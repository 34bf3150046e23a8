"""Gives characters beyond ASCII keys of their own on an X server, as a keyboard layout would.

``xdotool type`` reaches a character the keyboard lacks by remapping a spare key for each key
press and restoring it right after; an application that reads the new keymap a moment late
sees a key with no symbol, and the character is gone. A person's layout (or input method)
does not change under their fingers, so the test binds the characters once, before the app
starts, and presses them with ``xdotool key``: see :func:`bind_characters`, :func:`key_name`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Iterator
from itertools import groupby


def keysym(char: str) -> int:
    """The X keysym of *char* (Latin-1 has keysyms of its own, the rest of Unicode 0x1000000+)."""
    point = ord(char)
    return point if 0x20 <= point < 0x7F or 0xA0 <= point <= 0xFF else 0x1000000 | point


def key_name(char: str) -> str:
    """The name ``xdotool key`` resolves to :func:`keysym` of *char* (``U00FC``)."""
    return f"U{ord(char):04X}"


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """*text* cut into runs, each said to be ASCII (``xdotool type``) or not (bound keys)."""
    for is_ascii, chars in groupby(text, key=str.isascii):
        yield is_ascii, "".join(chars)


def bind_characters(display: str, text: str) -> None:
    """Put every non-ASCII character of *text* on a key of its own of *display*'s keyboard."""
    wanted = sorted({keysym(char) for char in text if not char.isascii()})
    xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
    xlib.XGetKeyboardMapping.argtypes = [
        ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int, ctypes.POINTER(ctypes.c_int)
    ]  # fmt: skip
    xlib.XChangeKeyboardMapping.argtypes = [
        ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_ulong), ctypes.c_int
    ]  # fmt: skip
    for name in ("XDisplayKeycodes", "XFree", "XSync", "XCloseDisplay"):
        getattr(xlib, name).argtypes = None
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        raise OSError(f"cannot open the X display {display}")
    try:
        low, high, per_key = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        xlib.XDisplayKeycodes(ctypes.c_void_p(connection), ctypes.byref(low), ctypes.byref(high))
        count = high.value - low.value + 1
        table = xlib.XGetKeyboardMapping(connection, low.value, count, ctypes.byref(per_key))
        width = per_key.value
        unused = [
            low.value + key
            for key in range(count)
            if not any(table[key * width + level] for level in range(width))
        ]
        xlib.XFree(ctypes.c_void_p(ctypes.addressof(table.contents)))
        if len(unused) < len(wanted):
            raise OSError(f"the X keyboard has {len(unused)} unused keys, {len(wanted)} needed")
        for code, symbol in zip(unused, wanted, strict=False):
            levels = (ctypes.c_ulong * 2)(symbol, symbol)
            xlib.XChangeKeyboardMapping(connection, code, 2, levels, 1)
        xlib.XSync(ctypes.c_void_p(connection), 0)
    finally:
        xlib.XCloseDisplay(ctypes.c_void_p(connection))
