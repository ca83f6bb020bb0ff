"""Documents attached after the signature: the Kế hoạch or Quy chế a Quyết định issues, a Phụ lục.

Their duties and deadlines are as binding as the body's, so the structure reads them as body too."""
from __future__ import annotations

import re

from ..model import Span

# the heading of an annex after the signature block: PHỤ LỤC, or the document a Quyết định issues
ANNEX = re.compile(
    r"""^[ \t]*(?:(?:PHỤ\s+LỤC|KẾ\s+HOẠCH|QUY\s+CHẾ|QUY\s+ĐỊNH|CHƯƠNG\s+TRÌNH|ĐỀ\s+ÁN|PHƯƠNG\s+ÁN|DANH\s+MỤC|HƯỚNG\s+DẪN)
        (?:[ \t]+[^\n]*)?$
      |(?i:phụ\s+lục)(?:[ \t]+[0-9IVX]+)?[ \t]*[.:]?[ \t]*$
      |\((?i:(?:ban\s+hành\s+)?kèm\s+theo)\s)""",
    re.MULTILINE | re.VERBOSE,
)


def find_annex(text: str, after: int) -> Span | None:
    """From the first annex heading after `after` (the end of the signature and Nơi nhận) to the end."""
    m = ANNEX.search(text, after)
    return Span(m.start(), len(text)) if m else None
