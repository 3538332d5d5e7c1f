"""Bytes to text: BOM, then the transport's charset (``encoding=``, e.g. HTTP
``Content-Type``), then the page's declared charset, then detection; always NFC after.

Charset names are WHATWG labels (``latin1`` and ``iso-8859-1`` mean windows-1252, as
browsers read them), resolved by ``webencodings``.

Legacy Vietnamese pages in cp1258 decode to base letters plus combining tone marks; the
normaliser composes them (NFC), so their text matches the same words in UTF-8 pages.
"""

from __future__ import annotations

import codecs
import logging

import regex
import webencodings
from charset_normalizer import from_bytes

from .errors import CleanerError

log = logging.getLogger(__name__)

SNIFF_BYTES = 4096
"""How far into a document the charset declaration and HTML markers are looked for."""
DETECT_BYTES = 1024 * 1024
"""Charset detection looks at this much of a document."""
MAX_BAD_SHARE = 0.02
"""Largest share of U+FFFD replacement characters a decoded document may contain."""
UTF8_MAX_BAD_SHARE = 0.005
"""Invalid UTF-8 is still read as UTF-8 (bad bytes replaced) below this share."""
BINARY_CONTROL_SHARE = 0.05
"""A document with more C0 control bytes (not tab/newline) than this is binary."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = regex.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.IGNORECASE
)
_HTML_START = regex.compile(
    r"""^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml)\b""",
    regex.IGNORECASE | regex.DOTALL,
)
_HTML_TAGS = regex.compile(
    r"<(?:p|div|article|section|span|a|h[1-6]|br|ul|li|table)\b[^>]*>", regex.IGNORECASE
)
HTML_MIN_TAGS = 3
"""Auto mode: text not starting like a page is HTML only with at least this many tags."""


def looks_like_html(content: str | bytes) -> bool:
    """Auto-detection: a page start (doctype, ``<html>``…), or a fragment that begins with a
    tag and has several block tags. Text that merely contains ``<`` is text."""
    head = content[:SNIFF_BYTES]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    head = head.lstrip("\ufeff\xef\xbb\xbf")
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and len(_HTML_TAGS.findall(head)) >= HTML_MIN_TAGS


_UTF16 = ("utf-16le", "utf-16be")


def whatwg_codec(label: str) -> str | None:
    """The Python codec for a WHATWG encoding label (``"latin1"`` → ``cp1252``,
    ``"utf-16"`` → ``utf-16-le``), or ``None`` for an unknown label, WHATWG's
    ``replacement`` encoding (labels of encodings browsers refuse to decode) or
    ``x-user-defined`` (bytes over 0x7F as private-use characters; Python has no such codec:
    decoding with it raised ``LookupError`` out of ``clean``)."""
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name in ("replacement", "x-user-defined"):
        return None
    name: str = encoding.codec_info.name
    return name


def _declared(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:SNIFF_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace")
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name == "replacement":
        log.debug("unknown declared charset %r", label)
        return None
    # WHATWG: a <meta> readable as ASCII cannot be in UTF-16; such a declaration means UTF-8.
    if encoding.name in _UTF16 or encoding.name == "x-user-defined":
        return "utf-8"
    name: str = encoding.codec_info.name
    return name


def _hinted(raw: bytes, label: str) -> str | None:
    """Decode with the transport's charset; ``None`` (go on to the page's own declaration
    and detection) when the label is unknown or the bytes are not in that charset."""
    codec = whatwg_codec(label)
    if codec is None:
        log.debug("unknown encoding hint %r ignored", label)
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        log.info("bytes are not %s as the encoding hint says; detecting", label)
        return None


def _is_binary(raw: bytes) -> bool:
    sample = raw[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > BINARY_CONTROL_SHARE * max(len(sample), 1)


def decode_bytes(raw: bytes, *, html: bool, encoding: str | None = None) -> str:
    """Decode a document; raise :class:`CleanerError` when it is binary or undecodable.

    Order: a byte-order mark; then ``encoding`` (the HTTP charset), except that bytes
    which are valid UTF-8 stay UTF-8 (servers often send a default ``iso-8859-1`` for
    UTF-8 pages, and real windows-1252 text with any non-ASCII byte is almost never valid
    UTF-8); then the page's ``<meta>`` charset; then detection. A UTF-16 hint is applied
    before anything else: UTF-16 text has NUL bytes, so it is not checked as UTF-8; and
    only then: bytes with no NUL in their first ``SNIFF_BYTES`` are not UTF-16 whatever the
    server says (any markup, space or newline in UTF-16 has one; such bytes of even length
    were read as UTF-16, a page of CJK garbage), as a ``<meta>`` UTF-16 means UTF-8.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise CleanerError(
                    f"byte-order mark says {codec} but the bytes are not: {exc}"
                ) from exc
    if not raw:
        return ""
    hint = whatwg_codec(encoding) if encoding else None
    if encoding and hint in ("utf-16-le", "utf-16-be"):
        if b"\x00" not in raw[:SNIFF_BYTES]:
            hint = None
        else:
            hinted = _hinted(raw, encoding)
            if hinted is not None:
                return hinted
    if _is_binary(raw):
        raise CleanerError("input looks binary (NUL or control bytes), not text or HTML")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if encoding and hint not in (None, "utf-8"):
        hinted = _hinted(raw, encoding)
        if hinted is not None:
            return hinted
    # UTF-8 with a few broken bytes (a truncated scrape) stays UTF-8, even when the page
    # declares a single-byte charset: decoding it as that would turn every Vietnamese
    # letter into mojibake to save a handful of bytes.
    lenient = raw.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= UTF8_MAX_BAD_SHARE * len(lenient):
        log.warning("input is not valid UTF-8; %d bytes replaced", lenient.count("\ufffd"))
        return lenient
    declared = _declared(raw) if html else None
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return raw.decode(declared)
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode; detecting", declared)
    best = from_bytes(raw[:DETECT_BYTES]).best()
    if best is None or best.encoding is None:
        raise CleanerError("cannot decode input: not UTF-8 and no charset could be detected")
    text = raw.decode(best.encoding, errors="replace")
    if text.count("\ufffd") > MAX_BAD_SHARE * max(len(text), 1):
        raise CleanerError(f"cannot decode input: too many invalid bytes for {best.encoding}")
    return text
