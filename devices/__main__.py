"""``python -m devices``: the same as the ``kiosk-devices`` command."""
import sys

from devices.cli import main

sys.exit(main())
