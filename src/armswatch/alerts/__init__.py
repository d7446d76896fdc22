"""Watch rules, alerts and the sinks that deliver them."""
