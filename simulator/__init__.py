"""The NEMWEB simulator: a realistic NEMWEB tree in AEMO's exact formats, and a loopback server.

```python
sim = simulate(root, date(2024, 8, 1), date(2024, 8, 2), units=60, seed=1)
with serve(root) as base_url:
    ...  # crawl base_url + "/Reports/Current/Dispatch_SCADA/"
```
"""

from simulator.server import serve
from simulator.simulation import Simulation, UnitInfo, simulate

__all__ = ["Simulation", "UnitInfo", "serve", "simulate"]
