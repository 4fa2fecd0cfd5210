"""The networks' clocks: fixed offsets, never a daylight-saving zone."""

from datetime import datetime

import pytest

from opennem.networks import NEM, WEM, get_network


def test_fixed_offsets_and_labels() -> None:
    assert (NEM.offset_label, WEM.offset_label) == ("+10:00", "+08:00")
    # 2024-10-06 is the first day of daylight saving in Sydney: AEST does not move
    assert (
        datetime(2024, 10, 6, 12, tzinfo=NEM.tz).utcoffset()
        == datetime(2024, 7, 1, tzinfo=NEM.tz).utcoffset()
    )


def test_get_network_any_case_and_unknown() -> None:
    assert get_network("wem") is WEM
    with pytest.raises(KeyError, match="unknown network 'AU'"):
        get_network("AU")
