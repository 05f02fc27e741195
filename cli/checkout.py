"""What sits beside a checkout (``../shared``): the small model pack every command uses
offline when none is configured, and the labelled photos the demo posts."""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SHARED = (CHECKOUT.parent / "shared").resolve()
LOCAL_PACK = SHARED / "models" / "buffalo_sc"
DEMO_FACES = SHARED / "faces"
