"""Drawn points in a link: up to 200 labelled points in about a kilobyte of URL.

The link field `pts` carries them so a teacher can share a drawn data set in one URL. The
text is base64url (no padding) of bytes:

    version (1) · m (count, 0–200) · e (step exponent: coordinates step 10**(e − 3))
    · labels, one bit per point (LSB first, ceil(m / 8) bytes)
    · x1, x2 of each point as little-endian int16 multiples of the step

The encoder picks the finest step (0.001 at the finest) at which every coordinate fits in an
int16, so a data set spanning ±4 travels at 0.001 resolution and 200 points take 1,104
characters. Decoding checks the layout, then hands the points to `points.validate_points`,
the same gate as an upload, so a link cannot bring in points an upload could not. Pure: no
Streamlit. Errors are ValueError (DataError for the points' own problems) with a sentence
from content/<lang>/own_data.md.
"""

from __future__ import annotations

import base64
import re

import numpy as np

from ui import content
from ui.classroom.points import DOC, MAX_ABS, DataError, validate_points

VERSION = 1
MAX_POINTS = 200  # a link stays under ~1.1 kB of URL, which every browser and chat app keeps
_BASE = -3  # e = 0 means a step of 10**-3
_MAX_E = 9  # a step of 10**6: MAX_ABS still fits
_INT16 = 32767
_HEAD = 3
_TEXT = re.compile(r"[A-Za-z0-9_-]*")
MAX_CHARS = -(-4 * (_HEAD + -(-MAX_POINTS // 8) + 4 * MAX_POINTS) // 3)


class LinkError(ValueError):
    """Why the link's points could not be read, in words a learner can act on."""


def _error(section: str, **values: object) -> LinkError:
    return LinkError(content.text(DOC, f"link_{section}", max_points=MAX_POINTS, **values))


def step_exponent(X: np.ndarray) -> int:
    """The finest e at which every coordinate, in steps of 10**(e − 3), fits in an int16."""
    top = float(np.max(np.abs(X))) if X.size else 0.0
    for e in range(_MAX_E + 1):
        if round(top / 10.0 ** (e + _BASE)) <= _INT16:
            return e
    raise _error("too_large", max_abs=MAX_ABS)


def encode(X: np.ndarray, Y: np.ndarray) -> str:
    """X (2, m) and Y (1, m) as link text ("" for no points). Coordinates are rounded to the
    step; `decode(encode(X, Y))` gives the rounded points, and encoding those again gives the
    same text."""
    X = np.asarray(X, dtype=np.float64).reshape(2, -1)
    labels = np.asarray(Y).reshape(-1).astype(np.uint8)
    m = X.shape[1]
    if m == 0:
        return ""
    if m > MAX_POINTS:
        raise _error("too_many", count=m)
    e = step_exponent(X)
    codes = np.rint(X / 10.0 ** (e + _BASE)).astype("<i2")
    raw = (bytes([VERSION, m, e]) + np.packbits(labels, bitorder="little").tobytes()
           + codes.T.tobytes())  # point by point: x1, x2, x1, x2, …
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Link text → X (2, m), Y (1, m), checked like an upload. Raises LinkError or DataError."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        raise _error("too_long", max_chars=MAX_CHARS)
    if not _TEXT.fullmatch(text) or len(text) % 4 == 1:
        raise _error("not_text")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if not raw or raw[0] != VERSION:
        raise _error("version")
    if len(raw) < _HEAD:
        raise _error("length")
    m, e = raw[1], raw[2]
    if m > MAX_POINTS:
        raise _error("too_many", count=m)
    n_labels = -(-m // 8)
    if e > _MAX_E or len(raw) != _HEAD + n_labels + 4 * m:
        raise _error("length")
    labels = np.unpackbits(np.frombuffer(raw, np.uint8, n_labels, _HEAD), count=m,
                           bitorder="little")
    codes = np.frombuffer(raw, "<i2", 2 * m, _HEAD + n_labels).reshape(m, 2).T
    X = codes.astype(np.float64) * 10.0 ** (e + _BASE)
    rows = [{"x1": a, "x2": b, "label": int(c)} for a, b, c in zip(X[0], X[1], labels,
                                                                   strict=True)]
    return validate_points(rows)


def canonical(text: str) -> str:
    """The link text for these points as `encode` writes it; "" stays "". Raises like
    `decode`. Used by the state parser, so a link's `pts` is checked like any parameter."""
    if text == "":
        return ""
    return encode(*decode(text))


__all__ = ["MAX_POINTS", "DataError", "LinkError", "canonical", "decode", "encode"]
