"""The DuckDB store: schema and migrations, the single writer, and queries."""

from .schema import LATEST, migrate
from .writer import Writer, record_id

__all__ = ["LATEST", "Writer", "migrate", "record_id"]
