"""The domain vocabulary of networks and their clocks.

AEMO stamps NEM rows with the interval END in AEST (UTC+10, no daylight saving, ever); the WEM
uses AWST (UTC+8). Marts store naive network-local timestamps of the interval START; the API adds
the fixed offset below. Never route these times through a DST zone such as Australia/Sydney.

`AU` is no grid of its own but the NEM and the WEM together (as in the public OpenElectricity
API, which labels it in AEST, +10:00): its rows are those of its `members`. A member on another
clock is aligned by `shift_minutes` (a WEM interval starting 00:00 AWST starts 02:00 AEST).
"""

from dataclasses import dataclass
from datetime import timedelta, timezone


@dataclass(frozen=True)
class Network:
    code: str
    utc_offset_minutes: int
    interval_minutes: int
    regions: tuple[str, ...]
    members: tuple["Network", ...] = ()  # the networks whose rows make up a combined one

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    @property
    def offset_label(self) -> str:
        hours, minutes = divmod(self.utc_offset_minutes, 60)
        return f"+{hours:02d}:{minutes:02d}"

    @property
    def network_ids(self) -> tuple[str, ...]:
        """The `network_id` values of this network's rows in the marts."""
        return tuple(member.code for member in self.members) or (self.code,)

    def shift_minutes(self, member_code: str) -> int:
        """Minutes to add to a member's naive local time to get this network's local time."""
        member = next(m for m in self.members or (self,) if m.code == member_code)
        return self.utc_offset_minutes - member.utc_offset_minutes


NEM = Network("NEM", 600, 5, ("NSW1", "QLD1", "SA1", "TAS1", "VIC1"))
WEM = Network("WEM", 480, 5, ("WEM",))
AU = Network("AU", NEM.utc_offset_minutes, 5, NEM.regions + WEM.regions, members=(NEM, WEM))
NETWORKS: dict[str, Network] = {n.code: n for n in (NEM, WEM, AU)}


def get_network(code: str) -> Network:
    try:
        return NETWORKS[code.upper()]
    except KeyError:
        raise KeyError(f"unknown network {code!r}; expected one of {sorted(NETWORKS)}") from None
