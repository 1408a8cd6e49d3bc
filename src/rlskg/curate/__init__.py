"""The curator's assistant: propose claims from a page, accept a draft, re-anchor claims.

It proposes quoted claims from a new page, accepts a reviewed draft into graph/, and re-anchors a
source's claims in a new version of its page.

Runs offline: pysbd splits sentences, rapidfuzz matches names, and the cues are rules; no model is
fetched and no network is touched.
"""

from __future__ import annotations

from rlskg.curate.candidates import Candidate, Mention
from rlskg.curate.draft import Draft
from rlskg.curate.page import CurateError, read_page
from rlskg.curate.propose import propose

__all__ = ["Candidate", "CurateError", "Draft", "Mention", "propose", "read_page"]
