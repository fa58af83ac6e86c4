"""``python -m corpus`` is ``mednotice``."""

from .cli import main

raise SystemExit(main())
