"""``python -m policy_site.cli``: the same as the ``policy`` command."""

import sys

from . import main

sys.exit(main())
