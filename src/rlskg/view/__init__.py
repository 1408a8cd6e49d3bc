"""The interactive view of the graph: one self-contained page that works offline, and its pieces.

:mod:`.page` writes the page (:func:`render_html`, an answer's own page, a notebook's inline frame);
:mod:`.drawing` is what it draws, as data; :mod:`.layout` where it draws each entity.
"""

from rlskg.view.drawing import LARGE_GRAPH, TYPE_STYLES
from rlskg.view.layout import layout
from rlskg.view.page import Inline, inline, render_html, write_answer_html

__all__ = ["LARGE_GRAPH", "TYPE_STYLES", "Inline", "inline", "layout", "render_html", "write_answer_html"]
