"""The HTTP side of armswatch: a FastAPI app with a JSON API and a dashboard over the store.

``create_app(db_path, token=None)`` builds the app; ``armswatch serve`` runs it (see
docs/api.md). FastAPI and Jinja2 are imported only when this package is.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
