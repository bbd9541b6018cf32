"""Allow ``python -m growthcourse``."""

import sys

from growthcourse.cli import main

sys.exit(main())
