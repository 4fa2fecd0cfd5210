"""The networks' clocks: fixed offsets, never a daylight-saving zone."""

from datetime import datetime

import pytest

from opennem.networks import AU, NEM, WEM, get_network


def test_fixed_offsets_and_labels() -> None:
    assert (NEM.offset_label, WEM.offset_label) == ("+10:00", "+08:00")
    # 2024-10-06 is the first day of daylight saving in Sydney: AEST does not move
    assert (
        datetime(2024, 10, 6, 12, tzinfo=NEM.tz).utcoffset()
        == datetime(2024, 7, 1, tzinfo=NEM.tz).utcoffset()
    )


def test_get_network_any_case_and_unknown() -> None:
    assert get_network("wem") is WEM
    assert get_network("au") is AU
    with pytest.raises(KeyError, match="unknown network 'OZ'"):
        get_network("OZ")


def test_au_is_nem_and_wem_on_aest() -> None:
    """The public API labels AU in +10:00; a WEM (AWST) time is 2 hours later in AEST."""
    assert AU.offset_label == "+10:00"
    assert AU.network_ids == ("NEM", "WEM")
    assert AU.regions == (*NEM.regions, "WEM")
    assert (AU.shift_minutes("NEM"), AU.shift_minutes("WEM")) == (0, 120)
    assert (NEM.network_ids, NEM.shift_minutes("NEM")) == (("NEM",), 0)
