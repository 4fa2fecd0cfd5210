"""Deterministic, random-access noise: any value depends only on (seed, position), never on
what was computed before, so a month can be streamed and any single point recomputed as truth."""

_MASK = (1 << 64) - 1


def hash01(seed: int, index: int) -> float:
    """A uniform value in [0, 1) from two integers (splitmix64 finaliser)."""
    z = (seed * 0x9E3779B97F4A7C15 + index * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return ((z ^ (z >> 31)) >> 11) / 9007199254740992.0


class SmoothNoise:
    """Value noise in [0, 1): random knots every `period` units of x, smoothstep between them.

    The last knot pair is cached, so walking x forwards costs one hash per knot, not per call.
    """

    __slots__ = ("_k", "_period", "_seed", "_v0", "_v1")

    def __init__(self, seed: int, period: float) -> None:
        self._seed = seed
        self._period = period
        self._k = -(1 << 62)
        self._v0 = 0.0
        self._v1 = 0.0

    def at(self, x: float) -> float:
        pos = x / self._period
        k = int(pos // 1)
        if k != self._k:
            self._k = k
            self._v0 = hash01(self._seed, k)
            self._v1 = hash01(self._seed, k + 1)
        f = pos - k
        f = f * f * (3.0 - 2.0 * f)
        return self._v0 + (self._v1 - self._v0) * f
