"""Merging reports of the same event across articles into incidents."""

from .incidents import Report, assign, candidate_filter, incident_id

__all__ = ["Report", "assign", "candidate_filter", "incident_id"]
