"""cleaner: turn scraped news pages (HTML or text) into the clean article body.

>>> from cleaner import clean
>>> r = clean(page_text)          # str or bytes, HTML or plain text
>>> r.text, r.title, r.body       # the article; r.blocks says why each line stayed or went
"""

from .api import Cleaner, Options, clean
from .errors import CleanerError, LimitExceeded
from .model import Block, Feature, Origin, Result
from .thresholds import Thresholds

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Cleaner",
    "CleanerError",
    "Feature",
    "LimitExceeded",
    "Options",
    "Origin",
    "Result",
    "Thresholds",
    "__version__",
    "clean",
]
