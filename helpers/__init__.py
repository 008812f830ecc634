"""Helpers for reading the Welles–Oumansky memorandum of July 27, 1940 (FRUS 1940, vol. III, doc. 264).

>>> from helpers import load_memorandum
>>> memo = load_memorandum()
>>> memo.sentences.loc[0, "text"]
'The Soviet Ambassador called to see me this morning at my request.'
"""

from .display import setup
from .document import Document
from .errors import DocumentError
from .memorandum import load_memorandum
from .text import read_text as load_text

__all__ = ["Document", "DocumentError", "load_memorandum", "load_text", "setup"]
