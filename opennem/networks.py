"""The domain vocabulary of networks and their clocks.

AEMO stamps NEM rows with the interval END in AEST (UTC+10, no daylight saving, ever); the WEM
uses AWST (UTC+8). Marts store naive network-local timestamps of the interval START; the API adds
the fixed offset below. Never route these times through a DST zone such as Australia/Sydney.
"""

from dataclasses import dataclass
from datetime import timedelta, timezone


@dataclass(frozen=True)
class Network:
    code: str
    utc_offset_minutes: int
    interval_minutes: int
    regions: tuple[str, ...]

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    @property
    def offset_label(self) -> str:
        hours, minutes = divmod(self.utc_offset_minutes, 60)
        return f"+{hours:02d}:{minutes:02d}"


NEM = Network("NEM", 600, 5, ("NSW1", "QLD1", "SA1", "TAS1", "VIC1"))
WEM = Network("WEM", 480, 5, ("WEM",))
NETWORKS: dict[str, Network] = {n.code: n for n in (NEM, WEM)}


def get_network(code: str) -> Network:
    try:
        return NETWORKS[code.upper()]
    except KeyError:
        raise KeyError(f"unknown network {code!r}; expected one of {sorted(NETWORKS)}") from None
