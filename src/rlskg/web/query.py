"""The query page: ``/sparql`` opened in a browser. A SPARQL editor that works offline, with the saved queries.

The page is made once, when the server starts: the saved queries of graph/queries/ travel inside it,
and its policy runs exactly its own inline script.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from rlskg.web.pages import csp_for_inline, templates
from rlskg.web.sparql import QueryPage

__all__ = ["icon", "query_page"]

#: The query shown first when there is no saved query.
_ANY = "SELECT * WHERE { ?s ?p ?o } LIMIT 10"


def icon() -> bytes:
    """The site's icon (the red circle of RLS, as the view draws it): SVG."""
    return (resources.files("rlskg.view") / "templates" / "icon.svg").read_bytes()


def query_page(root: Path | None = None) -> QueryPage:
    """The query page with the saved queries of the project at ``root`` (default: the one around here)."""
    from rlskg.project import find_root  # noqa: PLC0415
    from rlskg.sparql.query import saved_queries  # noqa: PLC0415

    saved = {name: {"answers": q.answers, "text": q.text} for name, q in saved_queries(root or find_root()).items()}
    data = json.dumps(saved, ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    first = next(iter(saved.values()), {"text": _ANY})["text"]
    mark = "data:image/svg+xml," + quote(icon().decode("utf-8").strip())
    html = templates().get_template("query.html").render(saved=Markup(data), first=first, icon=mark)
    return QueryPage(html.encode("utf-8"), csp_for_inline(html))
