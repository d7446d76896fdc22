"""armswatch: claim-aware event and arms-transfer extraction from news."""

__version__ = "0.1.0"
# Bumped whenever rules or lexicons change what an article turns into; every stored
# record carries it so that a re-run can tell stale extractions from current ones.
EXTRACTOR_VERSION = "2026.11.6"
