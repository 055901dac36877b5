from tests.reporting.statistics.scene import scene  # noqa: F401  (the hand-built province)
