from tests.stats.scene import scene  # noqa: F401  (the hand-built province)
