"""The real manual the benchmarks measure, and where its first procedure's pages are.

The site used to publish one procedure (at procedure/, self-assessment/,
check/); it is now a manual with one folder per procedure and those old
addresses only redirect. The benchmarks load the Appendix C procedure's own
pages, at procedures/<slug>/..., so they time the page and not a redirect.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from policy_site.render.site_layout import check_page, page_url, procedure_page, quiz_page  # noqa: E402

SOURCE = ROOT / "policy_src"
# The manual's first procedure (and the one the site published alone before).
APPENDIX_C = "ap-140-appendix-c-acceptable-use-of-social-media"
APPENDIX_C_DIR = SOURCE / "procedures" / APPENDIX_C

# URLs relative to the site root, as MkDocs writes them (directory URLs).
PROCEDURE_URL = page_url(procedure_page(APPENDIX_C))  # procedures/<slug>/
QUIZ_URL = page_url(quiz_page(APPENDIX_C))  # procedures/<slug>/self-assessment/
CHECK_URL = page_url(check_page(APPENDIX_C))  # procedures/<slug>/check/
